"""Compare two policies: which incidents get a different decision now.

OLD and NEW are policy folders; either may be REV:PATH, a folder read from git
at a revision (PATH from the top of the repository), so CI runs
`comms diff origin/main:rules rules`. The comparison is proved over every
incident the questions allow, without trying them one by one.

First the interface changes: questions and choices added, removed or renamed,
and questions now asked in other cases (answers files written for OLD may no
longer read), then decision fields and
values added or removed (readers of the JSON record see them). When the
questions differ, incidents are matched through the new questions' `replaces`;
incidents only one policy can express are listed as not compared. Then every
decision that changes, per field and message slot (`messages.email: timing
hold → now`), split into parts described in words, each with its number of
incidents and one example: the answers each policy is given (replay them with
`comms assess --answers`) and what each decides.

What is counted: an incident is one answer to every question asked. Each value
of a yes-no or one-choice question counts; a several-choices answer counts by
the choices some condition of either policy tests (picking one nothing tests
changes no decision), and answers that differ only by swapping choices every
condition treats alike count once.

Formats (--format): text (default), markdown (a pull-request comment), json
(version 1; keys only added): version, old, new, interface [{kind, subject,
text, breaks}], not_compared, changes [{slot, item, before, after, count,
unlisted, examples [{where, count, old_answers, new_answers, before, after}]}],
summary {compared, changed, changes, interface_changes, not_compared,
complete}, incomplete.

The proof has the budget of two lints (1,000,000 diagram nodes, 40 s); when it
runs out, the report says analysis-incomplete and the exit code is 1, never 0.

Exit codes (like git diff --exit-code): 0 no difference at all; 1 differences
(interface, decisions, incidents not compared) or an analysis that could not
finish; 2 bad input or usage (a folder that cannot be read, an unknown
revision, an invalid policy); 3 internal error (a bug in comms); 130
interrupted, 143 terminated.
"""

from __future__ import annotations

import typer

FORMAT_NAMES = ("text", "markdown", "json")


def diff(
    old: str = typer.Argument(..., help="The policy before: a folder, or REV:PATH read from git.", metavar="OLD"),
    new: str = typer.Argument(..., help="The policy after: a folder, or REV:PATH read from git.", metavar="NEW"),
    fmt: str = typer.Option("text", "--format", "-f", help="text, markdown or json."),
    parts: int = typer.Option(10, "--parts", min=1, max=10_000, help="At most this many parts listed per change."),
) -> int:
    from ..console import write_out
    from ..errors import CommsError, ExitCode
    from ..policydiff.compare import diff_policies
    from ..policydiff.formats import FORMATS, Names
    from ..policydiff.source import opened

    if fmt not in FORMAT_NAMES:
        raise CommsError(f"--format {fmt!r}: choose one of {', '.join(FORMAT_NAMES)}")
    with opened(old) as before, opened(new) as after:
        result = diff_policies(before.policy, after.policy, max_parts=parts)
        write_out(FORMATS[fmt](result, Names(before.shown, after.shown)))
    return int(ExitCode.FINDINGS if result.differs else ExitCode.OK)
