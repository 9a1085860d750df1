"""Text from files cannot take over the terminal."""

from __future__ import annotations

from incident_comms.safetext import clean


def test_escapes_and_reordering_controls_are_shown_not_obeyed() -> None:
    assert clean("a\x1b[31mb\x9bc\u202ed\u2066e") == "a\\x1b[31mb\\x9bc\\u202ed\\u2066e"


def test_tabs_and_ordinary_unicode_pass_newlines_do_not() -> None:
    assert clean("line one\n\tcafé ✓\r") == "line one\\n\tcafé ✓\\r"


def test_a_byte_of_a_non_utf8_file_name_is_shown_as_that_byte() -> None:
    import os

    assert clean(os.fsdecode(b"a\xffb.yaml")) == "a\\xffb.yaml"


def test_json_text_escapes_what_json_leaves_raw_and_stays_the_same_data() -> None:
    import json

    from incident_comms.safetext import json_text

    data = {"a\u202e": "x\x85\u2028\x1b y", "path": "caf\u00e9"}
    text = json_text(data)
    assert text.isascii() is False and "\u202e" not in text and "\x85" not in text and "\x1b" not in text
    assert json.loads(text) == data


def test_an_excerpt_is_short_and_says_how_long_the_value_was() -> None:
    from incident_comms.safetext import excerpt

    assert excerpt("major") == "'major'"
    shown = excerpt("x" * 810_000 + "\x1b")
    assert len(shown) < 100 and "810001 characters" in shown
