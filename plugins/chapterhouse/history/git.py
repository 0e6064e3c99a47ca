"""Content history from Git: when each file was created and last changed.

Read in one pass over the log (``git log --raw``), whatever the number of
files, from the repository that holds the content folder (which may be its
own repository, the project's, or none: then file times are used). Only the
first-parent line is followed, so each step is a state of the branch that was
published; renames are followed.

Outside Git, and for files with uncommitted changes, the file's modification
time is used, clamped to ``SOURCE_DATE_EPOCH`` when that is set (reproducible
builds).
"""

from __future__ import annotations

import logging
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

logger = logging.getLogger("chapterhouse")

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Revision:
    """One committed version of a file."""

    committed: datetime
    blob: str


@dataclass(frozen=True)
class FileHistory:
    """The history of one content file.

    Attributes:
        created: When it first appeared (first commit, else its file time).
        modified: When it last changed (last commit, else its file time).
        revisions: Committed versions, oldest first (empty outside Git).
        uncommitted: The working tree differs from the last revision.
    """

    created: datetime
    modified: datetime
    revisions: tuple[Revision, ...] = ()
    uncommitted: bool = False


@dataclass(frozen=True)
class ContentHistory:
    """Histories of the files of one content folder, by content-relative path."""

    files: Mapping[str, FileHistory] = field(default_factory=dict)
    repository: Path | None = None
    shallow: bool = False

    def of(self, relpath: str) -> FileHistory | None:
        """History of one file (None when unknown)."""
        return self.files.get(relpath)

    def read_blobs(self, blobs: Iterable[str]) -> dict[str, bytes]:
        """Contents of committed versions, read with one ``git cat-file`` process."""
        wanted = sorted(set(blobs))
        if not wanted or self.repository is None:
            return {}
        result = subprocess.run(
            ["git", "-C", str(self.repository), "cat-file", "--batch"],
            input=("\n".join(wanted) + "\n").encode(),
            capture_output=True,
            check=True,
        )
        return _parse_batch(result.stdout)


def read_history(
    content_root: Path, relpaths: Iterable[str], source_date_epoch: str | None
) -> ContentHistory:
    """Histories of ``relpaths`` (content-relative) under ``content_root``."""
    clamp = _clamp_for(source_date_epoch)
    relpaths = list(relpaths)
    repository = _repository(content_root)
    committed: dict[str, list[Revision]] = {}
    changed: set[str] = set()
    shallow = False
    if repository is not None:
        prefix = content_root.resolve().relative_to(repository).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        shallow = _git(repository, "rev-parse", "--is-shallow-repository").strip() == "true"
        if shallow:
            logger.warning(
                "[chapterhouse] the Git history is shallow: SEQUENCE and LAST-MODIFIED in "
                "calendars may go backwards; check out the full history (fetch-depth: 0)"
            )
        committed = _log(repository, prefix)
        changed = _uncommitted(repository, prefix)
    files = {}
    for relpath in relpaths:
        revisions = tuple(committed.get(relpath, ()))
        file_time = clamp(_mtime(content_root / relpath))
        dirty = relpath in changed or not revisions
        if revisions:
            created = revisions[0].committed
            modified = max(file_time, revisions[-1].committed) if dirty else revisions[-1].committed
        else:
            created = modified = file_time
        files[relpath] = FileHistory(created, modified, revisions, dirty and bool(revisions))
    return ContentHistory(files, repository, shallow)


def _repository(content_root: Path) -> Path | None:
    try:
        top = _git(content_root, "rev-parse", "--show-toplevel").strip()
        _git(content_root, "rev-parse", "--verify", "--quiet", "HEAD")
    except (OSError, subprocess.CalledProcessError):
        return None
    return Path(top).resolve() if top else None


def _git(cwd: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(cwd), *args], capture_output=True, check=True, text=True
    ).stdout


def _log(repository: Path, prefix: str) -> dict[str, list[Revision]]:
    """Walk the first-parent history once, oldest first, following renames."""
    raw = subprocess.run(
        [
            "git", "-C", str(repository), "-c", "core.quotePath=false", "log", "--reverse",
            "--first-parent", "--diff-merges=first-parent", "-M", "--raw", "--no-abbrev", "-z",
            "--format=%x01%H %ct", "--", prefix or ".",
        ],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "surrogateescape")  # fmt: skip
    by_path: dict[str, list[Revision]] = {}
    for chunk in raw.split("\x01")[1:]:
        header, _, body = chunk.partition("\0")
        committed = datetime.fromtimestamp(int(header.split()[1]), UTC)
        tokens = body.split("\0")
        index = 0
        while index < len(tokens):
            meta = tokens[index].strip()
            if not meta.startswith(":"):
                index += 1
                continue
            parts = meta.split()
            blob, status = parts[3], parts[4]
            if status[:1] in "RC":
                old, new = tokens[index + 1], tokens[index + 2]
                index += 3
                history = by_path.pop(old, []) if status[0] == "R" else list(by_path.get(old, []))
                by_path[new] = [*history, Revision(committed, blob)]
                continue
            path = tokens[index + 1]
            index += 2
            if status == "D":
                by_path.pop(path, None)
            else:
                by_path.setdefault(path, []).append(Revision(committed, blob))
    return {
        PurePosixPath(path).as_posix()[len(prefix) :]: revisions
        for path, revisions in by_path.items()
        if path.startswith(prefix)
    }


def _uncommitted(repository: Path, prefix: str) -> set[str]:
    raw = subprocess.run(
        ["git", "-C", str(repository), "-c", "core.quotePath=false", "status", "--porcelain", "-z",
         "--untracked-files=all", "--", prefix or "."],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "surrogateescape")  # fmt: skip
    changed = set()
    tokens = raw.split("\0")
    index = 0
    while index < len(tokens):
        entry = tokens[index]
        index += 1
        if len(entry) < 4:
            continue
        status, path = entry[:2], entry[3:]
        if "R" in status or "C" in status:
            index += 1  # the next token is the original path
        changed.add(path)
    return {path[len(prefix) :] for path in changed if path.startswith(prefix)}


def _parse_batch(output: bytes) -> dict[str, bytes]:
    blobs = {}
    position = 0
    while position < len(output):
        end = output.index(b"\n", position)
        header = output[position:end].decode().split()
        position = end + 1
        if len(header) < 3 or header[1] == "missing":
            continue
        size = int(header[2])
        blobs[header[0]] = output[position : position + size]
        position += size + 1
    return blobs


def _mtime(path: Path) -> datetime:
    try:
        return datetime.fromtimestamp(int(path.stat().st_mtime), UTC)
    except OSError:
        return _EPOCH


def _clamp_for(source_date_epoch: str | None):
    if not source_date_epoch:
        return lambda moment: moment
    try:
        limit = datetime.fromtimestamp(int(source_date_epoch), UTC)
    except ValueError:
        raise ValueError(
            f"SOURCE_DATE_EPOCH={source_date_epoch!r} is not a whole number of seconds"
        ) from None
    return lambda moment: min(moment, limit)
