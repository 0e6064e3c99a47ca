"""Time budgets: work on one file or one rule that would take too long becomes an error.

Most costs are bounded where values are parsed (sizes, counts, ranges); a few
cannot be bounded in advance: a Markdown body whose parsing is quadratic, a
recurrence rule that never produces a date (the expansion library searches
until the year 9999). Those run inside :func:`time_budget`, which raises
:class:`BudgetExceeded` when the time is up; the caller turns it into a
``path:line: field: message`` problem for that file.

The budget counts the CPU time of the process (its virtual interval timer,
``SIGVTALRM``), not the clock: a machine busy with other work (a CI runner,
a laptop compiling) gives the work the same budget, so a file that builds on
one machine builds on the other. It only applies in the main thread of a
process (where builds and forked workers run their jobs); elsewhere the work
runs without a limit. Budgets nest: an inner budget never extends an outer
one, and the outer one's timer is restored when the inner one ends.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


class BudgetExceeded(Exception):
    """The work did not finish within its budget.

    Attributes:
        seconds: The budget that ran out.
    """

    def __init__(self, seconds: float):
        super().__init__(f"took more than {seconds:g} s")
        self.seconds = seconds


def _usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


@contextmanager
def time_budget(seconds: float) -> Iterator[None]:
    """Run the block within ``seconds`` of CPU time, or raise :class:`BudgetExceeded`.

    A budget of 0 or less means no limit.
    """
    if seconds <= 0 or not _usable():
        yield
        return
    outer_remaining = signal.getitimer(signal.ITIMER_VIRTUAL)[0]
    if 0 < outer_remaining <= seconds:
        yield  # an outer budget ends sooner: it stays in charge
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise BudgetExceeded(seconds)

    started = time.process_time()
    previous = signal.signal(signal.SIGVTALRM, expire)
    signal.setitimer(signal.ITIMER_VIRTUAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)
        if outer_remaining > 0:
            left = outer_remaining - (time.process_time() - started)
            signal.setitimer(signal.ITIMER_VIRTUAL, max(left, 0.001))
