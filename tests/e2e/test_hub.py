"""A hub (``content/network.yml``) built with the real ``pelican`` command.

Two member sites and one broken member (it answers HTML) are served on
127.0.0.1; the hub is a copy of the fixture site. Its listings, calendar,
``events.json``, directory and map show the members' events and chapters,
linked to their own pages; the broken member is one warning and the build
succeeds; an offline rebuild from the stored copies gives the same bytes.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from chapterhouse.site.remote import event_slug
from tests.conftest import FIXTURE_SITE, copy_fixture_content, run_pelican
from tests.localserver import serve
from tests.network_sites import chapter, document, event, static

SCRIPT_TITLE = "<script>alert(1)</script> Python night"
LYON_UIDS = ("lyon-1@lyon.example", "lyon-2@lyon.example")
GRENOBLE_UIDS = ("gre-1@grenoble.example",)
#: A console wide enough for each warning to be on one line.
WIDE = {"COLUMNS": "1000"}
#: A month after the fixture's "now": the stored copies are older than a week.
LATER = "2026-12-22T12:00:00Z"
COMPARED = ("calendar.ics", "events/index.html", "events.json")


def _lyon(base: str) -> dict[str, object]:
    chapters = [chapter(base, "lyon")]
    events = [
        event(base, LYON_UIDS[0], "lyon", title=SCRIPT_TITLE),
        event(
            base,
            LYON_UIDS[1],
            "lyon",
            start="2027-02-10T19:00:00+01:00",
            end="2027-02-10T21:00:00+01:00",
        ),
    ]
    return {
        "/chapters.json": static(document("chapters", chapters, base)),
        "/events.json": static(document("events", events, base)),
    }


def _grenoble(base: str) -> dict[str, object]:
    chapters = [chapter(base, "grenoble", city="Grenoble", geo=[45.19, 5.72])]
    events = [
        event(
            base,
            GRENOBLE_UIDS[0],
            "grenoble",
            title="Rust et Python",
            start="2027-01-12T18:00:00Z",
            end="2027-01-12T20:00:00Z",
        )
    ]
    return {
        "/chapters.json": static(document("chapters", chapters, base)),
        "/events.json": static(document("events", events, base)),
    }


def _broken() -> dict[str, object]:
    page = static(b"<!doctype html><title>Maintenance</title>", "text/html")
    return {"/chapters.json": page, "/events.json": page}


@pytest.fixture(scope="module")
def hub(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """The hub built online, then offline (servers stopped) into another folder."""
    root = tmp_path_factory.mktemp("hub")
    content = copy_fixture_content(root / "content")
    cache = root / "cache"
    # The routes need the base URL, known once the server runs: filled in then.
    routes: dict[str, dict[str, object]] = {"lyon": {}, "grenoble": {}, "broken": _broken()}
    with (
        serve(routes["lyon"]) as lyon,
        serve(routes["grenoble"]) as grenoble,
        serve(routes["broken"]) as broken,
    ):
        bases = {"lyon": lyon.base + "/", "grenoble": grenoble.base + "/"}
        bases["broken"] = broken.base + "/"
        routes["lyon"].update(_lyon(bases["lyon"]))
        routes["grenoble"].update(_grenoble(bases["grenoble"]))
        (content / "network.yml").write_text(
            f"- url: {bases['lyon']}\n  name: Python Lyon\n"
            f"- url: {bases['grenoble']}\n  name: Python Grenoble\n"
            f"- url: {bases['broken']}\n  name: Broken\n",
            encoding="utf-8",
        )
        online = run_pelican(
            content, root / "online", FIXTURE_SITE / "fixtureconf.py", cache=cache, env=WIDE
        )
    offline = run_pelican(
        content,
        root / "offline",
        FIXTURE_SITE / "fixtureconf.py",
        cache=cache,
        env={"CHAPTERHOUSE_OFFLINE": "1", **WIDE},
    )
    later = run_pelican(
        content,
        root / "later",
        FIXTURE_SITE / "fixtureconf.py",
        now=LATER,
        cache=cache,
        env={"CHAPTERHOUSE_OFFLINE": "1", **WIDE},
    )
    return {
        "later": later,
        "later_output": root / "later",
        "online": online,
        "offline": offline,
        "output": root / "online",
        "offline_output": root / "offline",
        "bases": bases,
    }


def _read(hub: dict[str, object], path: str, key: str = "output") -> str:
    folder = hub[key]
    assert isinstance(folder, Path)
    return (folder / path).read_text(encoding="utf-8")


def test_the_hub_builds_and_names_the_broken_member_once(hub):
    result = hub["online"]
    assert result.returncode == 0, result.stdout + result.stderr
    said = result.stdout + result.stderr
    broken = hub["bases"]["broken"]
    lines = [line for line in said.splitlines() if broken in line]
    assert len(lines) == 1, said
    assert "WARNING" in lines[0] and "no earlier copy" in lines[0]


def _listing(hub: dict[str, object]) -> str:
    """Every page of the upcoming events' listing."""
    folder = hub["output"]
    assert isinstance(folder, Path)
    pages = [folder / "events/index.html", *sorted((folder / "events/page").glob("*/index.html"))]
    return "".join(page.read_text(encoding="utf-8") for page in pages)


