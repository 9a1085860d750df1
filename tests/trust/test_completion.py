"""Shell completion: `comms --install-completion` installs a script that completes commands and options."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .support import REPO

COMMS_SCRIPT = Path(sys.executable).parent / "comms"


@pytest.mark.skipif(not COMMS_SCRIPT.exists() or shutil.which("bash") is None, reason="needs bash and an installed comms")
def test_install_completion_for_bash_completes_commands_and_options(tmp_path: Path) -> None:
    env = {**os.environ, "HOME": str(tmp_path), "SHELL": "/bin/bash", "PATH": f"{COMMS_SCRIPT.parent}:{os.environ['PATH']}"}
    env.pop("COMMS_RULES", None)
    # From bash, as a user runs it: typer finds the shell among comms's parent processes.
    installed = subprocess.run(["bash", "-c", f"{shlex.quote(str(COMMS_SCRIPT))} --install-completion; exit $?"], capture_output=True,
                               text=True, env=env, cwd=REPO, check=False, timeout=60)
    assert installed.returncode == 0, (installed.stdout, installed.stderr)
    script = tmp_path / ".bash_completions" / "comms.sh"
    assert script.is_file() and str(script) in (tmp_path / ".bashrc").read_text(encoding="utf-8")

    def complete(*words: str) -> list[str]:
        line = " ".join(words)
        probe = (f"source {script}; COMP_WORDS=({line}); COMP_CWORD={len(words) - 1}; "
                 "_comms_completion comms; printf '%s\\n' \"${COMPREPLY[@]}\"")
        done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, env=env, cwd=REPO,
                              check=False, timeout=60)
        return done.stdout.split()

    assert complete("comms", "li") == ["lint"]
    assert "--format" in complete("comms", "lint", "--f")
