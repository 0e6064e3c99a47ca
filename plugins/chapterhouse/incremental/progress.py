"""A progress display for long builds: events read, pages and calendars written.

Shown only where someone watches: in a terminal, not in CI, not with
``pelican -q``, and for builds of at least :data:`MIN_ITEMS` events. It is
drawn on Pelican's own console (under its "Generating…" spinner) and
disappears when the build ends, leaving the log as it was.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

#: Smaller builds finish before a display would be readable.
MIN_ITEMS = 500


class BuildProgress:
    """One bar per step of the build (a do-nothing display when not shown)."""

    def __init__(self, console: Console | None):
        self._display: Progress | None = None
        if console is not None:
            self._display = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=console,
                transient=True,
            )

    @classmethod
    def for_terminal(
        cls, console: Console, environ: Mapping[str, str], items: int
    ) -> BuildProgress:
        """Shown on ``console`` if it is a terminal, outside CI, without ``-q``, for big builds."""
        quiet = logging.getLogger("pelican").getEffectiveLevel() > logging.WARNING
        shown = console.is_terminal and not environ.get("CI") and not quiet and items >= MIN_ITEMS
        return cls(console if shown else None)

    def step(self, description: str, total: int) -> Callable[[int], None]:
        """Start a bar; returns ``update(completed)``."""
        if self._display is None:
            return _ignore
        if not self._display.live.is_started:
            self._display.start()
        task = self._display.add_task(description, total=total)
        return lambda completed: self._display.update(task, completed=completed)

    def close(self) -> None:
        """Remove the display."""
        if self._display is not None and self._display.live.is_started:
            self._display.stop()


def _ignore(completed: int) -> None:
    """Progress of a build nobody watches."""
