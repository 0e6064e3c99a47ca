"""Content history from Git: when each file was created and last changed.

Read in one pass over the log (``git log --raw``), whatever the number of
files, from the repository that holds the content folder (which may be its
own repository, the project's, or none: then file times are used). Only the
first-parent line is followed, so each step is a state of the branch that was
published; renames are followed. Given the :class:`Walk` of an earlier build,
only the commits made since are read (see :mod:`chapterhouse.history.kept`).

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
from pathlib import Path

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
class Walk:
    """Each file's committed versions along the first-parent line, as of one commit.

    Attributes:
        head: The commit walked to.
        prefix: The content folder's path in the repository (``""`` or ending in ``/``).
        paths: Versions by repository-relative path, oldest first.
        commits: The commits this build read to make it (0 when an earlier walk was
            up to date; fewer than the history's when it was extended).
    """

    head: str
    prefix: str
    paths: Mapping[str, tuple[Revision, ...]]
    commits: int = field(default=0, compare=False)


@dataclass(frozen=True)
class ContentHistory:
    """Histories of the files of one content folder, by content-relative path.

    Attributes:
        files: Each file's history.
        repository: The repository's top folder (None outside Git).
        shallow: The repository's history is shallow (incomplete).
        walk: What was read from Git, to keep for the next build (None outside Git
            and in a shallow repository, whose history may still grow backwards).
    """

    files: Mapping[str, FileHistory] = field(default_factory=dict)
    repository: Path | None = None
    shallow: bool = False
    walk: Walk | None = None

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
    content_root: Path,
    relpaths: Iterable[str],
    source_date_epoch: str | None,
    kept: Walk | None = None,
) -> ContentHistory:
    """Histories of ``relpaths`` (content-relative) under ``content_root``.

    Args:
        content_root: The content folder.
        relpaths: The files wanted, relative to it.
        source_date_epoch: ``SOURCE_DATE_EPOCH``, which clamps file times.
        kept: The walk an earlier build kept (:attr:`ContentHistory.walk`): only
            the commits made since are read. A walk of another folder, or to a
            commit that is not on the first-parent line of ``HEAD`` (a rewritten
            history, another repository), is ignored.
    """
    clamp = _clamp_for(source_date_epoch)
    relpaths = list(relpaths)
    repository = _repository(content_root)
    committed: Mapping[str, tuple[Revision, ...]] = {}
    changed: set[str] = set()
    shallow = False
    walk = None
    if repository is not None:
        prefix = content_root.resolve().relative_to(repository).as_posix()
        prefix = "" if prefix == "." else prefix + "/"
        shallow = _git(repository, "rev-parse", "--is-shallow-repository").strip() == "true"
        if shallow:
            logger.warning(
                "[chapterhouse] the Git history is shallow: SEQUENCE and LAST-MODIFIED in "
                "calendars may go backwards; check out the full history (fetch-depth: 0)"
            )
        walk = _walk(repository, prefix, None if shallow else kept)
        committed = {
            path[len(prefix) :]: revisions
            for path, revisions in walk.paths.items()
            if path.startswith(prefix)
        }
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
    return ContentHistory(files, repository, shallow, None if shallow else walk)


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


def _walk(repository: Path, prefix: str, kept: Walk | None) -> Walk:
    """The walk to ``HEAD``: ``kept`` extended by the commits since, else a whole walk."""
    head = _git(repository, "rev-parse", "--verify", "HEAD").strip()
    if kept is not None and kept.prefix == prefix:
        if kept.head == head:
            return Walk(head, prefix, kept.paths, 0)
        if _on_first_parent_line(repository, kept.head, head):
            paths = {path: list(revisions) for path, revisions in kept.paths.items()}
            commits = _apply(_log(repository, prefix, f"{kept.head}..{head}"), paths)
            return Walk(head, prefix, _frozen(paths), commits)
    paths = {}
    commits = _apply(_log(repository, prefix, head), paths)
    return Walk(head, prefix, _frozen(paths), commits)


def _on_first_parent_line(repository: Path, ancestor: str, head: str) -> bool:
    """Whether ``ancestor`` is ``head`` or reached from it by first parents only."""
    try:
        lines = _git(
            repository, "rev-list", "--first-parent", "--parents", f"{ancestor}..{head}"
        ).splitlines()
    except subprocess.CalledProcessError:  # not a commit of this repository
        return False
    if not lines:
        return False  # ``head`` is an ancestor of ``ancestor``: the branch went back
    oldest = lines[-1].split()
    return len(oldest) > 1 and oldest[1] == ancestor


def _frozen(paths: dict[str, list[Revision]]) -> dict[str, tuple[Revision, ...]]:
    return {path: tuple(revisions) for path, revisions in paths.items()}


def _log(repository: Path, prefix: str, revisions: str) -> str:
    """``git log`` of ``revisions`` along the first-parent line, oldest first, with renames."""
    return subprocess.run(
        [
            "git", "-C", str(repository), "-c", "core.quotePath=false", "log", "--reverse",
            "--first-parent", "--diff-merges=first-parent", "-M", "--raw", "--no-abbrev", "-z",
            "--format=%x01%H %ct", revisions, "--", prefix or ".",
        ],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "surrogateescape")  # fmt: skip


def _apply(raw: str, by_path: dict[str, list[Revision]]) -> int:
    """Apply the commits of a :func:`_log` to ``by_path``; how many there were."""
    chunks = raw.split("\x01")[1:]
    for chunk in chunks:
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
    return len(chunks)


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
