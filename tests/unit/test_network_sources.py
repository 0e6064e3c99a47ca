"""gather(): members fetched from a real server on 127.0.0.1, failures, copies, offline."""

from __future__ import annotations

import contextlib
import socket
import time
from datetime import UTC, datetime, timedelta

import pytest

from chapterhouse.network.members import Member
from chapterhouse.network.sources import Options, gather
from chapterhouse.network.store import Store
from chapterhouse.remote.fetch import Limits
from tests.localserver import reply, serve
from tests.network_sites import chapter, document, event, static

NOW = datetime(2026, 12, 1, 12, tzinfo=UTC)
OPTIONS = Options(limits=Limits(timeout=1.0, max_bytes=200_000, max_redirects=3), workers=4)


def site(routes, server, name, slugs=("lyon",), events=None):
    """Publish a member site at /<name>/ and return its Member."""
    base = server.url(f"/{name}/")
    items = events if events is not None else [event(base, f"{name}-1@x", slugs[0])]
    routes[f"/{name}/chapters.json"] = static(
        document("chapters", [chapter(base, slug) for slug in slugs], base)
    )
    routes[f"/{name}/events.json"] = static(document("events", items, base))
    return Member("chapterhouse", base)


@pytest.fixture
def network():
    routes = {}
    with serve(routes) as server:
        yield routes, server


def test_members_come_through_in_order_with_their_chapters_and_events(network, tmp_path):
    routes, server = network
    members = [site(routes, server, "b", ("paris",)), site(routes, server, "a", ("lyon",))]
    got = gather(members, Store(tmp_path), NOW, options=OPTIONS)
    assert got.warnings == ()
    assert [c.slug for c in got.chapters] == ["paris", "lyon"]
    assert [e.uid for e in got.events] == ["b-1@x", "a-1@x"]
    first = got.events[0]
    assert first.occurrences[0].start == datetime.fromisoformat("2027-01-20T18:30:00+01:00")
    assert first.occurrences[0].start.utcoffset() == timedelta(hours=1)
    assert first.member == members[0].url and first.chapter == "paris"
    assert got.requests == 4 and got.received > 0
    assert all(data.fresh and not data.stale for data in got.members)


def test_a_second_gather_is_conditional_and_reuses_the_copy_on_304(network, tmp_path):
    routes, server = network
    members = [site(routes, server, "a")]
    store = Store(tmp_path)
    first = gather(members, store, NOW, options=OPTIONS)
    server.requests.clear()
    second = gather(members, store, NOW + timedelta(hours=1), options=OPTIONS)
    assert all("If-None-Match" in headers for _path, headers in server.requests)
    assert len(server.requests) == 2
    assert second.received == 0 and second.warnings == ()
    assert second.events == first.events
    assert second.members[0].fetched_at == NOW + timedelta(hours=1)


def _refused_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _slow(handler):
    time.sleep(2.5)
    with contextlib.suppress(OSError):  # the client gave up, as it should
        reply(handler, 200, b"{}")


def _loop(handler):
    reply(handler, 302, Location=handler.path)


BAD = {
    "down": "cannot fetch",
    "slow": "no complete answer within 1 s",
    "html": "events.json: not JSON (it starts with '<!DOCTYPE html><html>",
    "huge": "the answer is larger than 200,000 bytes",
    "loop": "more than 3 redirects",
    "claim": "chapter slug(s) already used by another member: 'lyon'",
    "hostile": "holds markup; shown as plain text",
    "twin": "1 event(s) with a UID already published by another site: 'a-1@x'",
    "foreign": "is not on the member's own site; the event is left out",
    "wrong": "events.json: version '3' of events.json is not supported",
}


