"""Putting a successful build in place, all at once.

A build writes into a staging folder next to the output folder. A full build
is swapped in (two renames); an incremental one stages only the files that
changed, which are then moved into the output folder, and the files the site
no longer has are removed. Until then the previous output is untouched, so a
failed build changes nothing.
"""

from __future__ import annotations

import contextlib
import filecmp
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from chapterhouse.incremental.cache import BuildSession

logger = logging.getLogger("chapterhouse")


class PublishError(OSError):
    """The output folder could not be updated (the next build will be a full one)."""


def staging_folder(final: Path) -> Path:
    """A new, empty staging folder next to ``final``."""
    final.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{final.name}.building-", dir=final.parent))


def discard(session: BuildSession) -> None:
    """Forget a failed build: its staging folder goes, the output stays as it was."""
    shutil.rmtree(session.staging, ignore_errors=True)


def publish(session: BuildSession, retention: Iterable[str] = ()) -> tuple[int, int]:
    """Put the staged build in place; returns (files written, files removed).

    Raises:
        PublishError: the output folder could not be updated.
    """
    staging, final = session.staging, session.final
    _record_other_files(session)
    if not session.warm:
        _carry_over(final, staging, retention)
        written = len(session.current.outputs)
        _swap(staging, final)
        session.save()
        return written, 0
    changes = _staged_changes(session)
    # Files of the previous build the site no longer has (files added to the output by hand
    # are left alone until the next full build: finding them means walking the whole output).
    gone = session.previous.outputs.keys() - session.current.outputs.keys()
    if not changes and not gone and session.unchanged():
        shutil.rmtree(staging, ignore_errors=True)
        return 0, 0
    session.invalidate()  # an interrupted update must not be taken for a complete one
    try:
        _apply(session, changes, gone)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise PublishError(f"could not update {final}: {error}") from error
    session.save()
    return len(changes), len(gone)


def _record_other_files(session: BuildSession) -> None:
    """Add the files written by others (theme, static files…) to the manifest."""
    outputs = session.current.outputs
    root = str(session.staging)
    for folder, _, files in os.walk(root):
        for name in files:
            relpath = os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")
            outputs.setdefault(relpath, ("", ""))


def _staged_changes(session: BuildSession) -> list[tuple[str, Path]]:
    """Staged files that differ from the output's (others rewrite theirs every build)."""
    staging, final = session.staging, session.final
    changes = []
    for folder, _, files in os.walk(staging):
        target = final / Path(folder).relative_to(staging)
        for name in files:
            staged = os.path.join(folder, name)
            relpath = os.path.relpath(staged, staging).replace(os.sep, "/")
            unhashed = session.current.outputs.get(relpath, ("", ""))[1] == ""
            if not (unhashed and _same_file(staged, target / name)):
                changes.append((staged, target / name))
    return changes


def _apply(session: BuildSession, changes: list[tuple[str, Path]], gone: set[str]) -> None:
    """Move the changed files into the output; remove those the site no longer has."""
    final = session.final
    for staged, target in changes:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(staged, target)
    shutil.rmtree(session.staging, ignore_errors=True)
    folders = set()
    for relpath in sorted(gone):
        (final / relpath).unlink(missing_ok=True)
        folders.update(Path(relpath).parents)
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        if folder.parts:
            with contextlib.suppress(OSError):  # not empty: other files are still there
                (final / folder).rmdir()


def _same_file(one: str, other: Path) -> bool:
    try:
        return filecmp.cmp(one, other, shallow=False)
    except OSError:
        return False


def _carry_over(final: Path, staging: Path, retention: Iterable[str]) -> None:
    """Keep the ``retention`` entries (``.git``…) of the previous output."""
    for name in retention:
        source = final / name
        if source.exists() and not (staging / name).exists():
            if source.is_dir():
                shutil.copytree(source, staging / name, symlinks=True)
            else:
                shutil.copy2(source, staging / name)


def _swap(staging: Path, final: Path) -> None:
    """Replace ``final`` with ``staging`` (two renames on the same file system)."""
    os.chmod(staging, 0o755)  # noqa: S103 - a web root is world-readable; mkdtemp made it 0700
    if not final.exists():
        staging.rename(final)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{final.name}.previous-", dir=final.parent))
    try:
        final.rename(retired / final.name)
    except OSError:  # final is a mount point or the current directory: copy instead
        _replace_contents(staging, final)
        shutil.rmtree(staging, ignore_errors=True)
    else:
        staging.rename(final)
    shutil.rmtree(retired, ignore_errors=True)


def _replace_contents(source: Path, target: Path) -> None:
    for child in list(target.iterdir()):
        if child.is_dir() and not child.is_symlink():
            shutil.rmtree(child)
        else:
            child.unlink()
    for child in source.iterdir():
        child.rename(target / child.name)
