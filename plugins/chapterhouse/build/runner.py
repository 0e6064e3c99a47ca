"""``ChapterhousePelican``: a Pelican run that either fully succeeds or changes nothing.

Selected with ``PELICAN_CLASS`` in ``pelicanconf.py``, so it applies to the
plain ``pelican`` command as much as to ``invoke build``:

* the site is built into a staging folder next to the output folder and
  swapped in only when the build succeeded; a failed build leaves the previous
  output exactly as it was;
* a rebuild is incremental when the previous build's cache describes the
  output folder (see :mod:`.cache`): only changed files are staged, then moved
  into place, and files the site no longer has are removed;
* every content problem (from chapters, events and pages) is printed as
  ``path:line: field: message`` in one report, plus ``::error`` annotations
  under GitHub Actions;
* any other error raised during the build (in a plugin, a template…) is
  reported as a one-line message; the traceback only with ``--debug``.
"""

from __future__ import annotations

import contextlib
import filecmp
import gc
import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

from pelican import Pelican

from chapterhouse.build.cache import BuildSession
from chapterhouse.build.generator import SESSION_SETTING
from chapterhouse.core.problems import ContentError, Problem

logger = logging.getLogger("chapterhouse")


class BuildFailed(Exception):
    """The build did not complete; the output folder was left untouched."""

    exitcode = 1


class ChapterhousePelican(Pelican):
    """Pelican with atomic output and readable failures."""

    def run(self) -> None:
        """Build into a staging folder, then swap it in (or apply it) on success."""
        final = Path(self.output_path).resolve()
        final.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.building-", dir=final.parent))
        session = BuildSession.open(self.settings, staging, final)
        watcher = _ProblemWatcher()
        watcher.attach()
        self.output_path = self.settings["OUTPUT_PATH"] = str(staging)
        self.settings[SESSION_SETTING] = session
        failure = ""
        # A build allocates tens of thousands of long-lived objects; the cyclic collector's
        # default thresholds re-scan them over and over (measured: ~5% of a 10,000-event build).
        thresholds = gc.get_threshold()
        gc.set_threshold(50_000, 50, 100)
        try:
            super().run()
        except ContentError as error:
            watcher.problems.extend(error.problems)
        except Exception as error:  # any plugin or template error: one clear line
            failure = f"{type(error).__name__}: {error}"
            if self.settings.get("DEBUG"):
                logger.exception("the build failed")
        finally:
            gc.set_threshold(*thresholds)
            watcher.detach()
            self.settings.pop(SESSION_SETTING, None)
            self.output_path = self.settings["OUTPUT_PATH"] = str(final)
        if watcher.problems or watcher.errors or failure:
            shutil.rmtree(staging, ignore_errors=True)
            _report(watcher, failure, final)
            raise _failure_exception()
        _publish(session, self.settings.get("OUTPUT_RETENTION") or [])
        if _one_build_per_process():
            # The build's objects live until the process exits; freezing them spares the
            # interpreter's final collections (measured: 1.1 s at exit of a 10,000-event build).
            gc.freeze()


class _ProblemWatcher(logging.Handler):
    """Collects content problems and counts errors logged during the build.

    Pelican logs a page its reader refused as "Could not process …" from
    inside its ``except`` block, where our :class:`ContentError` is the
    exception being handled; that record is replaced by the problems the error
    carries, reported together with all the others.
    """

    def __init__(self) -> None:
        super().__init__(level=logging.ERROR)
        self.problems: list[Problem] = []
        self.errors = 0

    def attach(self) -> None:
        logging.getLogger().addHandler(self)
        for name in ("pelican", "pelican.generators"):
            logging.getLogger(name).addFilter(self._absorb_content_errors)

    def detach(self) -> None:
        logging.getLogger().removeHandler(self)
        for name in ("pelican", "pelican.generators"):
            logging.getLogger(name).removeFilter(self._absorb_content_errors)

    def _absorb_content_errors(self, record: logging.LogRecord) -> bool:
        handled = record.exc_info[1] if record.exc_info else sys.exc_info()[1]
        if isinstance(handled, ContentError):
            self.problems.extend(handled.problems)
            return False
        return True

    def emit(self, record: logging.LogRecord) -> None:
        self.errors += 1


