"""The journal's settings in the checklist's settings entry: when updates are due.

``update_cadence`` names the decision field that says how often updates go out, the
longest gap (minutes) for each of its values, and the channel whose
``comms incident log ID --sent CHANNEL`` restarts the clock; a value without minutes
(``none``) means no updates are due. ``messages`` names the records field holding the
messages, the attribute that says when each goes out, its value meaning "now", and
(optionally) the key that ``--status-page-updated`` counts as sent.
Both are optional: without them the journal shows no update clock and no waiting
messages. No id is built in: the policy names them.
"""

from __future__ import annotations

from typing import Any

from ..errors import Location
from ..frozen import Frozen
from ..policy.model import ENUM, RECORDS, Policy
from ..policy.schema import SchemaReader
from ..policy.sections.checklist import CADENCE, MESSAGES
from ..yamlsafe import loc_of

MAX_MINUTES = 7 * 24 * 60


class UpdateCadence(Frozen):
    field: str
    channel: str
    minutes: dict[str, float]


class MessageTiming(Frozen):
    field: str
    timing: str
    now: str
    status_page: str = ""  # the key that `comms incident log --status-page-updated` counts as sent


def read_cadence(raw: Any, path: str, loc: Location, policy: Policy, reader: SchemaReader,
                 check: str) -> UpdateCadence | None:
    """The ``update_cadence`` setting, checked against the policy's fields."""
    if "update_cadence" not in raw:
        return None
    value, loc, path = raw["update_cadence"], loc_of(raw, "update_cadence", loc), f"{path}.update_cadence"
    if not reader.entry(value, path, loc, CADENCE):
        return None
    name, channel = reader.text(value, "field", path, loc), reader.text(value, "channel", path, loc)
    spec = policy.fields.get(name)
    if spec is None or spec.type != ENUM:
        reader.report(check, f"{path}.field: {name!r} is not an enum field of the policy", loc_of(value, "field", loc))
        return None
    minutes = value["minutes"]
    where = loc_of(value, "minutes", loc)
    if not isinstance(minutes, dict):
        reader.report(check, f"{path}.minutes: expected a mapping of {name} values to minutes", where)
        return None
    result: dict[str, float] = {}
    for key, gap in minutes.items():
        if key not in spec.values:
            reader.report(check, f"{path}.minutes: {key!r} is not a value of {name}", loc_of(minutes, key, where))
        elif isinstance(gap, bool) or not isinstance(gap, (int, float)) or not 0 < gap <= MAX_MINUTES:
            reader.report(check, f"{path}.minutes.{key}: expected minutes (1 to {MAX_MINUTES})",
                          loc_of(minutes, key, where))
        else:
            result[key] = float(gap)
    return UpdateCadence(name, channel, result)


def read_message_timing(raw: Any, path: str, loc: Location, policy: Policy, reader: SchemaReader,
                        check: str) -> MessageTiming | None:
    """The ``messages`` setting: a records field, one of its attributes, and the value for "now"."""
    if "messages" not in raw:
        return None
    value, loc, path = raw["messages"], loc_of(raw, "messages", loc), f"{path}.messages"
    if not reader.entry(value, path, loc, MESSAGES):
        return None
    name, timing, now, page = (reader.text(value, key, path, loc) for key in MESSAGES.names)
    spec = policy.fields.get(name)
    if spec is None or spec.type != RECORDS:
        reader.report(check, f"{path}.field: {name!r} is not a records field of the policy", loc_of(value, "field", loc))
        return None
    if timing not in spec.attributes:
        reader.report(check, f"{path}.timing: {timing!r} is not an attribute of {name}", loc_of(value, "timing", loc))
        return None
    if now not in spec.attributes[timing]:
        reader.report(check, f"{path}.now: {now!r} is not a value of {name}.{timing}", loc_of(value, "now", loc))
        return None
    if page and page not in spec.values:
        reader.report(check, f"{path}.status_page: {page!r} is not a key of {name}", loc_of(value, "status_page", loc))
        page = ""
    return MessageTiming(name, timing, now, page)
