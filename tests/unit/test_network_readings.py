"""Readings: an unchanged member's documents are not read again; any change is."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from chapterhouse.network import sources
from chapterhouse.network.members import Member
from chapterhouse.network.readings import Reading, Readings, reading_key
from chapterhouse.network.sources import Options, gather
from chapterhouse.network.store import Copy, Store
from chapterhouse.remote.fetch import Limits
from tests.localserver import serve
from tests.network_sites import chapter, document, event, static

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
OPTIONS = Options(limits=Limits(timeout=1.0, max_bytes=200_000, max_redirects=3), workers=2)


def site(routes, server, name, title="Meetup"):
    base = server.url(f"/{name}/")
    routes[f"/{name}/chapters.json"] = static(document("chapters", [chapter(base, name)], base))
    items = [event(base, f"{name}-1@x", name, title=title)]
    routes[f"/{name}/events.json"] = static(document("events", items, base))
    return Member("chapterhouse", base)


@pytest.fixture
def network():
    routes = {}
    with serve(routes) as server:
        yield routes, server


@pytest.fixture
def reads(monkeypatch):
    """How many events.json documents were parsed."""
    count = {"events": 0}
    real = sources.read_events

    def counted(*args, **kwargs):
        count["events"] += 1
        return real(*args, **kwargs)

    monkeypatch.setattr(sources, "read_events", counted)
    return count


def test_an_unchanged_member_is_not_read_again_and_gives_the_same_result(network, tmp_path, reads):
    routes, server = network
    members = [site(routes, server, "a"), site(routes, server, "b")]
    store, readings = Store(tmp_path / "store"), Readings(tmp_path / "readings")
    first = gather(members, store, NOW, options=OPTIONS, readings=readings)
    assert reads["events"] == 2
    online = gather(members, store, NOW + timedelta(hours=1), options=OPTIONS, readings=readings)
    offline = gather(members, store, NOW, offline=True, options=OPTIONS, readings=readings)
    assert reads["events"] == 2
    assert online.events == offline.events == first.events
    assert online.chapters == first.chapters and online.warnings == ()
    without = gather(members, store, NOW, offline=True, options=OPTIONS)
    assert without.events == first.events and reads["events"] == 4  # both read again


def test_a_changed_document_is_read_again_and_the_old_reading_removed(network, tmp_path, reads):
    routes, server = network
    member = site(routes, server, "a")
    store, readings = Store(tmp_path / "store"), Readings(tmp_path / "readings")
    gather([member], store, NOW, options=OPTIONS, readings=readings)
    before = sorted(p.name for p in readings.folder.iterdir())
    site(routes, server, "a", title="Meetup, moved to Thursday")
    got = gather([member], store, NOW, options=OPTIONS, readings=readings)
    assert [e.title for e in got.events] == ["Meetup, moved to Thursday"]
    assert reads["events"] == 2
    after = sorted(p.name for p in readings.folder.iterdir())
    assert len(before) == len(after) == 1 and before != after


def test_notes_come_back_with_a_kept_reading(network, tmp_path, reads):
    routes, server = network
    base = server.url("/a/")
    routes["/a/chapters.json"] = static(document("chapters", [chapter(base, "a")], base))
    items = [event(base, "a-1@x", "a", rsvp_url="javascript:alert(1)")]
    routes["/a/events.json"] = static(document("events", items, base))
    member = Member("chapterhouse", base)
    store, readings = Store(tmp_path / "store"), Readings(tmp_path / "readings")
    first = gather([member], store, NOW, options=OPTIONS, readings=readings)
    second = gather([member], store, NOW, offline=True, options=OPTIONS, readings=readings)
    assert reads["events"] == 1
    assert len(first.warnings) == 1 and "rsvp_url" in first.warnings[0]
    assert second.warnings == first.warnings


def test_garbage_is_never_kept_and_is_warned_about_every_time(network, tmp_path, reads):
    routes, server = network
    member = site(routes, server, "a")
    routes["/a/events.json"] = static(b"<html>maintenance</html>", "text/html")
    store, readings = Store(tmp_path / "store"), Readings(tmp_path / "readings")
    for _ in range(2):
        got = gather([member], store, NOW, options=OPTIONS, readings=readings)
        assert len(got.warnings) == 1 and "not JSON" in got.warnings[0]
    assert not readings.folder.exists() or list(readings.folder.iterdir()) == []


def test_a_damaged_reading_counts_as_none(network, tmp_path, reads):
    routes, server = network
    member = site(routes, server, "a")
    store, readings = Store(tmp_path / "store"), Readings(tmp_path / "readings")
    first = gather([member], store, NOW, options=OPTIONS, readings=readings)
    (kept,) = readings.folder.iterdir()
    kept.write_bytes(b"not a pickle")
    again = gather([member], store, NOW, offline=True, options=OPTIONS, readings=readings)
    assert again.events == first.events and reads["events"] == 2


def test_the_key_covers_the_member_the_bytes_the_final_url_and_a_calendars_window():
    member = Member("chapterhouse", "https://a.example.org/")
    copy = Copy("https://a.example.org/events.json", b"[]", "", "", NOW)
    window = (NOW, NOW + timedelta(days=1))
    key = reading_key(member, [copy], None)
    assert key == reading_key(Member("chapterhouse", "https://a.example.org/"), [copy], None)
    # where the member is written in network.yml is not what is read (a comment line above)
    assert key == reading_key(
        Member("chapterhouse", "https://a.example.org/", line=7), [copy], None
    )
    others = {
        reading_key(Member("chapterhouse", "https://a.example.org/", name="A"), [copy], None),
        reading_key(member, [Copy(copy.url, b"[ ]", "", "", NOW)], None),
        reading_key(member, [Copy(copy.url, b"[]", "", "", NOW, "https://b.example.org/")], None),
        reading_key(member, [copy], window),
        reading_key(member, [], None),
    }
    assert key not in others and len(others) == 5
    # What a conditional request needs and when it was fetched are not what is read.
    assert key == reading_key(
        member, [Copy(copy.url, b"[]", '"e1"', "x", NOW.replace(year=2025))], None
    )


def test_a_reading_round_trips_through_its_file(tmp_path):
    readings = Readings(tmp_path)
    reading = Reading((), (), ("a note",))
    readings.put("k", reading)
    assert readings.get("k") == reading and readings.get("other") is None
    readings.keep_only({"other"})
    assert readings.get("k") is None