def _report(watcher: _ProblemWatcher, failure: str, output: Path) -> None:
    problems = sorted(set(watcher.problems))
    for problem in problems:
        print(problem.format(), file=sys.stderr)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:
            print(problem.github_annotation(), file=sys.stderr)
    if failure:
        print(f"error: the build failed: {failure}", file=sys.stderr)
        print("(run pelican with --debug to see where)", file=sys.stderr)
    files = len({p.path for p in problems})
    summary = []
    if problems:
        summary.append(f"{len(problems)} problem(s) in {files} file(s)")
    if watcher.errors and not problems:
        summary.append(f"{watcher.errors} error(s) logged")
    if failure:
        summary.append("an error stopped the build")
    print(
        f"Build failed: {'; '.join(summary)}. {output} was left as it was.",
        file=sys.stderr,
    )


def _failure_exception() -> BaseException:
    """SystemExit(1), or BuildFailed under ``pelican --autoreload``.

    Pelican's ``main`` prints a traceback for any Exception; SystemExit is not
    one. Its autoreload loop, however, must keep watching after a failed build:
    there an Exception is caught and shown as one line.
    """
    if _autoreloading():
        return BuildFailed("the build failed; fix the problems above")
    return SystemExit(1)


def _autoreloading() -> bool:
    return "-r" in sys.argv or "--autoreload" in sys.argv


def _one_build_per_process() -> bool:
    """The ``pelican`` command building once (not a test or a watcher building again)."""
    command = os.path.basename(sys.argv[0]) if sys.argv else ""
    main_is_pelican = command == "pelican" or sys.argv[0].endswith("pelican/__main__.py")
    return main_is_pelican and not _autoreloading()


def _publish(session: BuildSession, retention: list[str]) -> None:
    """Put a successful build in place: swap the whole folder, or apply the changes."""
    staging, final = session.staging, session.final
    _record_other_files(session)
    if not session.warm:
        _carry_over(final, staging, retention)
        _swap(staging, final)
        session.save()
        return
    changes = _staged_changes(session)
    # Files of the previous build the site no longer has (files added to the output by hand
    # are left alone until the next full build: finding them means walking the whole output).
    gone = session.previous.outputs.keys() - session.current.outputs.keys()
    logger.info(
        "[chapterhouse] incremental build: %d file(s) written, %d unchanged, %d removed",
        len(changes),
        len(session.current.outputs) - len(changes),
        len(gone),
    )
    if not changes and not gone and session.unchanged():
        shutil.rmtree(staging, ignore_errors=True)
        return
    session.invalidate()  # an interrupted update must not be taken for a complete one
    try:
        _apply(session, changes, gone)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        print(
            f"error: could not update {final}: {error}\n"
            "Run the build again: it will rebuild the whole output.",
            file=sys.stderr,
        )
        raise _failure_exception() from None
    session.save()


def _record_other_files(session: BuildSession) -> None:
    """Add the files other generators wrote (theme, static files…) to the manifest."""
    outputs = session.current.outputs
    root = str(session.staging)
    for folder, _, files in os.walk(root):
        for name in files:
            relpath = os.path.relpath(os.path.join(folder, name), root).replace(os.sep, "/")
            outputs.setdefault(relpath, ("", ""))


def _staged_changes(session: BuildSession) -> list[tuple[str, Path]]:
    """Staged files that differ from the output's (other generators rewrite theirs)."""
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


def _carry_over(final: Path, staging: Path, retention: list[str]) -> None:
    """Keep ``OUTPUT_RETENTION`` entries (``.git``…) of the previous output."""
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


def new_pelican(settings: dict[str, Any]) -> ChapterhousePelican:
    """Construct the Pelican object for ``settings`` (used by tasks and tests)."""
    return ChapterhousePelican(settings)
