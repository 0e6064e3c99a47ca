"""Files the build keeps in its cache: their keys (the code's digest), reading and writing.

A kept file is the project's own pickle: one that cannot be read back (damaged,
of another version, of another type) counts as none, and one that cannot be
written is not kept (the next build works it out again).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


@cache
def code_digest(*libraries: str) -> str:
    """A digest of Python's version, every module of the package, and ``libraries``' versions.

    Args:
        libraries: Distribution names (``"pyyaml"``) whose behaviour the result depends on;
            one not installed counts by its name alone.

    Returns:
        A SHA-256 hex digest: any change to the code gives another.
    """
    hasher = hashlib.sha256(sys.version.encode())
    package = Path(__file__).resolve().parents[1]
    for path in sorted(package.rglob("*.py")):
        hasher.update(f"\0{path.relative_to(package).as_posix()}\0".encode())
        hasher.update(path.read_bytes())
    for name in libraries:
        try:
            hasher.update(f"\0{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            hasher.update(f"\0{name}".encode())
    return hasher.hexdigest()


def read_kept(path: Path, kind: type[T]) -> T | None:
    """The value of ``kind`` kept in ``path``, or None (missing, damaged, or of another type)."""
    try:
        with path.open("rb") as stream:
            value = pickle.load(stream)  # noqa: S301 - the project's own cache files
    except Exception:  # a damaged or foreign file counts as none
        return None
    return value if isinstance(value, kind) else None


def write_kept(path: Path, value: Any) -> bool:
    """Keep ``value`` in ``path``, atomically (a temporary file, then a rename); whether it was."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".", suffix=".tmp")
    except OSError:
        return False
    try:
        with os.fdopen(handle, "wb") as stream:
            pickle.dump(value, stream, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except Exception:  # a value that cannot be pickled, a full disk: not kept
        Path(temporary).unlink(missing_ok=True)
        return False
    return True
