"""Series of editions: loading, the precedence rule, the rhythm (its words, its next date)."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from chapterhouse.cli.scaffold import EventAnswers, new_event
from chapterhouse.config import ChapterhouseSettings
from chapterhouse.core.catalog import load_catalog
from chapterhouse.core.loading import load_chapter, load_series, resolve_defaults
from chapterhouse.core.model import Rsvp, Venue
from chapterhouse.core.problems import FieldError
from chapterhouse.core.recurrence import next_after, parse_rhythm
from chapterhouse.render.i18n import Interfaces
from chapterhouse.render.rrule_words import rhythm_in_words
from chapterhouse.site.series import neighbours, series_timeline

PARIS = ZoneInfo("Europe/Paris")

CHAPTER = """---
title: LinkedInLocal Toulouse
timezone: Europe/Paris
lang: fr
rsvp: https://forms.example.org/chapter
---
"""
OTHER_CHAPTER = """---
title: Python Berlin
timezone: Europe/Berlin
---
"""
SERIES = """---
title: Quarterly
chapter: toulouse
rhythm: FREQ=MONTHLY;INTERVAL=3;BYDAY=2TH
duration: 2h30m
venue:
  name: La Cantine
  address: 27 rue d'Aubuisson, Toulouse
rsvp:
  url: https://forms.example.org/quarterly?d={date}
  capacity: 60
