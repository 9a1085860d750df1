"""The ``fields:`` section: what the policy decides, a mapping of field names to definitions.

Read by ``policy/catalogue.py`` into ``FieldSpec`` objects (``Policy.fields``).
"""

from __future__ import annotations

from typing import Any

from ..format import FLAG, ID, TEXT, Key, Map, list_of, names_to, ref
from ..model import FIELD_TYPES
from ..readchecks import DUPLICATE_ID, REFERENCES, SCHEMA, UNKNOWN_KEY

NAME = "fields"
DOC = "what the policy decides (the `decision` of the JSON record)"
EXPECTED = "a mapping of field names to definitions"  # the loader's message when the section is not a mapping
SHAPE = "names"
CHECKS = (SCHEMA, UNKNOWN_KEY, REFERENCES, DUPLICATE_ID)

FIELD = Map("field", "A decision field.", (
    Key("type", {"enum": list(FIELD_TYPES)}, "bool, enum (one value), set (items) or records.", required=True),
    Key("description", TEXT, "Shown with the decision."),
    Key("required", FLAG, "Every assessment must decide it (lint proves it; a records field: every key)."),
    Key("headline", FLAG, "The field shown as the headline."),
    Key("values", list_of(ref("value"), minItems=1), "The values (enum), items (set) or keys (records)."),
    Key("key", TEXT, "Records: the name of the key attribute (e.g. channel)."),
    Key("attributes", names_to(ID, list_of(ref("value"), minItems=1), minProperties=1),
        "Records: each attribute and its values (an id, or {value, label}), in order."),
    Key("group_by", ID, "Records: the attribute by which the plan groups records, in its declared order."),
))
VALUE = Map("value", "A value with a label.", (
    Key("value", ID, "The value id.", required=True),
    Key("label", TEXT, "Shown to people."),
), id_key="value", shorthand=ID, shorthand_doc="A value id.")
MAPS = (FIELD, VALUE)


def json_schema() -> dict[str, Any]:
    return {**names_to(ID, ref("field")), "description": DOC}
