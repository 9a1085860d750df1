"""Text from files cannot take over the terminal."""

from __future__ import annotations

from incident_comms.safetext import clean


def test_escapes_and_reordering_controls_are_shown_not_obeyed() -> None:
    assert clean("a\x1b[31mb\x9bc\u202ed\u2066e") == "a\\x1b[31mb\\x9bc\\u202ed\\u2066e"


def test_newlines_tabs_and_ordinary_unicode_pass() -> None:
    assert clean("line one\n\tcafé ✓") == "line one\n\tcafé ✓"
