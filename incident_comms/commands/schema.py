"""Print the JSON Schema of rule files, for editors.

The schema (JSON Schema draft-07, the newest yaml-language-server supports)
gives completion, hover help and errors as you type in VS Code, Neovim and
other editors. The repository keeps a copy in schema/comms-rules.schema.json;
point a rule file at it with a first-line comment:

    # yaml-language-server: $schema=../schema/comms-rules.schema.json

`comms lint` remains the authority: it also checks what a schema cannot
(references between files, gaps, conflicts, the policy's tests).

Exit codes: 0 printed or written; 2 --output cannot be written (it exists
without --force, or its folder is missing).
"""

from __future__ import annotations

import sys
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
        sys.stdout.write(text)
    else:
        write_atomic(output, text, force)
    return 0
