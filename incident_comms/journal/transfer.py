"""Moving an incident between journals: ``comms incident export`` and ``import``.

An export is one JSON object: ``{"comms_incident_export": 1, "incident": {...},
"entries": [...]}`` with every entry exactly as stored (assessments keep their whole
record). Importing checks the whole file before anything is written: a file that is
not an export, one from a newer comms, or one with a malformed entry is one line and
exit 2. The journal then refuses a conflict (see ``store.Journal.import_incident``).
"""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from ..errors import CommsError, Location
from ..store import Entry, Incident
from .entries import ID_PATTERN, MAX_TEXT, iso, parse_stored

FORMAT_KEY, FORMAT_VERSION = "comms_incident_export", 1
KINDS = ("assessment", "sent", "status_page_updated", "handover", "note", "closed", "reopened")
MAX_BYTES = 64 * 1024 * 1024  # a long incident with hundreds of full assessment records
_UID = re.compile(r"[0-9a-f]{32}")


def export_document(incident: Incident, entries: list[Entry]) -> str:
    from .render import entry_json, incident_json

    data = {FORMAT_KEY: FORMAT_VERSION, "incident": incident_json(incident),
            "entries": [entry_json(entry) for entry in entries]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def read_export(path: Path) -> tuple[Incident, list[Entry]]:
    """The incident and entries of an export file, every part checked."""
    where = Location(str(path))
    data = _load(path, where)
    if not isinstance(data, dict) or FORMAT_KEY not in data:
        raise CommsError(f"not an incident export (no {FORMAT_KEY!r}; make one with `comms incident export`)", where)
    version = data[FORMAT_KEY]
    if version != FORMAT_VERSION:
        newer = isinstance(version, int) and not isinstance(version, bool) and version > FORMAT_VERSION
        why = "from a newer comms: upgrade comms to import it" if newer else "an unknown export version"
        raise CommsError(f"{FORMAT_KEY} {version!r}: {why}", where)
    incident = _incident(data.get("incident"), where)
    raw_entries = data.get("entries")
    if not isinstance(raw_entries, list):
        raise CommsError('"entries" must be a list', where)
    entries = [_entry(raw, i, where) for i, raw in enumerate(raw_entries)]
    uids = [entry.uid for entry in entries]
    if len(set(uids)) != len(uids):
        raise CommsError('"entries": the same uid twice', where)
    return incident, entries


def _load(path: Path, where: Location) -> Any:
    try:
        info = os.stat(path)
        if not stat.S_ISREG(info.st_mode):
            raise CommsError("not a regular file", where)
        if info.st_size > MAX_BYTES:
            raise CommsError(f"too large for an export ({info.st_size} bytes; the limit is {MAX_BYTES})", where)
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise CommsError(f"cannot read ({exc.strerror or exc})", where) from None
    try:
        return json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise CommsError("not UTF-8 text: not an incident export", where) from None
    except json.JSONDecodeError as exc:
        raise CommsError(f"not an incident export (invalid JSON: {exc.msg})",
                         Location(str(path), exc.lineno, exc.colno)) from None
    except (RecursionError, ValueError):
        raise CommsError("not an incident export (JSON nested too deeply or numbers too long)", where) from None


def _text(raw: dict[str, Any], key: str, where: Location, what: str, optional: bool = False) -> Any:
    value = raw.get(key)
    if optional and value is None:
        return None
    if not isinstance(value, str) or not value or len(value) > MAX_TEXT:
        raise CommsError(f"{what}: {key!r} must be a text of 1 to {MAX_TEXT} characters", where)
    return value


def _time(raw: dict[str, Any], key: str, where: Location, what: str, optional: bool = False) -> Any:
    value = _text(raw, key, where, what, optional)
    if value is None:
        return None
    try:
        return iso(parse_stored(value))  # stored times are compared as text: one form
    except ValueError:
        raise CommsError(f"{what}: {key!r} is not an ISO 8601 time", where) from None


def _incident(raw: Any, where: Location) -> Incident:
    if not isinstance(raw, dict):
        raise CommsError('"incident" must be an object', where)
    what = "incident"
    incident_id = _text(raw, "id", where, what)
    if not ID_PATTERN.fullmatch(incident_id):
        raise CommsError(f"incident: {incident_id[:40]!r} is not an incident id", where)
    uid = _text(raw, "uid", where, what)
    if not _UID.fullmatch(uid):
        raise CommsError("incident: 'uid' must be 32 hex digits", where)
    return Incident(incident_id, uid, _text(raw, "title", where, what), _time(raw, "created_at", where, what),
                    _text(raw, "created_by", where, what), _time(raw, "closed_at", where, what, optional=True))


def _entry(raw: Any, index: int, where: Location) -> Entry:
    what = f"entries[{index}]"
    if not isinstance(raw, dict):
        raise CommsError(f"{what} must be an object", where)
    uid = _text(raw, "uid", where, what)
    if not _UID.fullmatch(uid):
        raise CommsError(f"{what}: 'uid' must be 32 hex digits", where)
    kind = raw.get("kind")
    if kind not in KINDS:
        raise CommsError(f"{what}: kind {str(kind)[:40]!r} is not one this comms knows ({', '.join(KINDS)})", where)
    body = raw.get("body")
    if not isinstance(body, dict):
        raise CommsError(f"{what}: 'body' must be an object", where)
    if kind == "assessment" and not isinstance(body.get("record"), dict):
        raise CommsError(f"{what}: an assessment without its record", where)
    return Entry(uid, kind, _time(raw, "at", where, what), _time(raw, "recorded_at", where, what),
                 _text(raw, "who", where, what), body)
