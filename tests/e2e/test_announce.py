"""`invoke announce` end to end: the real command on the fixture site, its links on the built site."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import FIXTURE_NOW, FIXTURE_SITE, ROOT, command_environment

SITE = "https://meetups.example.org"


def _invoke(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "invoke", "announce", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=command_environment(CHAPTERHOUSE_NOW=FIXTURE_NOW, **env),
        timeout=120,
        check=False,
    )


def test_announcement_links_lead_to_the_pages_and_calendar_the_site_publishes(
    built_site: Path, fixture_content: Path
):
    result = _invoke(
        "--event", "workshop",
        "--settings", str(FIXTURE_SITE / "fixtureconf.py"),
        "--content", str(fixture_content),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert out.startswith("===== Email (subject ")
    assert "\nSubject: Packaging workshop: from pyproject to PyPI – Thu, Dec 10, 2026\n" in out
    assert "===== LinkedIn (" in out and "===== Mastodon (" in out
    mastodon = out.split("===== Mastodon (")[1]
    counted = int(re.match(r"(\d+)/500 characters, each link counted as 23\)", mastodon)[1])
    assert counted <= 500
    links = set(re.findall(rf"{re.escape(SITE)}/\S+", out))
    assert f"{SITE}/events/workshop/" in links
    assert f"{SITE}/events/workshop/workshop.ics" in links
    for link in links:
        path = link.removeprefix(SITE + "/")
        built = built_site / (path + "index.html" if path.endswith("/") else path)
        assert built.is_file(), f"{link} is not on the built site"


def test_publishing_settings_without_siteurl_refuse_in_one_line(fixture_content: Path):
    result = _invoke("--event", "workshop", "--content", str(fixture_content))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("error: SITEURL is not set (publishconf.py)")
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1


def test_a_past_event_is_refused_with_the_publishing_settings(fixture_content: Path):
    result = _invoke(
        "--event", "past-talk", "--content", str(fixture_content), SITEURL=SITE
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr == (
        "error: 'past-talk' took place on 2026-11-05 19:00: past events are not announced\n"
    )
