"""The last good copy of each remote source, kept in the build cache.

One file per source URL, ``<folder>/<sha256 of the URL>.json``, holding the
body and what a conditional request needs (``etag``, ``last_modified``) and
when the copy was last known good (``fetched_at``, UTC). A copy is written
only after its body was checked, and atomically (a temporary file in the same
folder, then :func:`os.replace`): a build that is interrupted leaves the
previous copy whole. A file that cannot be read back counts as no copy.
"""

from __future__ import annotations

import base64
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from hashlib import sha256
from pathlib import Path

#: The folder of the network's copies inside the build cache.
FOLDER = "network"


@dataclass(frozen=True)
class Copy:
    """One source's last good copy.

    Attributes:
        url: The URL the copy was fetched from.
        body: The body as received.
        etag: Its ``ETag`` (for ``If-None-Match``), or empty.
        last_modified: Its ``Last-Modified`` (for ``If-Modified-Since``), or empty.
        fetched_at: When the source last answered with this body (200 or 304), in UTC.
        final_url: The URL that answered, after redirects.
    """

    url: str
    body: bytes
    etag: str
    last_modified: str
    fetched_at: datetime
    final_url: str = ""


class Store:
    """The copies in one folder (no state besides the folder's path).

    Args:
        folder: Where the copies are kept, typically ``<build cache>/network``
            (see :meth:`in_cache`); created when the first copy is written.
    """

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    @classmethod
    def in_cache(cls, cache: Path) -> Store:
        """The store inside the build cache folder ``cache``."""
        return cls(Path(cache) / FOLDER)

    def path_for(self, url: str) -> Path:
        """The file holding the copy of ``url``."""
        return self.folder / (sha256(url.encode("utf-8")).hexdigest() + ".json")

    def get(self, url: str) -> Copy | None:
        """The copy of ``url``, or ``None`` when there is none (or it cannot be read)."""
        try:
            data = json.loads(self.path_for(url).read_bytes())
            if data.get("url") != url:
                return None
            body = (
                base64.b64decode(data["body_base64"])
                if "body_base64" in data
                else data["body"].encode("utf-8")
            )
            fetched_at = datetime.fromisoformat(data["fetched_at"])
            if fetched_at.tzinfo is None:
                return None
            return Copy(
                url=url,
                body=body,
                etag=str(data.get("etag", "")),
                last_modified=str(data.get("last_modified", "")),
                fetched_at=fetched_at.astimezone(UTC),
                final_url=str(data.get("final_url", "") or url),
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def put(self, copy: Copy) -> None:
        """Write ``copy`` atomically, replacing the previous copy of its URL."""
        data: dict[str, str] = {
            "url": copy.url,
            "final_url": copy.final_url or copy.url,
            "etag": copy.etag,
            "last_modified": copy.last_modified,
            "fetched_at": copy.fetched_at.astimezone(UTC).isoformat(),
        }
        try:
            data["body"] = copy.body.decode("utf-8")
        except UnicodeDecodeError:
            data["body_base64"] = base64.b64encode(copy.body).decode("ascii")
        raw = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.path_for(copy.url)
        handle, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(raw)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise

    def remove(self, url: str) -> None:
        """Forget the copy of ``url`` (a document the member no longer publishes)."""
        self.path_for(url).unlink(missing_ok=True)

    def keep_only(self, urls: set[str]) -> None:
        """Remove the copies of every URL not in ``urls`` (members no longer listed)."""
        kept = {self.path_for(url).name for url in urls}
        try:
            paths = list(self.folder.glob("*.json"))
        except OSError:
            return
        for path in paths:
            if path.name not in kept:
                path.unlink(missing_ok=True)