def _bad_member(kind, routes, server):
    if kind == "down":
        return Member("chapterhouse", f"http://127.0.0.1:{_refused_port()}/")
    base = server.url(f"/{kind}/")
    member = site(routes, server, kind, ("x" + kind,))
    if kind == "slow":
        routes[f"/{kind}/chapters.json"] = _slow
    elif kind == "html":
        routes[f"/{kind}/events.json"] = static(b"<!DOCTYPE html><html>hello</html>", "text/html")
    elif kind == "huge":
        routes[f"/{kind}/events.json"] = static(b"[" + b" " * 300_000 + b"]")
    elif kind == "loop":
        routes[f"/{kind}/chapters.json"] = _loop
    elif kind == "claim":
        member = site(routes, server, kind, ("lyon",))
    elif kind == "hostile":
        items = [event(base, "h-1@x", "xhostile", title="<script>alert(1)</script>",
                       rsvp_url="javascript:alert(1)", online_url="data:text/html,x")]  # fmt: skip
        member = site(routes, server, kind, ("xhostile",), items)
    elif kind == "twin":
        member = site(routes, server, kind, ("xtwin",), [event(base, "a-1@x", "xtwin")])
    elif kind == "foreign":
        items = [event(base, "f-1@x", "xforeign", url="https://other.example.org/e/")]
        member = site(routes, server, kind, ("xforeign",), items)
    elif kind == "wrong":
        routes[f"/{kind}/events.json"] = static(b'{"version": 3, "events": []}')
    return member


@pytest.mark.parametrize("kind", sorted(BAD))
def test_each_bad_member_gets_one_warning_and_the_others_still_build(network, tmp_path, kind):
    routes, server = network
    good_a = site(routes, server, "a", ("lyon",))
    bad = _bad_member(kind, routes, server)
    good_c = site(routes, server, "c", ("nice",))
    got = gather([good_a, bad, good_c], Store(tmp_path), NOW, options=OPTIONS)
    assert len(got.warnings) == 1, got.warnings
    assert got.warnings[0].startswith(f"network: {bad.url}: ")
    assert BAD[kind] in got.warnings[0]
    assert [e.uid for e in got.members[0].events] == ["a-1@x"]
    assert [e.uid for e in got.members[2].events] == ["c-1@x"]
    assert [c.slug for c in got.members[0].chapters] == ["lyon"]
    if kind in ("down", "slow", "html", "huge", "loop", "wrong"):
        assert got.warnings[0].endswith("; no earlier copy: its chapters and events are left out")
        assert got.members[1].events == () and got.members[1].chapters == ()


def test_nothing_injected_gets_through(network, tmp_path):
    routes, server = network
    bad = _bad_member("hostile", routes, server)
    (hostile,) = gather([bad], Store(tmp_path), NOW, options=OPTIONS).events
    assert hostile.title == "<script>alert(1)</script>"  # plain text: pages escape it
    assert hostile.rsvp_url == "" and hostile.online_url == ""


def test_a_failing_member_keeps_its_last_good_copy_named_with_its_age(network, tmp_path):
    routes, server = network
    member = site(routes, server, "a")
    store = Store(tmp_path)
    gather([member], store, NOW, options=OPTIONS)
    routes["/a/events.json"] = static(b"<html>maintenance</html>", "text/html")
    later = NOW + timedelta(days=8, hours=3)
    got = gather([member], store, later, options=OPTIONS)
    assert got.warnings == (
        f"network: {member.url}: events.json: not JSON (it starts with "
        "'<html>maintenance</html>'); using the copy from 8 days ago",
    )
    (data,) = got.members
    assert [e.uid for e in data.events] == ["a-1@x"]
    assert data.stale and not data.fresh and data.fetched_at == NOW


def test_offline_uses_only_the_store_and_makes_no_request(network, tmp_path):
    routes, server = network
    members = [site(routes, server, "a"), site(routes, server, "b", ("paris",))]
    store = Store(tmp_path)
    gather(members[:1], store, NOW, options=OPTIONS)
    server.requests.clear()
    got = gather(members, store, NOW + timedelta(days=1), offline=True, options=OPTIONS)
    assert server.requests == []
    assert got.requests == 0
    assert [e.uid for e in got.events] == ["a-1@x"]
    assert got.warnings == (
        f"network: {members[1].url}: offline; no earlier copy: its chapters and events are left out",
    )
    assert not got.members[0].fresh and got.members[0].fetched_at == NOW


