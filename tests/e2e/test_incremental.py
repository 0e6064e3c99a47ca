"""Rebuilds reuse the previous build, and give exactly what a full, serial build gives.

Every test compares an incremental (and, for the synthetic network, parallel)
build with a cold build of the same content on one process, byte for byte,
over the whole output.
"""

from __future__ import annotations

import json
import os
import re
import runpy
import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from benchmarks.generate import generate
from tests.conftest import FIXTURE_SITE, ROOT, copy_fixture_content, run_pelican

SETTINGS = FIXTURE_SITE / "fixtureconf.py"
FIXTURE_OPTIONS = runpy.run_path(str(SETTINGS))["CHAPTERHOUSE"]


def _tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _times(root: Path) -> dict[str, int]:
    return {
        path.relative_to(root).as_posix(): path.stat().st_mtime_ns
        for path in root.rglob("*")
        if path.is_file()
    }


def _build(content: Path, output: Path, cache: Path, jobs: int = 0) -> str:
    overrides = {"CHAPTERHOUSE": {**FIXTURE_OPTIONS, "jobs": jobs}} if jobs else None
    result = run_pelican(content, output, SETTINGS, cache=cache, overrides=overrides)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


def _cold_serial(content: Path, work: Path) -> dict[str, bytes]:
    """The reference: a build with no cache and no previous output, on one process."""
    shutil.rmtree(work, ignore_errors=True)
    _build(content, work / "output", work / "cache", jobs=1)
    return _tree(work / "output")


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _retitle(path: Path, prefix: str) -> None:
    """Put ``prefix`` before the title in the front matter (quoted or not)."""
    text = path.read_text(encoding="utf-8")
    edited = re.sub(r'^(title: "?)', rf"\g<1>{prefix}", text, count=1, flags=re.MULTILINE)
    assert edited != text, path
    path.write_text(edited, encoding="utf-8")


