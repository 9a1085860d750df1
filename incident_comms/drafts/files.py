"""Writing one file per draft into a folder, with nothing half-written.

A folder that does not exist yet is filled under a temporary name beside it and
renamed into place, so it appears with all its files at once (or not at all).
Into an existing folder each file is written atomically (``output.write_atomic``);
every name is checked first, so without ``--force`` an existing file stops the run
before anything is written.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path

from ..errors import CommsError, Location
from ..output import write_atomic


def write_draft_files(folder: Path, files: Mapping[str, str], force: bool) -> list[str]:
    """Write `files` (name -> text) into `folder`; the paths written, as shown to people."""
    if folder.exists():
        if not force:
            for name in files:
                if (folder / name).exists():
                    raise CommsError("already exists; use --force to overwrite it", Location(str(folder / name)))
        for name, text in files.items():
            write_atomic(folder / name, text, force)
    else:
        _new_folder(folder, files)
    return [str(folder / name) for name in files]


def _new_folder(folder: Path, files: Mapping[str, str]) -> None:
    parent = folder.parent if str(folder.parent) else Path(".")
    tmp = ""
    try:
        tmp = tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".tmp", dir=parent)
        for name, text in files.items():
            write_atomic(Path(tmp) / name, text, force=False)
        os.chmod(tmp, 0o777 & ~_umask())  # as a plain mkdir would, not mkdtemp's 0700
        os.rename(tmp, folder)  # fails if the folder appeared meanwhile (and is not empty)
        tmp = ""
    except OSError as exc:
        raise CommsError(f"cannot write ({exc.strerror or exc})", Location(str(folder))) from None
    finally:
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