def test_the_same_store_gives_the_same_result(network, tmp_path):
    routes, server = network
    members = [site(routes, server, name, (name + "-ch",)) for name in ("c", "a", "b")]
    store = Store(tmp_path)
    gather(members, store, NOW, options=OPTIONS)
    one = gather(members, store, NOW, offline=True, options=OPTIONS)
    two = gather(members, store, NOW, offline=True, options=OPTIONS)
    assert one == two
    assert [e.member for e in one.events] == [m.url for m in members]


def test_stale_after_is_a_parameter(network, tmp_path):
    routes, server = network
    member = site(routes, server, "a")
    store = Store(tmp_path)
    gather([member], store, NOW, options=OPTIONS)
    soon = gather([member], store, NOW + timedelta(days=2), offline=True, options=OPTIONS)
    assert not soon.members[0].stale
    strict = Options(stale_after=timedelta(days=1))
    assert (
        gather([member], store, NOW + timedelta(days=2), offline=True, options=strict)
        .members[0]
        .stale
    )


def test_the_hubs_own_slugs_cannot_be_claimed(network, tmp_path):
    routes, server = network
    member = site(routes, server, "a", ("lyon",))
    got = gather([member], Store(tmp_path), NOW, options=OPTIONS, own_slugs=frozenset({"lyon"}))
    assert got.events == () and got.chapters == ()
    assert "'lyon' (this site)" in got.warnings[0]


def test_a_calendar_member_is_fetched_and_its_feed_kept(network, tmp_path):
    from tests.unit.test_network_remote import CALENDAR

    routes, server = network
    routes["/rust.ics"] = static(CALENDAR, "text/calendar")
    member = Member("ics", server.url("/rust.ics"), "Rust Nantes", "Nantes", "FR",
                    timezone="Europe/Paris")  # fmt: skip
    store = Store(tmp_path)
    got = gather([member], store, NOW, options=OPTIONS)
    assert [c.slug for c in got.chapters] == ["rust-nantes"]
    assert [e.uid for e in got.events] == ["once@rust", "weekly@rust"]
    routes["/rust.ics"] = static(b"<html>oops</html>", "text/html")
    again = gather([member], store, NOW + timedelta(minutes=5), options=OPTIONS)
    assert again.events == got.events
    assert again.warnings == (
        f"network: {member.url}: not an iCalendar file (it does not start with BEGIN:VCALENDAR);"
        " using the copy from 5 minutes ago",
    )


def test_a_member_cannot_speak_for_a_chapter_it_does_not_publish(network, tmp_path):
    routes, server = network
    other = site(routes, server, "b", ("grenoble",))
    base = server.url("/a/")
    items = [
        event(base, "mine@a", "lyon"),
        event(base, "hijack@a", "toulouse", title="Not theirs"),  # the hub's own chapter
        event(base, "steal@a", "grenoble", title="Not theirs either"),  # another member's
    ]
    member = site(routes, server, "a", ("lyon",), events=items)
    got = gather([other, member], Store(tmp_path), NOW, options=OPTIONS,
                 own_slugs=frozenset({"toulouse"}))  # fmt: skip
    assert sorted(e.uid for e in got.events) == ["b-1@x", "mine@a"]
    (warning,) = got.warnings
    assert warning == (
        f"network: {member.url}: events of chapter(s) 'grenoble', 'toulouse' that this member "
        "does not publish; left out"
    )


