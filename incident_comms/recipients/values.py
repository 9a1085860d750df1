"""Judging single values: an email address, an org name, a cell a spreadsheet would run.

Each function returns what is wrong in words that hold no personal data (the
caller says where), or nothing.
"""

from __future__ import annotations

import re

# Most addresses: checked by one match; anything else gets the slower look that says what is wrong.
_PLAIN_EMAIL = re.compile(r"[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
_DOMAIN_LABEL = re.compile(r"[^\W_](?:[\w-]*[^\W_])?")
# Breaks a subject line: a line break, a tab or another control character; shown as a space.
_BREAKING = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Invisible, or reorders what is shown: text-direction controls, zero-width characters; removed.
_INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")
_SPACES = re.compile(r"\s{2,}")
# A spreadsheet runs a cell that starts with one of these (OWASP: CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def email_fault(value: str) -> str | None:
    """What makes `value` (already stripped) not an email address, or None when it is one."""
    if _PLAIN_EMAIL.fullmatch(value):
        return None if len(value) <= 254 else "longer than 254 characters"
    if not value:
        return "empty"
    if any(ch.isspace() for ch in value):
        return "contains a space or a line break"
    if _BREAKING.search(value) or _INVISIBLE.search(value):
        return "contains a control or invisible character"
    if value.count("@") != 1:
        return "has no @" if "@" not in value else "has more than one @"
    local, domain = value.split("@")
    if not local:
        return "has nothing before the @"
    labels = domain.split(".")
    if len(labels) < 2 or not all(_DOMAIN_LABEL.fullmatch(label) for label in labels):
        return "has no domain like example.com after the @"
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return "has a misplaced dot before the @"
    return None if len(value) <= 254 else "longer than 254 characters"


def clean_org_name(raw: str) -> tuple[str, list[str]]:
    """The org name as it can go into a subject line, and what had to change (nothing: [])."""
    faults: list[str] = []
    name = raw
    if _BREAKING.search(name):
        faults.append("a line break, tab or control character (shown as a space)")
        name = _BREAKING.sub(" ", name)
    if _INVISIBLE.search(name):
        faults.append("an invisible or text-direction character (removed)")
        name = _INVISIBLE.sub("", name)
    name = _SPACES.sub(" ", name.strip())
    if not name:
        faults = ["empty"]
    return name, faults


def starts_a_formula(value: str) -> bool:
    """Whether a spreadsheet would run `value` as a formula when the CSV is opened in one."""
    return value.startswith(FORMULA_STARTS)
