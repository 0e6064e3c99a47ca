"""Run independent jobs on every core (fork), keeping results in order.

Outputs are made independently of each other, so the work is split across
processes: the parent and forked children take jobs from a shared counter
until none are left.
Jobs are plain callables (fork copies them, nothing is pickled but the
results). Log records of the children are sent back and handled by the
parent's loggers, so warnings and errors are reported (and counted) as if the
parent had logged them. The output depends neither on the number of workers
nor on which process ran which job.
"""

from __future__ import annotations

import gc
import logging
import multiprocessing
import os
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

T = TypeVar("T")

#: Below this many jobs, forking costs more than it saves.
MIN_JOBS_PER_WORKER = 200


class WorkerError(RuntimeError):
    """A job failed in a worker process."""


def default_workers() -> int:
    """Worker count: the cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


class JobRunner:
    """Runs lists of jobs on up to ``workers`` processes, counting the most it used.

    Attributes:
        workers: The most processes a list of jobs may use.
        most_processes: The most processes any run used (1 when nothing was forked).
    """

    def __init__(self, workers: int):
        self.workers = workers
        self.most_processes = 1

    def run(
        self,
        jobs: Sequence[Callable[[], T]],
        min_jobs_per_worker: int = MIN_JOBS_PER_WORKER,
        chunk: int = 0,
        progress: Callable[[int], None] | None = None,
    ) -> list[T]:
        """See :func:`run_jobs`."""
        results, processes = _run(jobs, self.workers, min_jobs_per_worker, chunk, progress)
        self.most_processes = max(self.most_processes, processes)
        return results


def run_jobs(
    jobs: Sequence[Callable[[], T]],
    workers: int,
    min_jobs_per_worker: int = MIN_JOBS_PER_WORKER,
    chunk: int = 0,
    progress: Callable[[int], None] | None = None,
) -> list[T]:
    """Run ``jobs`` and return their results in order, on up to ``workers`` processes.

    Processes take the next few jobs as they finish the previous ones (jobs
    differ a lot in cost: a site-wide calendar against a kept page), so all
    finish at about the same time. ``min_jobs_per_worker`` avoids forking for
    little work (use 1 for few, long jobs); ``chunk`` is how many jobs a
    process takes at a time (default: a sixteenth of its share). ``progress``
    is called now and then, in this process, with the number of jobs started.
    """
    return _run(jobs, workers, min_jobs_per_worker, chunk, progress)[0]


def _run(
    jobs: Sequence[Callable[[], T]],
    workers: int,
    min_jobs_per_worker: int,
    chunk: int,
    progress: Callable[[int], None] | None,
) -> tuple[list[T], int]:
    """The results, and the number of processes that ran them."""
    report = _Throttled(progress)
    workers = min(workers, max(1, len(jobs) // min_jobs_per_worker))
    if workers <= 1 or multiprocessing.get_start_method(allow_none=True) not in (None, "fork"):
        results = []
        for number, job in enumerate(jobs, start=1):
            results.append(job())
            report(number)
        report(len(jobs), final=True)
        return results, 1
    context = multiprocessing.get_context("fork")
    queue = _JobQueue(context, len(jobs), chunk or max(1, len(jobs) // (workers * 16)))
    children = []
    with _collector_frozen():
        for _ in range(workers - 1):
            receiver, sender = context.Pipe(duplex=False)
            process = context.Process(target=_child, args=(jobs, queue, sender), daemon=True)
            process.start()
            sender.close()
            children.append((receiver, process))
        results: list[Any] = [None] * len(jobs)
        try:
            for index in queue:
                results[index] = jobs[index]()
                report(queue.started)
        except BaseException:
            for _, process in children:  # the build is failing: do not wait for the others
                process.terminate()
                process.join()
            raise
    failures = []
    for receiver, process in children:
        try:
            status, payload, records = receiver.recv()
        except EOFError:
            status, payload, records = "error", "a worker process died", []
        process.join()
        for record in records:
            logging.getLogger(record.name).handle(record)
        if status == "ok":
            for index, result in payload:
                results[index] = result
        else:
            failures.append(payload)
    if failures:
        raise WorkerError(failures[0])
    report(len(jobs), final=True)
    return results, workers


@contextmanager
def _collector_frozen() -> Iterator[None]:
    """The objects that exist before forking are left out of garbage collection meanwhile.

    The build's data (every event, the previous build's cache) is shared by the
    processes; the cyclic collector would walk it in each of them, again and
    again, and its walking writes to every page it visits, so each process ends
    up with a copy (measured: a rebuild of 10,000 events twice as slow, and 50 %
    more memory). They are collected again, as usual, once the jobs are done.
    """
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


class _Throttled:
    """Calls ``progress`` at most ten times a second (and always for the final count)."""

    def __init__(self, progress: Callable[[int], None] | None):
        self.progress = progress
        self.last = 0.0

    def __call__(self, count: int, final: bool = False) -> None:
        if self.progress is None:
            return
        now = time.monotonic()
        if final or now - self.last >= 0.1:
            self.last = now
            self.progress(count)


class _JobQueue:
    """Job indexes shared by forked processes, handed out a few at a time."""

    def __init__(self, context: Any, count: int, chunk: int):
        self.count = count
        self.chunk = chunk
        self.next = context.Value("q", 0)

    @property
    def started(self) -> int:
        """Jobs handed out so far (by every process)."""
        return min(self.next.value, self.count)

    def __iter__(self) -> Iterator[int]:
        while True:
            with self.next.get_lock():
                start = self.next.value
                self.next.value = start + self.chunk
            if start >= self.count:
                return
            yield from range(start, min(start + self.chunk, self.count))


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        record.msg, record.args = record.getMessage(), None
        record.exc_info = record.exc_text = None
        self.records.append(record)


def _child(jobs: Sequence[Callable[[], Any]], queue: _JobQueue, sender: Any) -> None:
    root = logging.getLogger()
    collector = _Collector()
    root.handlers = [collector]
    for name in list(logging.Logger.manager.loggerDict):
        logger = logging.getLogger(name)
        logger.handlers = [
            handler for handler in logger.handlers if isinstance(handler, _Collector)
        ]
    try:
        payload = [(index, jobs[index]()) for index in queue]
        message = ("ok", payload, collector.records)
    except BaseException as error:  # report it to the parent, whatever it is
        logging.getLogger("chapterhouse").debug("worker failed:\n%s", traceback.format_exc())
        message = ("error", f"{type(error).__name__}: {error}", collector.records)
    try:
        sender.send(message)
    finally:
        sender.close()
        os._exit(0)
