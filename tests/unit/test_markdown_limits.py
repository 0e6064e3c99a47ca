"""A body that cannot be rendered is a problem at its first line, never a crash or a hang."""

import time

import pytest

from chapterhouse.core.model import Source
from chapterhouse.render import markdown
from chapterhouse.render.markdown import MarkdownRenderer, render_body

SOURCE = Source("content/events/x.md", "events/x.md", body_line=9)


class _Raising(MarkdownRenderer):
    def __init__(self, error: BaseException):
        super().__init__()
        self.error = error

    def render(self, text: str) -> str:
        raise self.error


class _Slow(MarkdownRenderer):
    """Works (burns CPU time, which the budget counts) for 5 s of the clock."""

    def render(self, text: str) -> str:
        end = time.monotonic() + 5
        while time.monotonic() < end:
            pass
        return "never"


def test_a_body_nested_too_deeply_for_the_library_is_reported():
    html, problem = render_body(_Raising(RecursionError()), "x", SOURCE)
    assert html == ""
    assert problem.format() == (
        "content/events/x.md:9: body: the description is nested too deeply to be rendered"
    )


def test_a_body_that_takes_too_long_to_render_is_stopped_and_reported(monkeypatch):
    monkeypatch.setattr(markdown, "BODY_TIME_LIMIT", 0.2)
    started = time.monotonic()
    html, problem = render_body(_Slow(), "x", SOURCE)
    assert time.monotonic() - started < 4  # the budget stopped it, not the work ending
    assert (html, problem.line, problem.field) == ("", 9, "body")
    assert problem.message == "the description took more than 0.2 s to render"


def test_a_thousand_brackets_are_rendered_well_within_the_budget():
    html, problem = render_body(MarkdownRenderer(), "[" * 1000, SOURCE)
    assert problem is None
    assert html == "<p>" + "[" * 1000 + "</p>"


@pytest.mark.parametrize("error", [ValueError("boom"), KeyError("x")])
def test_any_other_error_is_reported_at_the_body_as_a_bug(error):
    html, problem = render_body(_Raising(error), "x", SOURCE)
    assert (html, problem.line, problem.field) == ("", 9, "body")
    assert problem.message.startswith(
        f"the description could not be rendered: {type(error).__name__}"
    )
    assert "bug in Chapterhouse" in problem.hint
