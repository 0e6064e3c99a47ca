"""Property: whatever a contributor writes, `pelican` either builds output that calendar and
feed parsers accept, or refuses it with located messages; never a traceback, never a hang."""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import feedparser
import recurring_ical_events
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from tests.conftest import FIXTURE_SITE, run_pelican
from tests.fuzz_strategies import BODIES, event_files

PROBLEM_LINE = re.compile(r"^.+:\d+: [^:]+: .+")
CHAPTER = b"---\ntitle: Paris\ntimezone: Europe/Paris\ncountry: FR\n---\nThe chapter.\n"


@settings(
    max_examples=int(os.environ.get("FUZZ_BUILDS", "8")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(files=st.lists(event_files(), min_size=1, max_size=3), page=BODIES)
def test_any_site_builds_cleanly_or_is_refused_clearly(tmp_path_factory, files, page):
    root = tmp_path_factory.mktemp("fuzz")
    content = root / "content"
    (content / "chapters").mkdir(parents=True)
    (content / "events").mkdir()
    (content / "pages").mkdir()
    (content / "chapters" / "paris.md").write_bytes(CHAPTER)
    for index, data in enumerate(files):
        (content / "events" / f"event-{index}.md").write_bytes(data)
    (content / "pages" / "about.md").write_text(
        "---\ntitle: About\n---\n" + page, encoding="utf-8", errors="surrogatepass"
    )
    output = root / "output"
    try:
        result = run_pelican(content, output, FIXTURE_SITE / "fixtureconf.py")
    except subprocess.TimeoutExpired as error:
        raise AssertionError("the build hung") from error
    assert "Traceback" not in result.stdout + result.stderr
    if result.returncode != 0:
        assert result.returncode == 1
        lines = [
            line
            for line in result.stderr.splitlines()
            if line and not line.startswith("Build failed")
        ]
        assert lines and all(PROBLEM_LINE.match(line) for line in lines), result.stderr
        assert not output.exists()
    else:
        for path in output.rglob("*.ics"):
            calendar = Calendar.from_ical(path.read_bytes())
            assert not any(component.errors for component in calendar.walk())
            recurring_ical_events.of(calendar).between((2020, 1, 1), (2030, 1, 1))
        for path in (output / "feeds").rglob("*.xml"):
            assert feedparser.parse(path.read_bytes()).bozo == 0, path
    shutil.rmtree(root, ignore_errors=True)
