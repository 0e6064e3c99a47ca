"""A hub's member data as model chapters and events (site/remote.py)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

from chapterhouse.core.model import event_uid
from chapterhouse.network.documents import Occurrence, RemoteChapter, RemoteEvent
from chapterhouse.network.members import Member
from chapterhouse.network.sources import Gathered, MemberData
from chapterhouse.site.remote import event_slug, remote_content, remote_event, shared_topics
from chapterhouse.site.urls import Urls

MEMBER = Member("chapterhouse", "https://lyon.example.org/", "Python Lyon")
NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)
PARIS = "Europe/Paris"


def _event(**changes: object) -> RemoteEvent:
    values: dict[str, object] = {
        "uid": "atelier@lyon.example.org",
        "title": "Atelier <b>",
        "url": "https://lyon.example.org/events/atelier/",
        "summary": "Un atelier",
        "lang": "fr",
        "chapter": "lyon",
        "status": "scheduled",
        "attendance_mode": "hybrid",
        "all_day": False,
        "timezone": PARIS,
        "venue_name": "La Cantine",
        "venue_address": "1 rue X",
        "venue_geo": (45.7, 4.8),
        "online_url": "https://meet.example.org/x",
        "rsvp_url": "https://rsvp.example.org/1",
        "topics": ("python",),
        "occurrences": (
            Occurrence(
                datetime.fromisoformat("2027-01-20T17:30:00+00:00"),
                datetime.fromisoformat("2027-01-20T20:00:00+00:00"),
            ),
        ),
        "updated": datetime(2026, 11, 4, 8, 12, tzinfo=UTC),
        "sequence": 2,
        "member": MEMBER.url,
    }
    values.update(changes)
    return RemoteEvent(**values)  # type: ignore[arg-type]


def _chapter(**changes: object) -> RemoteChapter:
    values: dict[str, object] = {
        "slug": "lyon",
        "title": "Python Lyon",
        "url": "https://lyon.example.org/chapters/lyon/",
        "summary": "",
        "city": "Lyon",
        "country": "FR",
        "geo": (45.76, 4.84),
        "lang": "fr",
        "timezone": PARIS,
        "topics": (),
        "calendar_url": "",
        "member": MEMBER.url,
    }
    values.update(changes)
    return RemoteChapter(**values)  # type: ignore[arg-type]


def _convert(remote: RemoteEvent, stale: bool = False):
    return remote_event(remote, MEMBER, "Python Lyon", stale, NOW)


def test_the_uid_is_kept_and_the_slug_is_derived_from_it():
    event = _convert(_event())
    assert event.uid == "atelier@lyon.example.org"
    assert event_uid(event, "hub.example.org") == "atelier@lyon.example.org"
    assert event.slug == event_slug(event.uid)
    assert event.slug.startswith("net-") and len(event.slug) == 16


def test_times_keep_their_instants_in_the_event_zone():
    event = _convert(_event())
    assert event.timezone == PARIS
    assert event.start == datetime(2027, 1, 20, 18, 30, tzinfo=event.tz)
    assert event.start.utcoffset() == timedelta(hours=1)
    assert event.end.astimezone(UTC) == datetime(2027, 1, 20, 20, tzinfo=UTC)


def test_an_all_day_end_becomes_exclusive():
    remote = _event(all_day=True, occurrences=(Occurrence(date(2027, 3, 1), date(2027, 3, 2)),))
    event = _convert(remote)
    assert (event.start, event.end) == (date(2027, 3, 1), date(2027, 3, 3))


def test_remote_values_and_canonical_links():
    event = _convert(_event(), stale=True)
    assert event.is_remote and event.stale and event.origin == "Python Lyon"
    assert event.canonical_url == "https://lyon.example.org/events/atelier/"
    assert event.title == "Atelier <b>"  # plain text: the templates escape it
    assert event.rsvp is not None and event.rsvp.url == "https://rsvp.example.org/1"
    assert event.venue is not None and event.venue.geo == (45.7, 4.8)
    assert event.attendance_mode.value == "hybrid" and event.topics == ("python",)
    urls = Urls("https://hub.example.org/hub", "/hub")
    assert urls.event_href(event) == urls.event_page(event) == event.canonical_url
    local = dataclasses.replace(event, canonical_url="")
    assert urls.event_href(local) == f"/hub/events/{event.slug}/"
    assert urls.event_page(local) == f"https://hub.example.org/hub/events/{event.slug}/"


def test_a_series_keeps_its_rule_and_excludes_unlisted_dates():
    weekly = [
        Occurrence(
            datetime(2027, 1, 6, 18, tzinfo=UTC) + timedelta(weeks=n),
            datetime(2027, 1, 6, 20, tzinfo=UTC) + timedelta(weeks=n),
        )
        for n in (0, 1, 3)  # the third week is excluded at the source
    ]
    event = _convert(_event(occurrences=tuple(weekly), recurrence="FREQ=WEEKLY;COUNT=4"))
    assert event.recurrence is not None
    assert "COUNT" not in event.recurrence.rule and "UNTIL=" in event.recurrence.rule
    window = (datetime(2026, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))
    starts = [o.starts_at for o in event.occurrences(window)]
    assert starts == [o.start for o in weekly]


def test_several_dates_without_a_rule_keep_the_next_one():
    dates = tuple(
        Occurrence(
            datetime(2026, 11, 1, 18, tzinfo=UTC) + timedelta(weeks=n),
            datetime(2026, 11, 1, 20, tzinfo=UTC) + timedelta(weeks=n),
        )
        for n in range(6)
    )
    event = _convert(_event(occurrences=dates))
    assert event.recurrence is None
    assert event.start.astimezone(UTC) == datetime(2026, 11, 22, 18, tzinfo=UTC)


def test_revisions_are_stable_and_follow_the_data():
    first, again = _convert(_event()), _convert(_event())
    assert first.source.revision == again.source.revision
    assert _convert(_event(title="Autre")).source.revision != first.source.revision
    assert _convert(_event(), stale=True).source.revision != first.source.revision
    assert first.source.relpath == f"network/lyon.example.org/{first.slug}"


def test_gathered_members_become_chapters_events_and_stamps():
    calendar = Member("ics", "https://cal.example.com/rust.ics", "Rust Nantes", "Nantes", "FR")
    gathered = Gathered(
        (
            MemberData(MEMBER, (_chapter(),), (_event(),), NOW, stale=True),
            MemberData(
                calendar,
                (_chapter(slug="rust-nantes", url="", calendar_url=calendar.url),),
                (_event(uid="r@x", url="", chapter="rust-nantes", updated=None, sequence=0),),
                NOW,
            ),
        )
    )
    content = remote_content(gathered, NOW)
    lyon, nantes = content.chapters
    assert lyon.canonical_url == "https://lyon.example.org/chapters/lyon/" and lyon.stale
    assert nantes.canonical_url == calendar.url and nantes.origin == "Rust Nantes"
    first, second = content.events
    # No page of its own: the feed, told apart by the event's UID (one address per event).
    assert second.canonical_url == calendar.url + "#r%40x"
    assert set(content.stamps) == {first.slug}
    stamp = content.stamps[first.slug]
    assert (stamp.modified, stamp.sequence) == (datetime(2026, 11, 4, 8, 12, tzinfo=UTC), 2)


def test_revisions_follow_every_field_and_what_the_hub_decided():
    from chapterhouse.site.remote import revision

    assert revision(_event(), "x") == revision(_event(), "x")
    assert revision(_event(), "x") != revision(_event(title="Atelier <i>"), "x")
    assert revision(_event(), "x") != revision(_event(), "y")
    kept = remote_content(
        Gathered((MemberData(MEMBER, (_chapter(),), (_event(topics=("python", "x")),), NOW),)),
        NOW,
        keep_topic=lambda topic: topic == "python",
    ).events[0]
    everything = remote_content(
        Gathered((MemberData(MEMBER, (_chapter(),), (_event(topics=("python", "x")),), NOW),)),
        NOW,
    ).events[0]
    # Another member adding a topic changes what the hub shows: the event is made again.
    assert kept.topics == ("python",) and everything.topics == ("python", "x")
    assert kept.source.revision != everything.source.revision


def test_cohosts_stay_within_the_member_and_its_network_wide_event_is_its_chapters():
    chapters = (_chapter(), _chapter(slug="lyon-js", url="https://lyon.example.org/chapters/js/"))
    events = (
        _event(uid="a@x", cohosts=("lyon-js", "someone-else")),
        _event(uid="b@x", all_chapters=True),
    )
    content = remote_content(Gathered((MemberData(MEMBER, chapters, events, NOW),)), NOW)
    cohosted, everywhere = content.events
    assert (cohosted.chapter, cohosted.cohosts) == ("lyon", ("lyon-js",))
    assert (everywhere.cohosts, everywhere.all_chapters) == (("lyon-js",), False)


def test_one_member_alone_cannot_bring_topics_the_hub_does_not_have():
    other = Member("chapterhouse", "https://paris.example.org/", "Paris")
    gathered = Gathered(
        (
            MemberData(
                MEMBER, (_chapter(),), (_event(uid="a@x", topics=("spam", "python", "rust")),), NOW
            ),
            MemberData(
                other,
                (_chapter(slug="paris"),),
                (_event(uid="b@x", chapter="paris", topics=("rust",)),),
                NOW,
            ),
        )
    )
    allowed = shared_topics(gathered, str.lower, frozenset({"python"}))
    assert allowed == frozenset({"python", "rust"})
    content = remote_content(gathered, NOW, keep_topic=lambda t: t.lower() in allowed)
    assert [e.topics for e in content.events] == [("python", "rust"), ("rust",)]
