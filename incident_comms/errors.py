"""The one error type of comms, and the exit codes scripts can trust.

Every failure caused by input (a rule file, an answers file, a flag) is raised as
:class:`CommsError`; the CLI edge prints it as one line and exits with its code.
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING, Any

from .frozen import Ordered


class ExitCode(IntEnum):
    """Exit codes of every `comms` command (documented in the README)."""

    OK = 0
    FINDINGS = 1  # `comms lint`: problems found
    BAD_INPUT = 2  # usage, unreadable or invalid input, missing answers
    INTERNAL = 3  # a bug in comms (an unexpected exception, or lint's internal-error finding)
    INTERRUPTED = 130  # Ctrl-C or end of input at a prompt
    TERMINATED = 143  # SIGTERM (128 + 15)


class Location(Ordered):
    """A place in a file: 1-based line and column (0 when unknown)."""

    path: str
    line: int = 0
    column: int = 0

    def __init__(self, path: str, line: int = 0, column: int = 0) -> None:
        self.__dict__.update(path=path, line=line, column=column)

    @classmethod
    def pending(cls, path: str, where: tuple[Any, Any, Any]) -> Location:
        """A location whose line and column are worked out when first read.

        Reading a policy makes one for nearly every value (each condition keeps its
        own) and shows almost none; a file read as JSON has no positions at all until
        one is asked for (``yamlsafe``). `where` is ``(owner, key, kind)``: on first
        use, ``owner.position(key, kind)`` gives the 1-based (line, column).
        """
        loc = cls.__new__(cls)
        fields = loc.__dict__
        fields["path"], fields["_where"] = path, where
        return loc

    if not TYPE_CHECKING:  # type checkers should still refuse a misspelt attribute

        def __getattr__(self, name: str) -> Any:  # only for a missing attribute: a pending line or column
            where = self.__dict__.pop("_where", None) if name in ("line", "column") else None
            if where is None:
                raise AttributeError(name)
            owner, key, kind = where
            line, column = owner.position(key, kind)
            self.__dict__.update(line=line, column=column)
            return self.__dict__[name]

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.column}"


# The defaults are Location's own (its __init__); as class attributes they would hide a
# pending location's missing line and column from __getattr__.
del Location.line, Location.column


class CommsError(Exception):
    """An error the user can fix: a message, where it is, and the exit code."""

    def __init__(
        self,
        message: str,
        location: Location | None = None,
        exit_code: ExitCode = ExitCode.BAD_INPUT,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.location = location
        self.exit_code = exit_code

    def __str__(self) -> str:
        if self.location is None:
            return self.message
        return f"{self.location}: {self.message}"
