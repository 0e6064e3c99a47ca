"""The progress display: shown in a terminal for big builds, never in CI or with -q."""

from __future__ import annotations

import io
import logging

import pytest
from rich.console import Console

from chapterhouse.incremental.progress import MIN_ITEMS, BuildProgress


def _terminal() -> tuple[Console, io.StringIO]:
    stream = io.StringIO()
    return Console(file=stream, force_terminal=True, width=100), stream


def _run(progress: BuildProgress) -> None:
    update = progress.step("Reading events", 1000)
    for done in (10, 500, 1000):
        update(done)
    progress.close()


def test_a_big_build_in_a_terminal_shows_its_steps():
    console, stream = _terminal()
    _run(BuildProgress.for_terminal(console, {}, MIN_ITEMS))
    assert "Reading events" in stream.getvalue()
    assert "1000/1000" in stream.getvalue()


@pytest.mark.parametrize(
    ("environ", "items"),
    [({"CI": "true"}, 10_000), ({"GITHUB_ACTIONS": "true", "CI": "true"}, 10_000), ({}, 20)],
)
def test_ci_and_small_builds_show_nothing(environ, items):
    console, stream = _terminal()
    _run(BuildProgress.for_terminal(console, environ, items))
    assert stream.getvalue() == ""


def test_a_quiet_build_shows_nothing():
    console, stream = _terminal()
    pelican_logger = logging.getLogger("pelican")
    level = pelican_logger.level
    pelican_logger.setLevel(logging.CRITICAL)  # what `pelican -q` does
    try:
        _run(BuildProgress.for_terminal(console, {}, 10_000))
    finally:
        pelican_logger.setLevel(level)
    assert stream.getvalue() == ""


def test_output_that_is_not_a_terminal_shows_nothing():
    stream = io.StringIO()
    _run(BuildProgress.for_terminal(Console(file=stream), {}, 10_000))
    assert stream.getvalue() == ""
