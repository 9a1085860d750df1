"""The policy: reading rule folders into typed data (kept light to import)."""

from __future__ import annotations

import os
from pathlib import Path

RULES_ENV = "COMMS_RULES"  # the environment variable naming the policy folder
_PACKAGE_DIR = Path(__file__).resolve().parent.parent


def default_rules_dir() -> Path:
    """The bundled default policy: installed in the package, or beside it in a checkout."""
    installed = _PACKAGE_DIR / "default_rules"
    return installed if installed.is_dir() else _PACKAGE_DIR.parent / "rules"


def resolve_rules_dir(option: str | Path | None) -> Path:
    """`--rules` if given, else ``$COMMS_RULES``, else the bundled default policy.

    An empty ``--rules ''`` is an error (a script whose variable came out empty), not
    a quiet fall back to the bundled policy.
    """
    if option is not None:
        if str(option) == "":
            from ..errors import CommsError

            raise CommsError("--rules: the policy folder is an empty path; give a folder, or leave --rules out")
        return Path(option)
    from_env = os.environ.get(RULES_ENV)
    return Path(from_env) if from_env else default_rules_dir()