@pytest.fixture
def site(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Fixture content built once: (content, output, cache)."""
    content = copy_fixture_content(tmp_path / "content")
    output, cache = tmp_path / "output", tmp_path / "cache"
    _build(content, output, cache)
    return content, output, cache


def test_a_rebuild_with_nothing_changed_writes_nothing(site):
    content, output, cache = site
    before, times = _tree(output), _times(output)
    assert list((cache / "chapterhouse").rglob("index.pickle")), "the build left no cache"

    _build(content, output, cache)

    assert _tree(output) == before
    assert _times(output) == times, "unchanged files were written again"


def test_an_edited_event_changes_its_pages_and_nothing_else(site, tmp_path):
    content, output, cache = site
    times = _times(output)
    workshop = content / "events" / "berlin" / "workshop.md"
    _retitle(workshop, "Renamed ")

    _build(content, output, cache)

    assert _tree(output) == _cold_serial(content, tmp_path / "reference")
    rewritten = {path for path, time in _times(output).items() if times.get(path) != time}
    assert "events/workshop/index.html" in rewritten
    assert "events/workshop/workshop.ics" in rewritten
    assert "calendar.ics" in rewritten  # the site calendar lists it
    assert "events/conference/index.html" not in rewritten  # another chapter's event
    assert "chapters/nyc/calendar.ics" not in rewritten
    # The workshop is in December: that month's digest (and the digest feed) only.
    assert "chapters/berlin/digest/2026-12/index.html" in rewritten
    assert "chapters/berlin/digest/feed.xml" in rewritten
    assert "chapters/berlin/digest/2026-11/index.html" not in rewritten
    assert "chapters/berlin/digest/2027-02/index.html" not in rewritten


def test_removed_and_added_events_and_an_edited_chapter(site, tmp_path):
    content, output, cache = site
    (content / "events" / "nyc" / "online.md").rename(tmp_path / "online.md")
    shutil.copy(tmp_path / "online.md", content / "events" / "berlin" / "added.md")
    _retitle(content / "events" / "berlin" / "added.md", "New ")
    _retitle(content / "chapters" / "berlin.md", "Renamed ")

    _build(content, output, cache)

    assert _tree(output) == _cold_serial(content, tmp_path / "reference")
    assert not (output / "events" / "online").exists()
    assert (output / "events" / "added" / "index.html").exists()


def test_a_change_in_history_alone_updates_events_json_and_chapters_json(site, tmp_path):
    """Same bytes, later file time: ``updated`` moves though the content did not."""
    content, output, cache = site
    later = os.stat(content / "events" / "berlin" / "workshop.md").st_mtime + 86_400 * 10
    for relpath in ("events/berlin/workshop.md", "chapters/nyc.md"):
        os.utime(content / relpath, (later, later))

    _build(content, output, cache)

    assert _tree(output) == _cold_serial(content, tmp_path / "reference")
    events = json.loads((output / "events.json").read_bytes())["events"]
    workshop = next(e for e in events if e["uid"] == "workshop@meetups.example.org")
    assert workshop["updated"] == datetime.fromtimestamp(later, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    chapters = json.loads((output / "chapters.json").read_bytes())["chapters"]
    assert next(c for c in chapters if c["slug"] == "nyc")["updated"] == workshop["updated"]


def test_a_later_now_rebuilds_what_it_changes(site, tmp_path):
    """A nightly rebuild: events move from upcoming to past, RSVP windows close."""
    content, output, cache = site
    later = "2027-03-01T12:00:00Z"
    result = run_pelican(content, output, SETTINGS, now=later, cache=cache)
    assert result.returncode == 0, result.stderr

    reference = tmp_path / "reference"
    result = run_pelican(
        content,
        reference / "output",
        SETTINGS,
        now=later,
        cache=reference / "cache",
        overrides={"CHAPTERHOUSE": {**FIXTURE_OPTIONS, "jobs": 1}},
    )
    assert result.returncode == 0, result.stderr
    assert _tree(output) == _tree(reference / "output")


def test_a_failed_rebuild_keeps_the_output_and_the_next_one_catches_up(site, tmp_path):
    content, output, cache = site
    before = _tree(output)
    workshop = content / "events" / "berlin" / "workshop.md"
    _retitle(workshop, "Fixed later ")
    broken = content / "events" / "berlin" / "broken.md"
    broken.write_text("---\ntitle: Broken\nchapter: berlin\nstart: 2027-02-30 18:00\n---\n")

    result = run_pelican(content, output, SETTINGS, cache=cache)

    assert result.returncode == 1
    assert "broken.md" in result.stderr
    assert _tree(output) == before
    broken.unlink()
    _build(content, output, cache)
    assert _tree(output) == _cold_serial(content, tmp_path / "reference")


def test_a_cached_event_whose_image_was_deleted_is_reported(tmp_path, content_tree):
    content = content_tree(
        {
            "chapters/paris.md": "---\ntitle: Paris\ntimezone: Europe/Paris\n---\n",
            "events/talk.md": "---\ntitle: Talk\nchapter: paris\nstart: 2027-01-20 18:30\n"
            "image: images/talk.png\n---\nBody.\n",
            "images/talk.png": b"\x89PNG\r\n\x1a\n",
        }
    )
    output, cache = tmp_path / "output", tmp_path / "cache"
    _build(content, output, cache)
    (content / "images" / "talk.png").unlink()

    result = run_pelican(content, output, SETTINGS, cache=cache)

    assert result.returncode == 1
    assert "events/talk.md" in result.stderr and "images/talk.png" in result.stderr


def test_output_files_deleted_by_hand_are_written_again(site):
    content, output, cache = site
    before = _tree(output)
    (output / "events" / "workshop" / "index.html").unlink()
    shutil.rmtree(output / "chapters" / "nyc")

    _build(content, output, cache)

    assert _tree(output) == before


def test_a_corrupt_cache_means_a_full_build(site, tmp_path):
    content, output, cache = site
    for path in (cache / "chapterhouse").rglob("*.pickle"):
        path.write_bytes(b"not a pickle")
    _retitle(content / "events" / "berlin" / "workshop.md", "Again ")

    _build(content, output, cache)

    assert _tree(output) == _cold_serial(content, tmp_path / "reference")


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic network large enough to be built on several processes."""
    root = tmp_path_factory.mktemp("network")
    generate(root, events=600, chapters=6)
    moment = 1_793_000_000
    for path in (root / "content").rglob("*"):
        os.utime(path, (moment, moment))
    return root / "content"


def test_parallel_and_incremental_builds_equal_a_serial_one(network, tmp_path):
    content = tmp_path / "content"
    shutil.copytree(network, content)  # keeps the fixed file times
    output, cache = tmp_path / "output", tmp_path / "cache"
    log = _build(content, output, cache, jobs=2)
    assert "on 2 processes." in log  # really in parallel, not silently on one
    assert _tree(output) == _cold_serial(content, tmp_path / "reference")

    event = sorted((content / "events").rglob("*.md"))[42]
    _retitle(event, "Edited ")
    _edit(content / "chapters" / "chapter-002.md", "summary: ", "summary: Edited ")
    _build(content, output, cache, jobs=2)

    assert _tree(output) == _cold_serial(content, tmp_path / "reference")


# What a page may use: declared values only ------------------------------------------------------

PLUGINS = ROOT / "tests" / "fixtures" / "plugins"
FIXTURE_PLUGIN_PATHS = [str(ROOT / "plugins"), str(PLUGINS)]


def test_a_template_using_an_undeclared_site_wide_value_stops_the_build(tmp_path):
    """Once, an event page showing another chapter's name kept the old name after it changed."""
    content = copy_fixture_content(tmp_path / "content")
    result = run_pelican(
        content,
        tmp_path / "output",
        SETTINGS,
        cache=tmp_path / "cache",
        overrides={"THEME_TEMPLATES_OVERRIDES": [str(PLUGINS / "stale_templates")]},
    )
    assert result.returncode == 1
    assert not (tmp_path / "output").exists()
    assert re.search(
        r"error: the build failed: UndeclaredValue: event\.html:3 \(rendering event\.html\): "
        r"'chapters_by_slug' is undefined: a page's template may only use the values the page "
        r"declares \(.*chapter, .*event, .*\) and the theme's helpers",
        result.stderr,
    ), result.stderr


def test_a_declared_value_from_another_chapter_updates_every_page_that_shows_it(tmp_path):
    content = copy_fixture_content(tmp_path / "content")
    output, cache = tmp_path / "output", tmp_path / "cache"
    overrides = {
        "PLUGIN_PATHS": FIXTURE_PLUGIN_PATHS,
        "PLUGINS": ["chapterhouse", "other_chapter"],
        "THEME_TEMPLATES_OVERRIDES": [str(PLUGINS / "templates")],
    }

    log = tmp_path / "written.log"

    def build(into: Path, cache_path: Path) -> None:
        result = run_pelican(
            content, into, SETTINGS, cache=cache_path, overrides=overrides,
            env={"OTHER_CHAPTER_LOG": str(log)},
        )  # fmt: skip
        assert result.returncode == 0, result.stderr

    build(output, cache)
    workshop = (output / "events" / "workshop" / "index.html").read_text()
    assert (
        '<p class="other-chapter">Also meeting: NYC Open Source</p>' in workshop
    )  # a Berlin event
    assert (output / "chapters.txt").read_text() == "NYC Open Source\nPython Berlin\n"
    cold_count = int(log.read_text().split()[0])
    _retitle(content / "chapters" / "nyc.md", "Renamed ")

    build(output, cache)

    workshop = (output / "events" / "workshop" / "index.html").read_text()
    assert '<p class="other-chapter">Also meeting: Renamed NYC Open Source</p>' in workshop
    assert (output / "chapters.txt").read_text() == "Python Berlin\nRenamed NYC Open Source\n"
    assert 0 < int(log.read_text().split()[0]) < cold_count  # the signal saw an incremental build
    build(tmp_path / "cold" / "output", tmp_path / "cold" / "cache")
    assert _tree(output) == _tree(tmp_path / "cold" / "output")


def test_a_change_to_another_plugin_or_an_override_template_rebuilds_what_it_shapes(tmp_path):
    """Their code and templates are part of what the cache is valid for, like the theme's."""
    content = copy_fixture_content(tmp_path / "content")
    plugins = tmp_path / "plugins"
    shutil.copytree(PLUGINS, plugins, ignore=shutil.ignore_patterns("__pycache__"))
    overrides = {
        "PLUGIN_PATHS": [str(ROOT / "plugins"), str(plugins)],
        "PLUGINS": ["chapterhouse", "other_chapter"],
        "THEME_TEMPLATES_OVERRIDES": [str(plugins / "templates")],
    }

    def build(into: Path, cache_path: Path) -> None:
        result = run_pelican(content, into, SETTINGS, cache=cache_path, overrides=overrides)
        assert result.returncode == 0, result.stderr

    output, cache = tmp_path / "output", tmp_path / "cache"
    build(output, cache)
    _edit(plugins / "templates" / "event.html", "Also meeting:", "Meeting too:")

    build(output, cache)

    workshop = (output / "events" / "workshop" / "index.html").read_text()
    assert '<p class="other-chapter">Meeting too: NYC Open Source</p>' in workshop
    _edit(plugins / "other_chapter.py", 'f"{title}\\n"', 'f"- {title}\\n"')

    build(output, cache)

    assert (output / "chapters.txt").read_text() == "- NYC Open Source\n- Python Berlin\n"
    build(tmp_path / "cold" / "output", tmp_path / "cold" / "cache")
    assert _tree(output) == _tree(tmp_path / "cold" / "output")


def test_a_series_or_an_edition_changed_rebuilds_the_series_page(site, tmp_path):
    content, output, cache = site
    times = _times(output)
    _edit(content / "series" / "nyc-quarterly.md", "Civic Hall", "Civic Hall, 2nd floor")

    _build(content, output, cache)

    assert _tree(output) == _cold_serial(content, tmp_path / "reference")
    rewritten = {path for path, time in _times(output).items() if times.get(path) != time}
    assert "series/nyc-quarterly/index.html" in rewritten
    assert "series/nyc-quarterly/calendar.ics" in rewritten
    # Its editions take its venue: their pages change; another chapter's event does not.
    assert "events/quarterly-2027-02/index.html" in rewritten
    assert "events/workshop/index.html" not in rewritten

    times = _times(output)
    _retitle(content / "events" / "nyc" / "quarterly-2026-05.md", "Renamed ")
    _build(content, output, cache)

    assert _tree(output) == _cold_serial(content, tmp_path / "reference-2")
    rewritten = {path for path, time in _times(output).items() if times.get(path) != time}
    assert "series/nyc-quarterly/index.html" in rewritten
    assert "events/quarterly-2026-08/index.html" not in rewritten  # it links the May one by URL
    assert "Renamed NYC" in (output / "series" / "nyc-quarterly" / "index.html").read_text()
