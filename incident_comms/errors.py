"""The one error type of comms, and the exit codes scripts can trust.

Every failure caused by input (a rule file, an answers file, a flag) is raised as
:class:`CommsError`; the CLI edge prints it as one line and exits with its code.
"""

from __future__ import annotations

from enum import IntEnum

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

    def __init__(self, path: str, line: int = 0, column: int = 0) -> None:  # the YAML reader makes thousands
        self.__dict__.update(path=path, line=line, column=column)

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.column}"


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
