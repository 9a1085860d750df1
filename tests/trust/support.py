"""Running the real `comms` in a subprocess, as a script or a shell pipeline would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
COMMS = [sys.executable, "-m", "incident_comms"]
ANSWERS = REPO / "tests" / "checklist" / "cases" / "minor.yaml"


def comms(*args: str, env: dict[str, str] | None = None, cwd: Path = REPO, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """`comms ARGS` in a subprocess (stdin not a terminal), output captured as text."""
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    full_env.pop("COMMS_RULES", None)
    return subprocess.run(
        [*COMMS, *args], capture_output=True, text=True, env=full_env, cwd=cwd, stdin=subprocess.DEVNULL,
        check=False, timeout=60, **kwargs,  # type: ignore[call-overload]
    )


def shell(script: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """A bash script in which `comms` is this checkout's comms."""
    command = " ".join(COMMS)
    full_env = {**os.environ, "NO_COLOR": "1", **(env or {})}
    full_env.pop("COMMS_RULES", None)
    return subprocess.run(
        ["bash", "-c", f"comms() {{ {command} \"$@\"; }}\nset -o pipefail\n{script}"],
        capture_output=True, text=True, env=full_env, cwd=REPO, check=False, timeout=60,
    )


def one_error_line(stderr: str) -> str:
    """The one line of stderr, which must be a `comms: error:` line and no traceback."""
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("comms: error: ") and "Traceback" not in stderr
    return lines[0]
