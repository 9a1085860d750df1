"""Build and check the Customer.io list for the incident email to owners and admins.

Reads EXPORT.csv, a user export with one row per person and org (columns for the
email, the role, the org id and the org name; their names come from the policy's
`recipients:` settings or the --*-column options). Keeps the owners and admins
(the policy's recipient_roles) of the impacted orgs: every org of the export, or
only those listed in --orgs FILE (a CSV with the org id column). Each person's orgs
are merged into one field, in alphabetical order: "A", "A and B", "A, B and C".

Writes the Customer.io CSV (columns `email` and the attribute, default from the
policy so that the email draft's Liquid uses the same name) to --output FILE,
atomically (--force to overwrite). --check validates without writing. The CSV is
never printed: it holds personal data, and the summary holds none.

Every finding names the file, row (the header is row 1) and column: invalid or
missing emails, the same person spelt differently, unknown roles, an org in
--orgs with no owner or admin, an org name that is empty or would break a subject
line, values a spreadsheet would run as formulas, a BOM or `;` delimiters.

Exit codes: 0 written or checked (findings are listed but do not fail); 1 with
--strict and findings (nothing is written), or no one to email; 2 unreadable
input or bad usage; 3 internal error; 130 interrupted; 143 terminated.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..errors import CommsError, ExitCode
from .options import rules_option

if TYPE_CHECKING:
    from ..recipients.model import Settings
    from ..recipients.render import Report


def recipients(
    export: Path = typer.Argument(..., metavar="EXPORT.csv", help="The user export: one row per person and org."),
    orgs: Path | None = typer.Option(None, "--orgs", help="A CSV of the impacted org ids (default: every org)."),
    output: Path | None = typer.Option(None, "--output", "-o", help="Write the Customer.io CSV here (atomically)."),
    force: bool = typer.Option(False, "--force", help="Let --output overwrite an existing file."),
    check: bool = typer.Option(False, "--check", help="Validate only; write nothing."),
    strict: bool = typer.Option(False, "--strict", help="Findings fail (exit 1) and nothing is written."),
    fmt: str = typer.Option("text", "--format", "-f", help="The summary: text or json."),
    attribute: str | None = typer.Option(
        None, "--attribute", help="The Customer.io attribute for the org names (default: the policy's)."
    ),
    email_column: str | None = typer.Option(None, "--email-column", help="The export's email column."),
    role_column: str | None = typer.Option(None, "--role-column", help="The export's role column."),
    org_id_column: str | None = typer.Option(None, "--org-id-column", help="The org id column (export and --orgs)."),
    org_name_column: str | None = typer.Option(None, "--org-name-column", help="The export's org name column."),
    rules: str | None = rules_option(),
) -> int:
    from ..console import write_out
    from ..recipients.render import FORMATS

    if fmt not in FORMATS:
        raise CommsError(f"--format {fmt!r}: choose one of {', '.join(FORMATS)}")
    _check_usage(check, output, force)
    _not_an_input(output, [export, orgs])
    settings = _settings(rules)
    name = _attribute(attribute, settings.attribute)
    given = {"email": email_column, "role": role_column, "org_id": org_id_column, "org_name": org_name_column}
    columns = {**settings.columns, **{k: v for k, v in given.items() if v is not None}}
    report = _run(export, orgs, settings.replace(attribute=name), columns, output, check, strict, force)
    write_out(FORMATS[fmt](report))
    return _exit_code(report, strict)


def _check_usage(check: bool, output: Path | None, force: bool) -> None:
    if check and output is not None:
        raise CommsError("--check writes nothing: leave out --output, or --check")
    if not check and output is None:
        raise CommsError("give --output FILE for the Customer.io CSV, or --check to validate only "
                         "(the CSV holds personal data, so it is never printed)")
    if output is not None:
        from ..output import check_writable

        check_writable(output, force)


def _not_an_input(output: Path | None, inputs: list[Path | None]) -> None:
    """--output never replaces the export or the orgs file it is built from."""
    for given in inputs:
        if output is not None and given is not None and output.exists() and given.exists():
            try:
                same = output.samefile(given)
            except OSError:
                continue
            if same:
                raise CommsError(f"--output {output} is the input file {given}; write the list to another file")


def _settings(rules: str | None) -> Settings:
    from ..policy.load import load_policy, resolve_rules_dir
    from ..recipients.settings import load_settings

    return load_settings(load_policy(resolve_rules_dir(rules), ("recipients",)))


def _attribute(given: str | None, default: str) -> str:
    from ..recipients.settings import attribute_fault

    if given is None:
        return default
    fault = attribute_fault(given)
    if fault:
        raise CommsError(f"--attribute: {fault}")
    return given


def _run(export: Path, orgs: Path | None, settings: Settings, columns: dict[str, str], output: Path | None,
         check: bool, strict: bool, force: bool) -> Report:
    from ..recipients import render
    from ..recipients.build import build
    from ..recipients.orgs import impacted_orgs
    from ..recipients.table import read_table

    table = read_table(export)
    impacted = impacted_orgs(read_table(orgs), columns["org_id"]) if orgs is not None else None
    result = build(table, settings, columns, impacted)
    if not result.people:
        outcome = render.EMPTY
    elif check:
        outcome = render.CHECKED
    elif strict and result.findings:
        outcome = render.STRICT
    else:
        from ..output import write_atomic

        assert output is not None
        write_atomic(output, render.customerio_csv(result.people, settings.attribute), force)
        outcome = render.WRITTEN
    return render.Report(
        export=str(export), orgs=None if orgs is None else str(orgs), output=None if output is None else str(output),
        attribute=settings.attribute, liquid=settings.liquid(), result=result, outcome=outcome,
    )


def _exit_code(report: Report, strict: bool) -> int:
    from ..recipients import render

    if report.outcome == render.EMPTY or (strict and report.result.findings):
        return int(ExitCode.FINDINGS)
    return int(ExitCode.OK)