@pytest.mark.parametrize(
    "changes",
    [
        {"updated": "0001-01-01T00:00:00+01:00"},
        {"all_day": True, "start": "9999-12-31", "end": "9999-12-31"},
        {"start": "0001-01-01T10:00:00+00:00", "end": "0001-01-01T11:00:00+00:00"},
        {"start": "9999-12-31T23:00:00-05:00", "end": "9999-12-31T23:30:00-05:00"},
        {"start": "2027-01-20T18:30:00+01:00", "end": "2027-01-20T20:00:00+01:00",
         "sequence": True},
    ],
)  # fmt: skip
def test_dates_out_of_range_leave_one_event_out_not_the_build(network, tmp_path, changes):
    routes, server = network
    base = server.url("/a/")
    bad = {**event(base, "bad@a", "lyon"), **changes}
    member = site(routes, server, "a", ("lyon",), events=[event(base, "good@a", "lyon"), bad])
    got = gather([member], Store(tmp_path), NOW, options=OPTIONS)
    uids = [e.uid for e in got.events]
    assert "good@a" in uids
    if "sequence" in changes:  # a true is not a number: the event stays, SEQUENCE 0
        assert got.events[uids.index("bad@a")].sequence == 0
    elif "updated" in changes:  # a date no calendar can hold is no date: the event stays
        assert got.events[uids.index("bad@a")].updated is None
    else:
        assert uids == ["good@a"]
        assert "'bad@a'" in got.warnings[0] and "left out" in got.warnings[0]


def test_a_chapters_json_that_is_gone_is_never_mixed_with_newer_events(network, tmp_path):
    routes, server = network
    member = site(routes, server, "a", ("lyon",))
    base = member.url
    routes["/a/chapters.json"] = static(
        document("chapters", [chapter(base, "lyon", title="Named in chapters.json")], base)
    )
    store = Store(tmp_path)
    assert [c.title for c in gather([member], store, NOW, options=OPTIONS).chapters] == [
        "Named in chapters.json"
    ]
    del routes["/a/chapters.json"]  # now a version 1 site: its chapters come from events.json
    item = event(base, "a-1@x", "lyon")
    item["chapter"] = {**item["chapter"], "title": "Named in events.json"}
    routes["/a/events.json"] = static(document("events", [item], base))
    gather([member], store, NOW + timedelta(hours=1), options=OPTIONS)
    assert store.get(member.url + "chapters.json") is None
    routes["/a/events.json"] = static(b"<html>oops</html>", "text/html")
    later = gather([member], store, NOW + timedelta(hours=2), options=OPTIONS)
    assert [c.title for c in later.chapters] == ["Named in events.json"]  # one snapshot
    assert later.warnings[0].endswith("using the copy from 1 hour ago")


def test_copies_of_members_no_longer_listed_are_removed(network, tmp_path):
    routes, server = network
    kept, dropped = site(routes, server, "a"), site(routes, server, "b", ("paris",))
    store = Store(tmp_path)
    gather([kept, dropped], store, NOW, options=OPTIONS)
    assert len(list(tmp_path.glob("*.json"))) == 4
    gather([kept], store, NOW, options=OPTIONS)
    assert sorted(p.name for p in tmp_path.glob("*.json")) == sorted(
        store.path_for(kept.url + name).name for name in ("chapters.json", "events.json")
    )


def test_a_uid_of_the_hubs_own_is_left_out_in_the_members_one_warning(network, tmp_path):
    routes, server = network
    base = server.url("/a/")
    items = [event(base, "mine@a", "lyon"), event(base, "talk@hub", "lyon")]
    member = site(routes, server, "a", ("lyon",), events=items)
    del routes["/a/chapters.json"]
    got = gather([member], Store(tmp_path), NOW, options=OPTIONS,
                 own_uids=frozenset({"talk@hub"}))  # fmt: skip
    assert [e.uid for e in got.events] == ["mine@a"]
    assert got.warnings == (
        f"network: {member.url}: 1 event(s) with a UID already published by another site: "
        "'talk@hub' (this site); left out",
    )
