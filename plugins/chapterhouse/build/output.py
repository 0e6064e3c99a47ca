"""Writing non-HTML files into the output folder (phase two only)."""

from __future__ import annotations

import logging
from pathlib import Path

from pelican.utils import sanitised_join

logger = logging.getLogger("chapterhouse")


class OutputFolder:
    """Writes bytes below one folder; a path can never escape it."""

    def __init__(self, root: str | Path):
        self.root = str(root)

    def write(self, relpath: str, data: bytes) -> None:
        """Write ``data`` to ``relpath`` (created with its folders)."""
        target = Path(sanitised_join(self.root, relpath))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        logger.debug("Writing %s", target)
