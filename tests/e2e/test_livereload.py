"""`invoke livereload`: an edit is built and every open page is told to reload.

The real server and builder process on 127.0.0.1 over the fixture site; the
changes are given by the test (the watcher is watchfiles, a library).
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import urlopen

import pytest

from chapterhouse.cli.livereload import EVENTS_PATH, SCRIPT_PATH, Project, livereload, script_tag
from tests.conftest import FIXTURE_NOW, FIXTURE_SITE, copy_fixture_content

pytestmark = pytest.mark.e2e


def _get(url: str) -> tuple[int, bytes, str]:
    try:
        with urlopen(url, timeout=30) as answer:
            return answer.status, answer.read(), answer.headers.get("Content-Type", "")
    except HTTPError as error:
        return error.code, error.read(), error.headers.get("Content-Type", "")


def _next_event(stream) -> bytes:
    """The next message of a server-sent event stream that is not a comment."""
    message = b""
    while True:
        line = stream.readline()
        if not line:
            return message
        if line == b"\n":
            if message:
                return message
            continue
        if not line.startswith(b":"):
            message += line


def test_an_edit_is_rebuilt_and_open_pages_reload_and_a_broken_one_keeps_the_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    content = copy_fixture_content(tmp_path / "content")
    monkeypatch.setenv("CHAPTERHOUSE_NOW", FIXTURE_NOW)
    project = Project(
        content=content,
        settings=FIXTURE_SITE / "fixtureconf.py",
        output=tmp_path / "output",
        overrides=(("CACHE_PATH", f'"{tmp_path / "cache"}"'),),
    )
    event = content / "events" / "berlin" / "workshop.md"
    original = event.read_text(encoding="utf-8")
    out = io.StringIO()
    seen: dict[str, object] = {}

    def changes():
        port = re.search(r"http://127\.0\.0\.1:(\d+)/", out.getvalue())[1]
        site = f"http://127.0.0.1:{port}"
        seen["page"] = _get(f"{site}/events/workshop/")
        seen["file"] = (project.output / "events/workshop/index.html").read_bytes()
        seen["calendar"] = _get(f"{site}/events/workshop/workshop.ics")
        seen["missing"] = _get(f"{site}/no/such/page/")
        seen["script"] = _get(f"{site}{SCRIPT_PATH}")
        with urlopen(f"{site}{EVENTS_PATH}?since=0", timeout=60) as stream:
            event.write_text(original.replace("Packaging workshop", "Wheels night"), "utf-8")
            yield {event}
            seen["message"] = _next_event(stream)
        seen["edited"] = _get(f"{site}/events/workshop/")
        with urlopen(f"{site}{EVENTS_PATH}?since=0", timeout=60) as late:  # a page of build 0
            seen["late"] = _next_event(late)  # connects after build 1: told to reload at once
        event.write_text(original.replace("start: 2026-12-10 18:30", "start: soon"), "utf-8")
        yield {event}
        seen["after failure"] = _get(f"{site}/events/workshop/")

    assert livereload(project, 0, out=out, changes=changes()) == 0

    status, page, kind = seen["page"]
    tag = script_tag(0)  # served before any rebuild
    assert status == 200 and kind.startswith("text/html")
    assert page.count(tag) == 1 and page.index(tag) < page.rindex(b"</body>")
    assert page.replace(tag, b"") == seen["file"]
    status, calendar, kind = seen["calendar"]
    assert calendar.startswith(b"BEGIN:VCALENDAR") and SCRIPT_PATH.encode() not in calendar
    status, missing, _ = seen["missing"]
    assert status == 404 and tag in missing
    status, script, kind = seen["script"]
    assert status == 200 and kind.startswith("text/javascript") and EVENTS_PATH.encode() in script

    assert seen["message"].startswith(b"event: reload")
    assert seen["late"].startswith(b"event: reload")
    assert script_tag(1) in seen["edited"][1]
    assert b"Wheels night" in seen["edited"][1]
    printed = out.getvalue()
    assert re.search(r"workshop\.md: rebuilt in \d+\.\d\d s", printed), printed
    assert re.search(r"workshop\.md: the build failed \(.*\); the previous site is still served",
                     printed), printed  # fmt: skip
    assert b"Wheels night" in seen["after failure"][1]  # the site before the broken edit
