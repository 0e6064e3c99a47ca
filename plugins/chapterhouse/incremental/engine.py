"""Keep, make or write each output of a plan; compute each derived value once.

The one rule: an output is made from its declared inputs only, and made again
exactly when their fingerprint differs from the previous build's (or its file
is missing); its file is written only when its bytes differ. Nothing else
decides what is rebuilt.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from chapterhouse.incremental.cache import BuildSession
from chapterhouse.incremental.fingerprint import Fingerprinter, Unfingerprintable
from chapterhouse.incremental.folder import OutputFolder, Record
from chapterhouse.incremental.jobs import JobRunner
from chapterhouse.incremental.outputs import Derived, Output, Plan

logger = logging.getLogger("chapterhouse")


class Memo:
    """Values by fingerprint: the previous build's, and this build's.

    The values this build needs are kept for the next one: those it used or
    computed, and those whose key it met in a declared input (an output kept
    as it was still holds its derived values, and the next change to it will
    need them). What the site no longer refers to is dropped.
    """

    def __init__(self, previous: Mapping[str, Any] | None = None):
        self.previous = dict(previous or {})
        self.current: dict[str, Any] = {}
        self._new: list[tuple[str, Any]] = []

    def get(self, key: str, compute: Callable[[], Any]) -> Any:
        """The value of ``key``: remembered, or computed now."""
        if key in self.current:
            return self.current[key]
        if key in self.previous:
            value = self.current[key] = self.previous[key]
            self._new.append((key, _PREVIOUS))
        else:
            value = self.current[key] = compute()
            self._new.append((key, value))
        return value

    def keep(self, key: str) -> None:
        """Keep the previous value of ``key`` for the next build, if there is one."""
        if key not in self.current and key in self.previous:
            self.current[key] = self.previous[key]
            self._new.append((key, _PREVIOUS))

    def drain(self) -> list[tuple[str, Any]]:
        """Entries used, kept or computed in this process since the last call (for the parent).

        A value that was the previous build's travels as a mark, not as itself.
        """
        entries, self._new = self._new, []
        return entries

    def merge(self, entries: Sequence[tuple[str, Any]]) -> None:
        """Add entries used, kept or computed by another process."""
        for key, value in entries:
            self.current[key] = self.previous[key] if value is _PREVIOUS else value


class _Previous:
    """Stands for "the previous build's value" in entries sent between processes."""

    def __reduce__(self) -> str:
        return "_PREVIOUS"  # unpickled as this very object, so `is` holds in the parent


_PREVIOUS = _Previous()


@dataclass(frozen=True)
class Outcome:
    """What a run did: files by outcome, and the processes used."""

    made: int
    kept: int
    processes: int


class Engine:
    """Runs plans of outputs into one output folder.

    Args:
        root: Where this build writes (a staging folder).
        session: The build's session (previous cache, whether the output can be
            updated in place), or None for a build without a cache.
        jobs: Runs a stage's outputs on several processes.
    """

    def __init__(self, root: Path, session: BuildSession | None, jobs: JobRunner):
        warm = session is not None and session.warm
        self.folder = OutputFolder(
            root,
            session.previous.outputs if warm and session else None,
            session.final if warm and session else None,
        )
        self.memo = Memo(session.previous.memo if session else None)
        self.session = session
        self.jobs = jobs
        self._fingerprints = Fingerprinter()
        self._derived_keys: dict[int, tuple[Derived, str]] = {}
        self._made = 0

    # Keys ------------------------------------------------------------------------------------
    def key(self, output: Output) -> str:
        """The fingerprint of an output's kind and inputs ("" when they cannot be fingerprinted)."""
        try:
            return self._fingerprints.of_inputs(output.kind, output.inputs, self._derived_part)
        except Unfingerprintable as error:
            logger.debug("[chapterhouse] %s is made every build: %s", output.path, error)
            return ""

    def derived_key(self, value: Derived) -> str:
        """The fingerprint of a derived value: its name and its inputs'."""
        known = self._derived_keys.get(id(value))
        if known is not None:
            return known[1]
        key = "D" + self._fingerprints.of_inputs(value.name, value.inputs, self._derived_part)
        self._derived_keys[id(value)] = (value, key)
        self.memo.keep(key)  # still declared: still needed by the next change
        return key

    def _derived_part(self, value: Any) -> str | None:
        """A derived value (or a list of them) stands as its key: it is not computed."""
        if isinstance(value, Derived):
            return self.derived_key(value)
        if type(value) in (list, tuple) and value and isinstance(value[0], Derived):
            return "|".join([self.derived_key(item) for item in value])
        return None

    # Values ----------------------------------------------------------------------------------
    def resolve(self, value: Any) -> Any:
        """``value`` with its derived values computed (or remembered)."""
        if isinstance(value, Derived):
            inputs = {name: self.resolve(item) for name, item in value.inputs.items()}
            return self.memo.get(self.derived_key(value), lambda: value.compute(**inputs))
        if type(value) in (list, tuple) and any(isinstance(item, Derived) for item in value):
            return type(value)(self.resolve(item) for item in value)
        return value

    # Running ---------------------------------------------------------------------------------
    def make(self, output: Output) -> None:
        """Keep the output's previous file if its inputs are unchanged; else make and write it."""
        key = self.key(output)
        if self.folder.keep(output.path, key):
            return
        inputs = {name: self.resolve(value) for name, value in output.inputs.items()}
        self.folder.write(output.path, output.make(inputs), key)

    def run(self, plan: Plan, progress: Callable[[int], None] | None = None) -> Outcome:
        """Run every stage of ``plan`` in order; each stage on as many processes as it is worth."""
        done = 0
        for stage in plan:
            tracked = [partial(self._tracked, stage.output, item) for item in stage.items]
            offset = done
            results = self.jobs.run(
                tracked,
                min_jobs_per_worker=stage.fork_from,
                chunk=stage.chunk,
                progress=(lambda count, offset=offset: progress(offset + count))
                if progress
                else None,
            )
            for records, entries in results:
                self.folder.merge(records)
                self.memo.merge(entries)
            done += len(stage.items)
        self.folder.merge(self.folder.drain())
        self.memo.merge(self.memo.drain())
        return Outcome(
            made=len(self.folder.written),
            kept=len(self.folder.manifest) - len(self.folder.written),
            processes=self.jobs.most_processes,
        )

    def _tracked(
        self, declare: Callable[[Any], Output], item: Any
    ) -> tuple[list[Record], list[tuple[str, Any]]]:
        self.make(declare(item))
        return self.folder.drain(), self.memo.drain()

    def write(self, path: str, data: bytes) -> None:
        """Write a file that is not part of a plan (recorded in the manifest all the same)."""
        self.folder.write(path, data)
        self.folder.merge(self.folder.drain())

    def finish(self) -> None:
        """Hand what this build made to the session, for the next build."""
        if self.session is None:
            return
        self.session.current.outputs.update(self.folder.manifest)
        self.session.current.memo = dict(self.memo.current)