def test_member_events_are_listed_with_their_canonical_pages(hub):
    listing = _listing(hub)
    lyon, grenoble = hub["bases"]["lyon"], hub["bases"]["grenoble"]
    assert f'href="{lyon}events/lyon-1/"' in listing
    assert f'href="{lyon}events/lyon-2/"' in listing
    assert f'href="{grenoble}events/gre-1/"' in listing
    assert "on Python Lyon" in listing and "on Python Grenoble" in listing
    # No page of their own on the hub, nor in its sitemap.
    for uid in (*LYON_UIDS, *GRENOBLE_UIDS):
        assert not (hub["output"] / "events" / event_slug(uid)).exists()
    assert not (hub["output"] / "chapters" / "lyon").exists()
    assert lyon not in _read(hub, "sitemap.xml")


def test_remote_text_is_escaped(hub):
    listing = _listing(hub)
    assert "&lt;script&gt;alert(1)&lt;/script&gt; Python night" in listing
    assert "<script>alert(1)" not in listing


def test_each_member_uid_is_in_the_calendar_once(hub):
    calendar = _read(hub, "calendar.ics").replace("\r\n ", "")
    for uid in (*LYON_UIDS, *GRENOBLE_UIDS):
        assert len(re.findall(rf"^UID:{re.escape(uid)}\r?$", calendar, re.M)) == 1, uid
    lyon = hub["bases"]["lyon"]
    assert f"URL:{lyon}events/lyon-1/" in calendar or f"URL;VALUE=URI:{lyon}events/lyon-1/" in (
        calendar
    )


def test_events_json_links_member_events_to_their_pages(hub):
    import json

    events = json.loads(_read(hub, "events.json"))["events"]
    by_uid = {item["uid"]: item for item in events}
    lyon = hub["bases"]["lyon"]
    assert by_uid[LYON_UIDS[0]]["url"] == f"{lyon}events/lyon-1/"
    assert by_uid[LYON_UIDS[0]]["chapter"]["url"] == f"{lyon}chapters/lyon/"
    assert len(events) == len(by_uid)


def test_member_chapters_are_in_the_directory_and_on_the_map(hub):
    directory = _read(hub, "chapters/index.html")
    lyon, grenoble = hub["bases"]["lyon"], hub["bases"]["grenoble"]
    assert directory.count(f'href="{lyon}chapters/lyon/"') == 2  # the list and the map
    assert directory.count(f'href="{grenoble}chapters/grenoble/"') == 2
    assert "chapters/berlin/" in directory  # local chapters stay


def test_an_offline_rebuild_gives_the_same_bytes(hub):
    result = hub["offline"]
    assert result.returncode == 0, result.stdout + result.stderr
    for path in COMPARED:
        assert _read(hub, path) == _read(hub, path, "offline_output"), path


def test_old_copies_are_shown_as_possibly_out_of_date(hub):
    result = hub["later"]
    assert result.returncode == 0, result.stdout + result.stderr
    fresh = _read(hub, "chapters/index.html")
    stale = _read(hub, "chapters/index.html", "later_output")
    assert "possibly out of date" not in fresh
    assert stale.count("possibly out of date") == 2  # Lyon and Grenoble


def test_search_and_topics_include_member_events(hub):
    lyon = hub["bases"]["lyon"]
    assert f'"u":"{lyon}events/lyon-1/"' in _read(hub, "search.json")
    assert f'"u":"{lyon}chapters/lyon/"' in _read(hub, "search.json")
    assert f'href="{lyon}events/lyon-1/"' in _read(hub, "topics/python/index.html")
    assert f"{lyon}events/lyon-1/" in _read(hub, "feeds/all.atom.xml")
