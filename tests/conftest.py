"""Shared helpers: write a small policy folder, load the default policy."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from incident_comms.policy.load import default_rules_dir, load_policy
from incident_comms.policy.model import Policy

REPO_ROOT = Path(__file__).resolve().parent.parent

RULES_DIR = REPO_ROOT / "rules"

WritePolicy = Callable[[dict[str, str]], Path]


def pytest_configure(config: pytest.Config) -> None:
    """Outputs do not depend on the developer's terminal settings (tests that need one set it)."""
    for name in ("COLUMNS", "NO_COLOR", "FORCE_COLOR"):
        os.environ.pop(name, None)


@pytest.fixture
def write_policy(tmp_path: Path) -> WritePolicy:
    """Write ``{"file.yaml": "yaml text"}`` into a fresh folder and return the folder.

    The text is dedented, so tests can write indented triple-quoted YAML.
    """

    def write(files: dict[str, str]) -> Path:
        root = tmp_path / "rules"
        root.mkdir(exist_ok=True)
        for name, text in files.items():
            (root / name).write_text(textwrap.dedent(text), encoding="utf-8")
        return root

    return write


@pytest.fixture(scope="session")
def default_policy() -> Policy:
    """The bundled default policy (``rules/`` of this checkout)."""
    return load_policy(RULES_DIR if RULES_DIR.is_dir() else default_rules_dir())