topics: [networking]
---
Every quarter.
"""


def edition(start: str, extra: str = "", series: str = "quarterly") -> str:
    return f"---\ntitle: Edition {start}\nseries: {series}\nstart: {start}\n{extra}---\nBody.\n"


def site(content_tree, extra: dict[str, str] | None = None) -> Path:
    files = {
        "chapters/toulouse.md": CHAPTER,
        "chapters/berlin.md": OTHER_CHAPTER,
        "series/quarterly.md": SERIES,
        **(extra or {}),
    }
    return content_tree(files)


def catalog_of(root: Path, settings):
    return load_catalog(root, settings, display=lambda rel: f"content/{rel}")


# The precedence rule ---------------------------------------------------------------------------
def _chapter(settings, tmp_path):
    return load_chapter(CHAPTER.encode(), "chapters/toulouse.md", "c", settings, tmp_path).item


def _series(settings, tmp_path, text=SERIES):
    chapter = _chapter(settings, tmp_path)
    return load_series(
        text.encode(), "series/quarterly.md", "s", settings, tmp_path, {"toulouse": chapter}
    ).item


def test_precedence_is_site_then_chapter_then_series_then_event(settings, tmp_path):
    chapter = _chapter(settings, tmp_path)
    series = _series(
        settings,
        tmp_path,
        SERIES.replace("topics:", "timezone: America/New_York\nlang: en\ntopics:"),
    )
    inherited = resolve_defaults({}, chapter, settings, series)
    assert inherited.timezone == "America/New_York"
    assert inherited.lang == "en"
    assert inherited.rsvp.url == "https://forms.example.org/quarterly?d={date}"
    assert inherited.rsvp.capacity == 60
    assert inherited.venue == Venue("La Cantine", "27 rue d'Aubuisson, Toulouse")
    assert inherited.duration == timedelta(hours=2, minutes=30)
    assert inherited.topics == ("networking",)
    # The event's own values win over the series'.
    own = resolve_defaults(
        {"timezone": "Asia/Tokyo", "lang": "ja", "rsvp": {}, "venue": {}, "duration": 1},
        chapter,
        settings,
        series,
    )
    assert (own.timezone, own.lang, own.rsvp, own.venue, own.duration) == (
        "Asia/Tokyo",
        "ja",
        None,
        None,
        None,
    )
    # Without a series (or a series without those values): the chapter's, then the site's.
    assert resolve_defaults({}, chapter, settings).timezone == "Europe/Paris"
    assert resolve_defaults({}, chapter, settings).rsvp == Rsvp("https://forms.example.org/chapter")
    assert resolve_defaults({}, chapter, settings, _series(settings, tmp_path)).lang == "fr"
    assert resolve_defaults({}, None, settings).lang == settings.lang


def test_an_event_that_ends_itself_or_is_online_keeps_its_own_length_and_place(settings, tmp_path):
    chapter, series = _chapter(settings, tmp_path), _series(settings, tmp_path)
    assert resolve_defaults({"end": "21:00"}, chapter, settings, series).duration is None
    assert resolve_defaults({"online": {}}, chapter, settings, series).venue is None
    assert resolve_defaults({"attendance_mode": "x"}, chapter, settings, series).venue is None


def test_editions_take_the_series_values_they_do_not_set(settings, content_tree):
    root = site(
        content_tree,
        {
            "events/a.md": edition("2026-04-09 18:30"),
            "events/b.md": edition(
                "2026-07-09 18:30", "end: 2026-07-09 20:00\nvenue: Chez Nous\nchapter: toulouse\n"
            ),
        },
    )
    catalog = catalog_of(root, settings)
    assert catalog.problems == ()
    events = {e.slug: e for e in catalog.events}
    first, second = events["a"], events["b"]
    assert first.series == "quarterly" and first.chapter == "toulouse"
    assert first.venue.name == "La Cantine"
    assert first.length == timedelta(hours=2, minutes=30)
    assert first.rsvp.capacity == 60
    assert first.topics == ("networking",)
    assert first.lang == "fr" and first.timezone == "Europe/Paris"
    assert second.venue.name == "Chez Nous"
    assert second.length == timedelta(hours=1, minutes=30)
    assert first.source.revision != second.source.revision


def test_an_edition_changes_when_its_series_changes(settings, content_tree):
    root = site(content_tree, {"events/a.md": edition("2026-04-09 18:30")})
    before = catalog_of(root, settings).events[0]
    (root / "series" / "quarterly.md").write_text(SERIES.replace("La Cantine", "Le Quai"))
    after = catalog_of(root, settings).events[0]
    assert after.venue.name == "Le Quai"
    assert after.source.revision != before.source.revision


# Bad input -------------------------------------------------------------------------------------
def test_every_series_problem_is_reported_in_one_run_and_nothing_valid_is_lost(
    settings, content_tree
):
    root = site(
        content_tree,
        {
            "series/other.md": SERIES.replace("Quarterly", "Other"),
            "events/unknown.md": edition("2026-04-09 18:30", series="quartely"),
            "events/nowhere.md": edition("2026-04-09 18:30", series="nope"),
            "events/wrong-chapter.md": edition("2026-04-09 18:30", "chapter: berlin\n"),
            "events/good.md": edition("2026-04-09 18:30"),
            "events/repeating.md": edition("2026-04-09 18:30", "repeat: FREQ=MONTHLY\n"),
            "series/repeat.md": "---\ntitle: R\nchapter: toulouse\n"
            "repeat: FREQ=MONTHLY\nstart: 2026-01-01 18:00\n---\n",
            "series/lost.md": "---\ntitle: L\nchapter: lyon\nrhythm: FREQ=MONTHLY;COUNT=3\n---\n",
        },
    )
    catalog = catalog_of(root, settings)
    lines = [p.format() for p in catalog.problems]
    assert (
        "content/events/nowhere.md:3: series: no series 'nope' (known: other, quarterly) "
        "(a series is a file series/<slug>.md)"
    ) in lines
    assert (
        "content/events/unknown.md:3: series: no series 'quartely' (known: other, quarterly) "
        "(did you mean 'quarterly'?)"
    ) in lines
    assert any(
        line.startswith("content/events/wrong-chapter.md:5: chapter: 'berlin' is not the chapter")
        and "'toulouse'" in line
        for line in lines
    ), lines
    assert any(
        line.startswith("content/series/repeat.md:4: repeat: unknown key 'repeat'")
        and "rhythm: FREQ=" in line
        for line in lines
    ), lines
    assert any(
        line.startswith("content/series/repeat.md:5: start: unknown key 'start'")
        and "series: <slug>" in line
        for line in lines
    ), lines
    assert any(
        line.startswith("content/series/repeat.md:1: rhythm: 'rhythm' is required")
        for line in lines
    )
    assert (
        "content/series/lost.md:3: chapter: there is no chapter 'lyon' (chapters: berlin, toulouse)"
        in lines
    )
    assert any(line.startswith("content/series/lost.md:4: rhythm: COUNT in") for line in lines)
    assert any(
        line.startswith("content/events/repeating.md:5: repeat: an edition of the series")
        for line in lines
    ), lines
    assert [e.slug for e in catalog.events] == ["good"]
    assert {s.slug for s in catalog.series} == {"other", "quarterly"}
    # An unknown series is the one problem: no "chapter is required" that follows from it.
    said = [
        line
        for line in lines
        if line.startswith(("content/events/unknown.md", "content/events/nowhere.md"))
    ]
    assert [line.split(": ", 2)[1] for line in said] == ["series", "series"], said


def test_a_rhythm_that_proposes_no_date_after_the_first_edition_is_refused(settings, content_tree):
    never = SERIES.replace(
        "FREQ=MONTHLY;INTERVAL=3;BYDAY=2TH", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30"
    )
    root = site(
        content_tree,
        {"series/quarterly.md": never, "events/a.md": edition("2026-04-09 18:30")},
    )
    lines = [p.format() for p in catalog_of(root, settings).problems]
    assert any(
        line.startswith("content/series/quarterly.md:4: rhythm: the rhythm ")
        and "proposes no date after the first edition (content/events/a.md, 2026-04-09)" in line
        for line in lines
    ), lines


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (
            "FREQ=MONTHLY;UNTIL=20271231",
            "UNTIL in 'FREQ=MONTHLY;UNTIL=20271231': a rhythm has no end",
        ),
        ("FREQ=HOURLY", "FREQ=HOURLY in 'FREQ=HOURLY' is not a meetup frequency"),
        ("FREQ=WEEKLY;BYDAY=2TH", "a numbered BYDAY like 3WE needs FREQ=MONTHLY"),
        ("FREQ=MONTHLY;BYDAY=XX", "BYDAY=XX in 'FREQ=MONTHLY;BYDAY=XX' is not a weekday"),
        ("every quarter", "is not a part of a recurrence rule"),
    ],
)
def test_a_bad_rhythm_is_refused_with_the_rule_named(rule, message):
    with pytest.raises(FieldError) as caught:
        parse_rhythm(rule)
    assert message in caught.value.message


# The rhythm's next date ------------------------------------------------------------------------
def test_the_next_date_keeps_the_wall_time_across_daylight_saving_changes():
    rule = parse_rhythm("FREQ=MONTHLY;INTERVAL=3;BYDAY=2TH")
    october = datetime(2026, 10, 8, 18, 30, tzinfo=PARIS)  # summer time (UTC+2)
    january = next_after(rule, october, PARIS)
    assert january == datetime(2027, 1, 14, 18, 30, tzinfo=PARIS)
    assert january.astimezone(UTC).hour == 17  # winter time (UTC+1)
    april = next_after(rule, january, PARIS)
    assert april == datetime(2027, 4, 8, 18, 30, tzinfo=PARIS)
    assert april.astimezone(UTC).hour == 16  # summer time again
    # Strictly after: an edition on a date of the rhythm does not propose itself.
    assert next_after(rule, april, PARIS) == datetime(2027, 7, 8, 18, 30, tzinfo=PARIS)


def test_a_proposed_wall_time_in_a_daylight_saving_gap_moves_forward_by_the_gap():
    rule = parse_rhythm("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU")  # the last Sunday of March
    found = next_after(rule, datetime(2026, 3, 29, 2, 30, tzinfo=PARIS), PARIS)
    # 2027-03-28 02:30 does not exist in Paris: 03:30 summer time, one instant.
    assert found.astimezone(UTC) == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)


def test_an_all_day_edition_lasts_its_day_not_the_series_usual_length(settings, content_tree):
    root = site(
        content_tree, {"events/a.md": edition("2026-04-09"), "events/b.md": edition('"2026-07-09"')}
    )
    catalog = catalog_of(root, settings)
    assert catalog.problems == ()
    assert [(e.all_day, e.length) for e in catalog.events] == [(True, timedelta(days=1))] * 2


def test_an_all_day_edition_proposes_a_date():
    rule = parse_rhythm("FREQ=MONTHLY;BYMONTHDAY=1")
    assert next_after(rule, date(2026, 12, 1), PARIS) == date(2027, 1, 1)


def test_a_series_page_timeline_splits_editions_and_proposes_a_date_only_when_none_is_ahead(
    settings, content_tree
):
    root = site(
        content_tree,
        {
            "events/a.md": edition("2026-04-09 18:30"),
            "events/b.md": edition("2026-07-09 18:30"),
            "events/c.md": edition("2026-10-08 18:30"),
        },
    )
    catalog = catalog_of(root, settings)
    series = catalog.series[0]
    editions = catalog.editions_of(series)
    assert [e.slug for e in editions] == ["a", "b", "c"]
    before = series_timeline(series, editions, datetime(2026, 8, 1, tzinfo=UTC))
    assert [o.event.slug for o in before.upcoming] == ["c"]
    assert [o.event.slug for o in before.past] == ["b", "a"]  # newest first
    assert before.proposed is None
    after = series_timeline(series, editions, datetime(2026, 11, 22, tzinfo=UTC))
    assert after.upcoming == ()
    assert after.proposed == datetime(2027, 1, 14, 18, 30, tzinfo=PARIS)
    # A series paused for a year proposes its next date still to come, on the rhythm.
    later = series_timeline(series, editions, datetime(2027, 9, 1, tzinfo=UTC))
    assert later.proposed == datetime(2027, 10, 14, 18, 30, tzinfo=PARIS)
    assert neighbours(editions[1], editions) == (editions[0], editions[2])
    assert neighbours(editions[0], editions) == (None, editions[1])


# The rhythm in words ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("en", "the second Thursday of the month, every 3 months"),
        ("fr", "chaque deuxième jeudi du mois, tous les 3 mois"),
        ("de", "jeden zweiten Donnerstag im Monat, alle 3 Monate"),
        ("ar", "الخميس الثاني من كل شهر، كل 3 أشهر"),
        ("ja", "3か月ごと、第2木曜日"),
        ("pl", "2. czwartek miesiąca, co 3 miesiące"),
    ],
)
def test_the_rhythm_in_words_in_the_pages_language(language, expected):
    interface = Interfaces()(language)
    assert rhythm_in_words("FREQ=MONTHLY;INTERVAL=3;BYDAY=2TH", interface) == expected
    # BYSETPOS with one weekday says the same thing.
    assert rhythm_in_words("FREQ=MONTHLY;INTERVAL=3;BYDAY=TH;BYSETPOS=2", interface) == expected


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=MONTHLY;BYDAY=1MO,3MO",  # words would only say "every month"
        "FREQ=YEARLY;BYMONTH=3;BYDAY=2TH",  # BYMONTH is not put into words
        "FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE",  # "every Monday, every 2 weeks" contradicts itself
        "FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=1",
        "FREQ=YEARLY;BYDAY=2TH",  # "of the month" would be wrong for a yearly rule
    ],
)
def test_a_rhythm_words_cannot_say_exactly_is_shown_as_written(rule):
    for language in ("en", "fr", "de", "ar"):
        assert rhythm_in_words(rule, Interfaces()(language)) == rule


def test_simple_rhythms_are_said_in_words():
    english = Interfaces()("en")
    assert rhythm_in_words("FREQ=MONTHLY;BYMONTHDAY=-1", english) == "on the last day of the month"
    assert rhythm_in_words("FREQ=WEEKLY;BYDAY=TU", english) == "every Tuesday"
    assert rhythm_in_words("FREQ=MONTHLY;INTERVAL=2", english) == "every 2 months"


# new-event --series / --from ---------------------------------------------------------------------
SETTINGS_FILE = """
PATH = "content"
TIMEZONE = "Europe/Paris"
DEFAULT_LANG = "fr"
SITEURL = "https://example.org"
"""


@pytest.fixture
def project(content_tree):
    root = site(
        content_tree,
        {
            "events/toulouse/a.md": edition("2026-07-09 18:30"),
            "events/toulouse/b.md": edition("2026-10-08 18:30", "venue: Le Quai\n"),
        },
    )
    settings_file = root.parent / "pelicanconf.py"
    settings_file.write_text(SETTINGS_FILE)
    return settings_file, root


def test_new_event_series_writes_the_next_date_of_the_rhythm_and_the_file_validates(
    project, settings
):
    settings_file, root = project
    out = io.StringIO()
    status = new_event(settings_file, EventAnswers(series="quarterly"), str(root), out=out)
    assert status == 0, out.getvalue()
    written = root / "events" / "toulouse" / "2027-01-14-quarterly-janvier-2027.md"
    text = written.read_text(encoding="utf-8")
    assert "series: quarterly\n" in text
    assert "start: 2027-01-14 18:30  # local time in Europe/Paris" in text
    assert 'title: "Quarterly – janvier 2027"' in text
    assert 'venue:\n  name: "Le Quai"' in text  # the latest edition's own venue
    assert "\nspeakers:" not in text and "# speakers:" in text
    assert "duration:" not in text  # inherited from the series
    # The only problem of the new file is the description left for the organizer.
    written.write_text(text.replace(text.rsplit("---\n", 1)[1], "The January edition.\n"))
    catalog = catalog_of(root, settings)
    assert catalog.problems == ()
    new = next(e for e in catalog.events if e.slug.startswith("2027-01-14"))
    assert new.start == datetime(2027, 1, 14, 18, 30, tzinfo=PARIS)
    assert new.length == timedelta(hours=2, minutes=30)
    assert new.venue.name == "Le Quai"
    # Run again: it refuses to overwrite, and the next run proposes the date after it.
    again = io.StringIO()
    assert new_event(settings_file, EventAnswers(series="quarterly"), str(root), out=again) == 0
    assert (root / "events" / "toulouse" / "2027-04-08-quarterly-avril-2027.md").exists()


def test_new_event_from_an_edition_and_its_refusals(project):
    settings_file, root = project
    out = io.StringIO()
    assert new_event(settings_file, EventAnswers(from_event="a"), str(root), out=out) == 1
    assert "already has an edition on 2026-10-08" in out.getvalue()
    out = io.StringIO()
    assert new_event(settings_file, EventAnswers(series="nope"), str(root), out=out) == 1
    assert "there is no series 'nope'; series: quarterly" in out.getvalue()
    out = io.StringIO()
    assert new_event(settings_file, EventAnswers(from_event="b"), str(root), out=out) == 0
    assert (root / "events" / "toulouse" / "2027-01-14-quarterly-janvier-2027.md").exists()
    out = io.StringIO()
    assert new_event(settings_file, EventAnswers(from_event="b"), str(root), out=out) == 1
    assert "already exists" in out.getvalue()


def test_the_sample_network_has_the_linkedinlocal_quarterly_with_four_editions():
    content = Path(__file__).resolve().parents[2] / "content"
    catalog = load_catalog(content, ChapterhouseSettings(timezone="Europe/Paris", lang="fr"))
    assert catalog.problems == ()
    series = {s.slug: s for s in catalog.series}["linkedinlocal-toulouse-trimestrielle"]
    assert series.chapter == "linkedinlocal-toulouse"
    editions = catalog.editions_of(series)
    assert [e.start.date().isoformat() for e in editions] == [
        "2026-04-09",
        "2026-07-09",
        "2026-10-08",
        "2027-01-14",
    ]
    assert all(e.lang == "fr" and e.venue == series.venue for e in editions)
    assert "PowerPitch" in editions[-1].speakers[0].role
    # Each edition is on the rhythm: the next date after one edition is the following one.
    for before, after in pairwise(editions):
        assert next_after(series.rhythm, before.start, before.tz) == after.start


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ("FREQ=DAILY", "every day"),
        ("FREQ=YEARLY", "every year"),
        ("FREQ=WEEKLY", "every week"),
        ("FREQ=MONTHLY;BYMONTHDAY=31", "on day 31 of the month"),
        ("FREQ=MONTHLY;BYMONTHDAY=1", "on day 1 of the month"),
        ("FREQ=MONTHLY;BYDAY=-1FR", "the last Friday of the month"),
        ("FREQ=MONTHLY;BYDAY=FR;BYSETPOS=-1", "the last Friday of the month"),
    ],
)
def test_each_sayable_rhythm_is_said(rule, expected):
    assert rhythm_in_words(rule, Interfaces()("en")) == expected


@pytest.mark.parametrize(
    "rule",
    [
        "FREQ=MONTHLY;COUNT=4",  # a rhythm never ends; a rule that does is shown as written
        "FREQ=MONTHLY;UNTIL=20271231",
        "FREQ=MONTHLY;BYMONTHDAY=1,15",
        "FREQ=WEEKLY;BYMONTHDAY=1",
        "FREQ=MONTHLY;BYDAY=TH;BYSETPOS=6",
        "FREQ=MONTHLY;BYDAY=TH;BYSETPOS=1,3",
        "FREQ=MONTHLY;BYDAY=2TH;BYSETPOS=1",
    ],
)
def test_rhythms_words_would_misstate_are_shown_as_written(rule):
    assert rhythm_in_words(rule, Interfaces()("en")) == rule
