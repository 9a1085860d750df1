"""Where a side of ``comms diff`` comes from: a policy folder, or ``REV:PATH`` read from git.

``REV:PATH`` (``origin/main:rules``) is read with ``git`` run directly (never through a
shell) in the working folder's repository: the revision is checked with
``git rev-parse --verify`` first, then the folder's ``*.yaml`` blobs are copied into a
private temporary folder and loaded like any other policy. Places in messages name
``REV:PATH/FILE``, never the temporary copy. A path that exists on disk is always the
folder, even if its name has a colon.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import CommsError, Location
from ..policy.model import Policy

MAX_FILE = 1 << 20  # as the loader: 1 MiB per rule file
MAX_FILES = 1000
_REV = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./@{}^~+-]*")  # no leading dash, no spaces or control characters


class Side:
    """One side of the comparison: the policy and how to name its files."""

    def __init__(self, spec: str, policy: Policy, shown: str, temp_root: str = "") -> None:
        self.spec = spec
        self.policy = policy
        self.shown = shown
        self._temp_root = temp_root

    def path(self, path: str) -> str:
        """A file path of this side as people should read it (``main:rules/fields.yaml``)."""
        if self._temp_root and path.startswith(self._temp_root):
            return self.shown + path[len(self._temp_root):]
        return path


def is_git_spec(spec: str) -> bool:
    """Whether `spec` names a folder in git (``REV:PATH``) rather than a folder on disk."""
    return ":" in spec and not Path(spec).exists()


@contextmanager
def opened(spec: str) -> Iterator[Side]:
    """Load one side; a git side lives in a temporary folder for the duration."""
    from ..policy.load import load_policy

    if not is_git_spec(spec):
        yield Side(spec, load_policy(Path(spec)), spec)
        return
    rev, _, folder = spec.partition(":")
    folder = folder.strip("/") or "."
    temp = tempfile.mkdtemp(prefix="comms-diff-")
    try:
        root = Path(temp) / "policy"
        root.mkdir()
        _export(rev, folder, root, spec)
        try:
            policy = load_policy(root)
        except CommsError as exc:
            raise _renamed(exc, str(root), f"{rev}:{folder}") from None
        yield Side(spec, policy, f"{rev}:{folder}", str(root))
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _renamed(exc: CommsError, temp_root: str, shown: str) -> CommsError:
    where = exc.location
    if where is not None and where.path.startswith(temp_root):
        where = Location(shown + where.path[len(temp_root):], where.line, where.column)
    return CommsError(exc.message.replace(temp_root, shown), where, exc.exit_code)


def _export(rev: str, folder: str, root: Path, spec: str) -> None:
    """Copy the folder's rule files at `rev` into `root`."""
    if not _REV.fullmatch(rev) or ".." in rev:
        raise CommsError(f"{spec}: not a git revision name (expected REV:PATH, such as origin/main:rules)")
    commit = _git(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], spec,
                  f"no such revision {rev!r} in this repository")
    commit_id = commit.decode("ascii", "replace").strip()
    listing = _git(["ls-tree", "-z", "--full-tree", commit_id, "--", f"{folder}/"], spec, "cannot list the folder")
    entries = [e for e in listing.split(b"\0") if e]
    if not entries:
        raise CommsError(f"{spec}: no such folder at {rev}")
    files = [_blob(entry) for entry in entries]
    wanted = [(name, oid) for name, oid in files if oid and name.endswith((".yaml", ".yml"))]
    if not wanted:
        raise CommsError(f"{spec}: no rule files (*.yaml) in this folder at {rev}")
    if len(wanted) > MAX_FILES:
        raise CommsError(f"{spec}: more than {MAX_FILES} rule files")
    for name, oid in wanted:
        size = int(_git(["cat-file", "-s", oid], spec, "cannot read a file").strip() or 0)
        if size > MAX_FILE:
            raise CommsError(f"{spec}/{name}: larger than 1 MiB")
        (root / name).write_bytes(_git(["cat-file", "blob", oid], spec, "cannot read a file"))


def _blob(entry: bytes) -> tuple[str, str]:
    """(file name, object id) of a regular file entry of ``git ls-tree -z``; no id for anything else."""
    meta, _, path = entry.partition(b"\t")
    mode, kind, oid = meta.split(b" ")
    name = path.rsplit(b"/", 1)[-1].decode("utf-8", "surrogateescape")
    regular = kind == b"blob" and mode in (b"100644", b"100755")
    safe = "/" not in name and name not in (".", "..") and name.isprintable()
    return name, oid.decode("ascii") if regular and safe else ""


def _git(args: list[str], spec: str, what: str) -> bytes:
    try:
        done = subprocess.run(["git", *args], capture_output=True, timeout=60, check=False)
    except FileNotFoundError:
        raise CommsError(f"{spec}: reading REV:PATH needs git, which is not installed") from None
    except subprocess.TimeoutExpired:
        raise CommsError(f"{spec}: git took longer than 60 s") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = detail[-1] if detail and "not a git repository" in detail[-1] else what
        raise CommsError(f"{spec}: {reason}")
    return done.stdout
