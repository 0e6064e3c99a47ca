"""``ChapterhousePelican``: a Pelican run that either fully succeeds or changes nothing.

Selected with ``PELICAN_CLASS`` in ``pelicanconf.py``, so it applies to the
plain ``pelican`` command as much as to ``invoke build``:

* the site is built into a staging folder next to the output folder and
  swapped in only when the build succeeded; a failed build leaves the previous
  output exactly as it was;
* every content problem (from chapters, events and pages) is printed as
  ``path:line: field: message`` in one report, plus ``::error`` annotations
  under GitHub Actions;
* any other error raised during the build (in a plugin, a template…) is
  reported as a one-line message; the traceback only with ``--debug``.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from pelican import Pelican

from chapterhouse.config import ChapterhouseSettings
from chapterhouse.core.problems import ContentError, Problem

logger = logging.getLogger("chapterhouse")


class BuildFailed(Exception):
    """The build did not complete; the output folder was left untouched."""

    exitcode = 1


class ChapterhousePelican(Pelican):
    """Pelican with atomic output and readable failures."""

    def run(self) -> None:
        """Build into a staging folder and swap it in on success."""
        final = Path(self.output_path).resolve()
        final.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{final.name}.building-", dir=final.parent))
        watcher = _ProblemWatcher()
        watcher.attach()
        self.output_path = self.settings["OUTPUT_PATH"] = str(staging)
        failure = ""
        try:
            super().run()
            if not (watcher.problems or watcher.errors):
                _index_for_search(staging, self.settings)
        except ContentError as error:
            watcher.problems.extend(error.problems)
        except Exception as error:  # any plugin or template error: one clear line
            failure = f"{type(error).__name__}: {error}"
            if self.settings.get("DEBUG"):
                logger.exception("the build failed")
        finally:
            watcher.detach()
            self.output_path = self.settings["OUTPUT_PATH"] = str(final)
        if watcher.problems or watcher.errors or failure:
            shutil.rmtree(staging, ignore_errors=True)
            _report(watcher, failure, final)
            raise _failure_exception()
        _carry_over(final, staging, self.settings.get("OUTPUT_RETENTION") or [])
        _swap(staging, final)


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


def _index_for_search(site: Path, settings: dict[str, Any]) -> None:
    """Build the Pagefind index of the staged site (part of the atomic output).

    Raises:
        RuntimeError: Pagefind failed; its message is reported.
    """
    if not ChapterhouseSettings.from_settings(settings).search:
        return
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pagefind",
            "--site",
            str(site),
            "--output-subdir",
            "pagefind",
            "--silent",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()
        raise RuntimeError(
            "the search index could not be built: " + (detail[-1] if detail else "pagefind failed")
        )


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
    if "-r" in sys.argv or "--autoreload" in sys.argv:
        return BuildFailed("the build failed; fix the problems above")
    return SystemExit(1)


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
