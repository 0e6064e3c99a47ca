"""``ChapterhousePelican``: a Pelican run that either fully succeeds or changes nothing.

Selected with ``PELICAN_CLASS`` in ``pelicanconf.py``, so it applies to the
plain ``pelican`` command as much as to ``invoke build``:

* the Chapterhouse settings are parsed once, and the run's
  :class:`~chapterhouse.adapters.build.Build` is given to the generators it
  makes (bound classes), never passed through Pelican's settings;
* the site is built into a staging folder next to the output folder and put
  in place only when the build succeeded (:mod:`chapterhouse.incremental.publish`);
  a failed build leaves the previous output exactly as it was;
* every content problem (from chapters, events and pages) is printed as
  ``path:line: field: message`` in one report, plus ``::error`` annotations
  under GitHub Actions;
* any other error raised during the build (in a plugin, a template…) is
  reported as a one-line message; the traceback only with ``--debug``.
"""

from __future__ import annotations

import atexit
import gc
import logging
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pelican import Pelican
from pelican.generators import PagesGenerator

from chapterhouse.adapters.build import Build, bound, build_fingerprint, cache_folder
from chapterhouse.adapters.generator import ChapterhouseGenerator
from chapterhouse.adapters.reader import ChapterhousePagesGenerator
from chapterhouse.config import ChapterhouseSettings
from chapterhouse.core.problems import ContentError, Problem
from chapterhouse.incremental.cache import BuildSession
from chapterhouse.incremental.publish import PublishError, discard, publish, staging_folder

logger = logging.getLogger("chapterhouse")


class BuildFailed(Exception):
    """The build did not complete; the output folder was left untouched.

    Pelican's command prints one line for it (the problems were printed
    before); under ``pelican --autoreload`` the watcher carries on.
    """

    exitcode = 1


class ChapterhousePelican(Pelican):
    """Pelican with atomic, incremental output and readable failures."""

    def __init__(self, settings: dict[str, Any]):
        _quiet_tracebacks_of(BuildFailed)
        _skip_collection_at_exit()
        super().__init__(settings)
        try:
            self.config = ChapterhouseSettings.from_settings(self.settings)
        except ValueError as error:
            place = _settings_place(error)
            print(f"{place}{error}" if place else f"error: {error}", file=sys.stderr)
            raise BuildFailed(f"the settings are wrong: {error}") from None
        self.build: Build | None = None

    def events_generator(self) -> type | None:
        """The events generator of the current run, bound to its build (``get_generators``)."""
        return bound(ChapterhouseGenerator, self.build) if self.build is not None else None

    def _get_generator_classes(self) -> list[type]:
        """Pelican's, with its pages generator reading Markdown with Chapterhouse's reader."""
        classes = super()._get_generator_classes()
        if self.build is None:
            return classes
        pages = bound(ChapterhousePagesGenerator, self.build)
        return [pages if cls is PagesGenerator else cls for cls in classes]

    def run(self) -> None:
        """Build into a staging folder, then put it in place on success."""
        final = Path(self.output_path).resolve()
        staging = staging_folder(final)
        session = BuildSession.open(
            cache_folder(self.settings, final),
            build_fingerprint(self.settings, self.plugins),
            staging,
            final,
        )
        self.build = Build.start(self.config, session)
        watcher = _ProblemWatcher()
        watcher.attach()
        self.output_path = str(staging)
        failure = ""
        try:
            with _collector_tuned():
                super().run()
        except ContentError as error:
            watcher.problems.extend(error.problems)
        except Exception as error:  # any plugin or template error: one clear line
            failure = f"{type(error).__name__}: {error}"
            if self.settings.get("DEBUG"):
                logger.exception("the build failed")
        except BaseException:  # Ctrl-C, a signal: nothing half made is left behind
            discard(session)
            raise
        finally:
            watcher.detach()
            self.output_path = str(final)
            self.build = None
        if watcher.problems or watcher.errors or failure:
            discard(session)
            _report(watcher, failure, final)
            raise BuildFailed("the build failed; see above")
        try:
            written, removed = publish(session, self.settings.get("OUTPUT_RETENTION") or [])
        except PublishError as error:
            print(f"error: {error}\nRun the build again: it will rebuild the whole output.",
                  file=sys.stderr)  # fmt: skip
            raise BuildFailed(str(error)) from None
        if session.warm:
            logger.info(
                "[chapterhouse] incremental build: %d file(s) written, %d removed", written, removed
            )


