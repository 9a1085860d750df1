"""The suite's one snapshot helper: it compares, shows a diff, and never writes in CI."""

from __future__ import annotations

import pytest
from snapshots import UPDATE_ENV, assert_snapshot


@pytest.fixture(autouse=True)
def _no_switches(monkeypatch):
    monkeypatch.delenv(UPDATE_ENV, raising=False)
    monkeypatch.delenv("CI", raising=False)


def test_equal_output_passes(tmp_path):
    (tmp_path / "a.txt").write_text("same\n", encoding="utf-8")
    assert_snapshot(tmp_path / "a.txt", "same\n")


def test_different_output_fails_with_a_diff_and_the_switch_to_use(tmp_path):
    (tmp_path / "a.txt").write_text("old line\n", encoding="utf-8")
    with pytest.raises(pytest.fail.Exception) as failure:
        assert_snapshot(tmp_path / "a.txt", "new line\n")
    assert "-old line" in str(failure.value) and "+new line" in str(failure.value)
    assert f"{UPDATE_ENV}=1" in str(failure.value)


def test_a_missing_snapshot_fails_and_is_not_written(tmp_path):
    with pytest.raises(pytest.fail.Exception, match="no snapshot"):
        assert_snapshot(tmp_path / "new.txt", "x\n")
    assert not (tmp_path / "new.txt").exists()


def test_the_update_switch_writes_the_snapshot_exactly(tmp_path, monkeypatch):
    monkeypatch.setenv(UPDATE_ENV, "1")
    assert_snapshot(tmp_path / "sub" / "new.txt", "line\r\nlast")
    assert (tmp_path / "sub" / "new.txt").read_bytes() == b"line\r\nlast"


def test_the_update_switch_is_refused_when_ci_is_set(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("old\n", encoding="utf-8")
    monkeypatch.setenv(UPDATE_ENV, "1")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="refused when CI is set"):
        assert_snapshot(tmp_path / "a.txt", "new\n")
    assert (tmp_path / "a.txt").read_text(encoding="utf-8") == "old\n"
