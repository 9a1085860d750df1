"""A cache for results that depend only on policy folders and on comms itself.

`comms lint` and the bare `comms checklist` read every rule file and check the
whole policy on each run, and pre-commit or an editor runs them again and again on
unchanged files. Their results are kept under ``$COMMS_CACHE_DIR`` (default:
``$XDG_CACHE_HOME/comms``, else ``~/.cache/comms``), each stored with what it came
from: the exact text of every rule file, the comms version, a stamp of comms' own
source files, the working folder and the paths as given. A result is reused only
when all of these are identical, so any edit recomputes. ``COMMS_NO_CACHE=1`` turns
the cache off.

A cache that cannot be read or written is ignored: it never changes an output or an
exit code, it only makes a run slower. Measured on the default policy (cold, then
cached): ``comms lint rules/`` 1.5x, then 1.1x the time of ``python -c "import typer,
yaml"``; see ``bench/startup.py``.
"""

from __future__ import annotations

import contextlib
import json
import os
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TypeVar

from . import __version__

T = TypeVar("T")
MAX_POLICY_BYTES = 4 * 1024 * 1024  # larger policies are not cached
_PACKAGE = Path(__file__).resolve().parent


def remembered(
    kind: str,
    roots: Sequence[Path],
    compute: Callable[[], T],
    encode: Callable[[T], Any],
    decode: Callable[[Any], T],
    keep: Callable[[T], bool] = lambda _: True,
) -> T:
    """`compute()`, or its earlier result for exactly the same policy files and comms.

    `encode` turns a result into JSON data and `decode` turns it back; a result is
    stored only when `keep(result)` is true.
    """
    folder = cache_folder()
    key = _key(kind, roots) if folder is not None else None
    if folder is None or key is None:
        return compute()
    path = folder / f"{kind}-{zlib.crc32(json.dumps(key['paths']).encode()):08x}.json"
    stored = _read(path)
    if stored is not None and stored.get("key") == key:
        try:
            return decode(stored["value"])
        except (KeyError, TypeError, ValueError, IndexError, AttributeError):
            pass  # written by a comms that encoded differently: recompute
    result = compute()
    if keep(result):
        _write(path, {"key": key, "value": encode(result)})
    return result


def cache_folder() -> Path | None:
    """Where results are kept, or None when the cache is turned off."""
    if os.environ.get("COMMS_NO_CACHE"):
        return None
    explicit = os.environ.get("COMMS_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "comms"


def _key(kind: str, roots: Sequence[Path]) -> dict[str, Any] | None:
    """Everything a result depends on; None when a folder cannot be read as small text."""
    texts = [_policy_text(root) for root in roots]
    if any(text is None for text in texts):
        return None  # let the real run report what is wrong
    return {
        "kind": kind,
        "comms": __version__,
        "code": _code_stamp(),
        "paths": [os.getcwd(), *(str(root) for root in roots)],
        "files": texts,
    }


def _policy_text(root: Path) -> dict[str, str] | None:
    """The text of each rule file of a folder, by name."""
    try:
        entries = [e for e in os.scandir(root) if e.name.endswith((".yaml", ".yml")) and e.is_file()]
        if not entries or sum(e.stat().st_size for e in entries) > MAX_POLICY_BYTES:
            return None
        data = {e.name: (root / e.name).read_bytes() for e in sorted(entries, key=lambda e: e.name)}
    except OSError:
        return None
    try:
        return {name: raw.decode("utf-8") for name, raw in data.items()}
    except UnicodeDecodeError:
        return None


def _code_stamp() -> list[int]:
    """How many source files comms has and when the newest changed (an edit to comms recomputes)."""
    stamps = [os.stat(os.path.join(folder, name)).st_mtime_ns
              for folder, _, names in os.walk(_PACKAGE) for name in names if name.endswith(".py")]
    return [len(stamps), max(stamps, default=0)]


def _read(path: Path) -> dict[str, Any] | None:
    try:
        with open(path, encoding="utf-8") as handle:
            stored = json.load(handle)
    except (OSError, ValueError):
        return None
    return stored if isinstance(stored, dict) else None


def _write(path: Path, data: dict[str, Any]) -> None:
    """Write atomically; a cache that cannot be written is silently left alone."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
