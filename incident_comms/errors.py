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
    def pending(cls, path: str, owner: Any, key: Any, kind: Any) -> Location:
        """A location whose line and column are worked out when first read.

        Reading a policy makes one for nearly every value (each condition keeps its
        own) and shows almost none; a file read as JSON has no positions at all until
        one is asked for (``yamlsafe``). On first use, ``owner.position(key, kind)``
        gives the 1-based (line, column). (Three entries, not a tuple: one object less
        for the collector to scan, 185,000 times for a 20,000-rule policy.)
        """
        loc = cls.__new__(cls)
        fields = loc.__dict__
        fields["path"], fields["_at_owner"], fields["_at_key"], fields["_at_kind"] = path, owner, key, kind
        return loc

    if not TYPE_CHECKING:  # type checkers should still refuse a misspelt attribute

        def __getattr__(self, name: str) -> Any:  # only for a missing attribute: a pending line or column
            fields = self.__dict__
            owner = fields.pop("_at_owner", None) if name in ("line", "column") else None
            if owner is None:
                raise AttributeError(name)
            fields["line"], fields["column"] = owner.position(fields.pop("_at_key"), fields.pop("_at_kind"))
            return fields[name]

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
