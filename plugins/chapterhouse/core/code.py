"""A digest of the code a kept result depends on, for the keys of the build cache's files."""

from __future__ import annotations

import hashlib
import sys
from functools import cache
from importlib import metadata
from pathlib import Path


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
