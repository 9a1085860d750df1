"""Print the JSON Schema of rule files, for editors.

The schema (JSON Schema draft-07, the newest yaml-language-server supports)
gives completion, hover help and errors as you type in VS Code, Neovim and
other editors. The repository keeps a copy in schema/comms-rules.schema.json;
point a rule file at it with a first-line comment:

    # yaml-language-server: $schema=../schema/comms-rules.schema.json

`comms lint` remains the authority: it also checks what a schema cannot
(references between files, gaps, conflicts, the policy's tests).

Exit codes: 0 printed or written; 2 --output cannot be written (it exists
without --force, its folder is missing, or it is not a regular file); 3 internal
error (a bug in comms).
"""

from __future__ import annotations

from pathlib import Path

import typer


def schema(
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the schema to this file (atomically)."),
    force: bool = typer.Option(False, "--force", help="Let --output overwrite an existing file."),
) -> int:
    from ..jsonschema import schema_text
    from ..output import write_atomic

    text = schema_text()
    if output is None:
        from ..console import write_out

        write_out(text)
    else:
        write_atomic(output, text, force)
    return 0