@contextmanager
def _collector_tuned() -> Iterator[None]:
    """The cyclic garbage collector's thresholds raised for the build, then restored.

    A build allocates tens of thousands of long-lived objects; the default
    thresholds re-scan them over and over (measured: ~5% of a 10,000-event build).
    """
    thresholds = gc.get_threshold()
    gc.set_threshold(50_000, 50, 100)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)


def _skip_collection_at_exit() -> None:
    """At interpreter exit, skip the final garbage collection of what the builds left.

    A build leaves millions of objects; collecting them when the process ends
    anyway took over a second of a 10,000-event rebuild. Freezing them at exit
    (not before: a process that builds again, such as ``pelican --autoreload``,
    collects as usual) hands them to the operating system instead.
    """
    atexit.unregister(gc.freeze)  # once per process, however many builds it runs
    atexit.register(gc.freeze)


#: How far below a setting's name its wrong value is looked for.
_VALUE_LINES = 12


def _settings_place(error: ValueError) -> str:
    """``pelicanconf.py:12: `` for a wrong setting: the line of the settings file that writes it.

    The file is the one ``pelican -s`` read (Pelican keeps no note of it); the
    line is the first one naming the setting, preferring one that also shows
    the wrong value. Empty when the file or the line cannot be found.
    """
    setting = getattr(error, "setting", "")
    if not setting:
        return ""
    path = _settings_file()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return ""
    value = getattr(error, "value", None)
    shown = (repr(value), f'"{value}"') if isinstance(value, str) and value.strip() else ()
    named = [n for n, line in enumerate(lines, 1) if re.search(rf"\b{re.escape(setting)}\b", line)]
    valued = [n for n in range(1, len(lines) + 1) if any(v in lines[n - 1] for v in shown)]
    # The value on the line naming the setting, or a few lines below it (a list written on
    # several lines): not an equal value elsewhere in the file.
    after = [n for n in valued if named and named[0] <= n <= named[0] + _VALUE_LINES]
    line = (after or named or [0])[0]
    return f"{_shown(path)}:{line}: " if line else f"{_shown(path)}: "


def _settings_file() -> Path:
    """The settings file of this run: ``-s``/``--settings``, or Pelican's default."""
    arguments = sys.argv[1:]
    for index, argument in enumerate(arguments):
        if argument in ("-s", "--settings") and index + 1 < len(arguments):
            return Path(arguments[index + 1])
        if argument.startswith("--settings="):
            return Path(argument.split("=", 1)[1])
    return Path("pelicanconf.py")


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return str(path)


class _QuietFailure(logging.Filter):
    """Drops the traceback Pelican logs with a :class:`BuildFailed` (one line suffices)."""

    def __init__(self, kind: type[BaseException]):
        super().__init__()
        self.kind = kind

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and isinstance(record.exc_info[1], self.kind):
            record.exc_info = None
            record.exc_text = None
        return True


def _quiet_tracebacks_of(kind: type[BaseException]) -> None:
    pelican_logger = logging.getLogger("pelican")
    if not any(isinstance(f, _QuietFailure) for f in pelican_logger.filters):
        pelican_logger.addFilter(_QuietFailure(kind))


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
    kept = f"{output} was left as it was" if output.exists() else f"nothing was written to {output}"
    print(f"Build failed: {'; '.join(summary)}. {kept}.", file=sys.stderr)
