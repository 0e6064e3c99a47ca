"""What the theme is given: series listed once, zones named, registration states, rules in words,
colours and identity settings."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from PIL import Image

from chapterhouse.config import ChapterhouseSettings
from chapterhouse.core.loading import load_chapter, load_event
from chapterhouse.core.recurrence import rule_parts
from chapterhouse.core.rsvp import RsvpState, RsvpWindow
from chapterhouse.media.contrast import contrast_ratio
from chapterhouse.render.i18n import Interfaces
from chapterhouse.render.rules import rule_in_words
from chapterhouse.site.identity import accent_stylesheet, colour_problem, site_accent_path
from chapterhouse.site.views import (
    RsvpView,
    collapse_series,
    registration_state,
    shows_zone,
)

PARIS = ZoneInfo("Europe/Paris")


def _event(text: str, settings, chapters=None, name: str = "x"):
    loaded = load_event(
        ("---\n" + text + "---\n").encode(),
        f"events/{name}.md",
        f"events/{name}.md",
        settings,
        Path("/nonexistent"),
        chapters or {},
    )
    assert loaded.problems == (), loaded.problems
    return loaded.item


def test_a_series_is_listed_once_at_its_first_date_with_its_following_dates(settings):
    series = _event(
        "title: Monthly\nstart: 2027-01-20 18:30\ntimezone: Europe/Paris\n"
        "repeat: FREQ=MONTHLY;BYDAY=3WE;COUNT=6\n",
        settings,
    )
    single = _event(
        "title: Once\nstart: 2027-02-01 18:30\ntimezone: Europe/Paris\n", settings, name="once"
    )
    year = (datetime(2027, 1, 1, tzinfo=UTC), datetime(2028, 1, 1, tzinfo=UTC))
    dates = sorted(
        [*series.occurrences(year), single.occurrence_at(single.start)], key=lambda o: o.sort_key
    )
    entries = collapse_series(dates)
    assert [(o.event.title, len(later)) for o, later in entries] == [("Monthly", 3), ("Once", 0)]
    first, later = entries[0]
    assert first.local_start.date().isoformat() == "2027-01-20"
    assert [o.local_start.date().isoformat() for o in later] == [
        "2027-02-17",
        "2027-03-17",
        "2027-04-21",
    ]


def test_a_listing_names_the_zone_only_where_the_offset_is_not_the_sites(settings):
    mexico = _event(
        "title: CDMX\nstart: 2027-01-20 17:00\ntimezone: America/Mexico_City\n", settings
    )
    paris = _event("title: Paris\nstart: 2027-01-20 17:00\ntimezone: Europe/Paris\n", settings)
    berlin = _event("title: Berlin\nstart: 2027-01-20 17:00\ntimezone: Europe/Berlin\n", settings)
    day = _event("title: Day\nstart: 2027-01-20\ntimezone: America/Mexico_City\n", settings)
    assert shows_zone(mexico.occurrence_at(mexico.start), PARIS)
    assert not shows_zone(paris.occurrence_at(paris.start), PARIS)
    assert not shows_zone(berlin.occurrence_at(berlin.start), PARIS)  # same offset that day
    assert not shows_zone(day.occurrence_at(day.start), PARIS)  # a date has no zone


def _view(state: RsvpState, waitlist: str = "", price: str | None = "10") -> RsvpView:
    now = datetime(2027, 1, 1, tzinfo=UTC)
    return RsvpView(RsvpWindow(state, None, now), "https://f.example", 20, waitlist, price, "EUR")


def test_registration_state_without_a_form_says_come_along_or_what_happened(settings):
    plain = _event("title: T\nstart: 2027-01-20 18:30\ntimezone: Europe/Paris\n", settings)
    cancelled = _event(
        "title: T\nstart: 2027-01-20 18:30\ntimezone: Europe/Paris\nevent_status: cancelled\n",
        settings,
    )
    postponed = _event(
        "title: T\nstart: 2027-01-20 18:30\ntimezone: Europe/Paris\nevent_status: postponed\n",
        settings,
    )
    assert registration_state(plain, None, past=False) == "none"
    assert registration_state(plain, None, past=True) == "past"
    assert registration_state(cancelled, None, past=False) == "cancelled"
    assert registration_state(postponed, None, past=False) == "postponed"
    assert registration_state(plain, _view(RsvpState.FULL), past=False) == "full"


def test_the_waiting_list_is_offered_when_full_or_closed_and_the_price_only_while_on():
    assert _view(RsvpState.FULL, "https://w.example").offers_waitlist
    assert _view(RsvpState.CLOSED, "https://w.example").offers_waitlist
    assert not _view(RsvpState.OPEN, "https://w.example").offers_waitlist
    assert not _view(RsvpState.FULL).offers_waitlist  # no waiting list given
    assert _view(RsvpState.OPEN).shows_price
    assert _view(RsvpState.FULL).shows_price
    for state in (RsvpState.CANCELLED, RsvpState.POSTPONED, RsvpState.PAST):
        assert not _view(state).shows_price
    assert not _view(RsvpState.OPEN, price=None).shows_price


@pytest.mark.parametrize(
    ("rule", "english", "french"),
    [
        (
            "FREQ=MONTHLY;INTERVAL=3;BYDAY=3WE",
            "the third Wednesday of the month, every 3 months",
            "chaque troisième mercredi du mois, tous les 3 mois",
        ),
        (
            "FREQ=MONTHLY;BYDAY=-1FR",
            "the last Friday of the month",
            "chaque dernier vendredi du mois",
        ),
        ("FREQ=MONTHLY;BYDAY=1MO", "the first Monday of the month", "chaque premier lundi du mois"),
        ("FREQ=WEEKLY;BYDAY=TU,TH", "every Tuesday and Thursday", "chaque mardi et jeudi"),
        (
            "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
            "every Tuesday, every 2 weeks",
            "chaque mardi, toutes les 2 semaines",
        ),
        ("FREQ=MONTHLY;BYMONTHDAY=15", "on day 15 of the month", "le 15 de chaque mois"),
        ("FREQ=MONTHLY", "every month", "chaque mois"),
        ("FREQ=YEARLY", "every year", "chaque année"),
        ("FREQ=DAILY;INTERVAL=2", "every 2 days", "tous les 2 jours"),
        ("FREQ=WEEKLY", "every week", "chaque semaine"),
        (
            "FREQ=MONTHLY;BYDAY=2TH",
            "the second Thursday of the month",
            "chaque deuxième jeudi du mois",
        ),
        (
            "FREQ=MONTHLY;BYDAY=4SA",
            "the fourth Saturday of the month",
            "chaque quatrième samedi du mois",
        ),
        (
            "FREQ=MONTHLY;BYDAY=5SU",
            "the fifth Sunday of the month",
            "chaque cinquième dimanche du mois",
        ),
        ("FREQ=MONTHLY;BYMONTHDAY=-1", "on the last day of the month", "le dernier jour du mois"),
        (
            "FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=15",
            "on day 15 of the month, every 2 months",
            "le 15 de chaque mois, tous les 2 mois",
        ),
        ("FREQ=DAILY", "every day", "chaque jour"),
        ("FREQ=YEARLY;INTERVAL=2", "every 2 years", "tous les 2 ans"),
        ("FREQ=MONTHLY;INTERVAL=2", "every 2 months", "tous les 2 mois"),
        ("FREQ=WEEKLY;INTERVAL=3", "every 3 weeks", "toutes les 3 semaines"),
        # What the words cannot say simply is summarised by how often.
        ("FREQ=MONTHLY;BYDAY=1MO,3MO", "every month", "chaque mois"),
        ("FREQ=MONTHLY;BYDAY=1MO,1TH", "every month", "chaque mois"),
        ("FREQ=MONTHLY;BYMONTHDAY=1,15", "every month", "chaque mois"),
        ("FREQ=MONTHLY;BYDAY=MO", "every month", "chaque mois"),
        (
            "FREQ=YEARLY;BYMONTHDAY=1",
            "on day 1 of the month, every year",
            "le 1 de chaque mois, chaque année",
        ),
    ],
)
def test_a_rule_in_words_in_the_readers_language(rule, english, french):
    interfaces = Interfaces()
    assert rule_in_words(rule_parts(rule), interfaces("en")) == english
    assert rule_in_words(rule_parts(rule), interfaces("fr")) == french


def test_a_rule_in_words_in_japanese_and_polish_plural_forms():
    interfaces = Interfaces()
    assert rule_in_words(rule_parts("FREQ=MONTHLY;INTERVAL=3;BYDAY=3WE"), interfaces("ja")) == (
        "3か月ごと、第3水曜日"
    )
    polish = interfaces("pl")
    assert rule_in_words(rule_parts("FREQ=MONTHLY;INTERVAL=3"), polish) == "co 3 miesiące"
    assert rule_in_words(rule_parts("FREQ=MONTHLY;INTERVAL=5"), polish) == "co 5 miesięcy"


def test_rule_parts_says_when_words_are_only_a_summary():
    assert rule_parts("FREQ=MONTHLY;BYDAY=3WE;UNTIL=20271231T000000Z").plain
    assert not rule_parts("FREQ=MONTHLY;BYDAY=MO,TU;BYSETPOS=1").plain
    assert rule_parts("FREQ=MONTHLY;BYDAY=3WE").weekdays == ((3, 2),)


def test_a_colour_is_shaded_for_text_in_each_scheme_and_reported_only_when_too_pale_on_white():
    css = accent_stylesheet("#c2410c")
    assert css == (
        "/* #c2410c */\n"
        ":root { --accent: #c2410c; --accent-text: #ffffff; --brand: #c2410c; --brand-text: "
        "#ffffff; }\n"
        "@media (prefers-color-scheme: dark) {\n"
        "  :root { --accent: #f05514; --accent-text: #1b1d21; }\n"
        "}\n"
    )
    dark = css.split("prefers-color-scheme: dark")[1]
    assert "--accent: #c2410c" not in dark  # too dark on the dark background: a lighter shade
    # A mid-tone: readable on both backgrounds of its scheme and under its button's label.
    css = accent_stylesheet("#7c3aed")
    light = re.search(r":root \{ --accent: (#\w+); --accent-text: (#\w+)", css).groups()
    dark = re.search(r"dark\) \{\n  :root \{ --accent: (#\w+); --accent-text: (#\w+)", css).groups()
    for (shade, label), backgrounds in (
        (light, ("#ffffff", "#f4f5f7")),
        (dark, ("#15171b", "#1f2329")),
    ):
        for background in (*backgrounds, label):
            assert contrast_ratio(shade, background) >= 4.5, (shade, background)
    assert colour_problem("#c2410c") == ""
    problem = colour_problem("#fde68a")
    assert problem == (
        "#fde68a has a contrast of 1.14:1 on the light background, below 4.5:1 for text; "
        "#886d02 (the closest readable shade) is used for links and buttons instead"
    )
    assert problem.startswith("#fde68a has a contrast of 1.14:1 on the light background")
    assert "#886d02 (the closest readable shade)" in problem
    assert site_accent_path("#1F5FBF") == ""  # the theme's own accent needs no stylesheet
    assert site_accent_path("#c2410c") == "css/accent.css"


def _settings(**options):
    return ChapterhouseSettings.from_settings({"CHAPTERHOUSE": options, "PATH": "content"})


def test_identity_settings_by_language_and_refusals():
    settings = _settings(tagline={"fr": "Bonjour", "en": "Hello"}, intro="Everyone", accent="#C41")
    assert settings.words("tagline", "fr") == "Bonjour"
    assert settings.words("tagline", "es") == ""
    assert settings.words("intro", "es") == "Everyone"
    assert settings.accent == "#cc4411"
    with pytest.raises(ValueError, match=r"CHAPTERHOUSE\['accent'\]: 'blue' is not a colour"):
        _settings(accent="blue")
    with pytest.raises(ValueError, match="is on another site"):
        _settings(logo="https://cdn.example/logo.png")
    assert _settings(logo="/images/logo.svg").logo == "images/logo.svg"  # checked at build time
    with pytest.raises(ValueError, match="neither a text nor a dictionary"):
        _settings(tagline=["a", "b"])


def test_chapter_colour_banner_and_photos_are_read_and_checked(settings, tmp_path):
    (tmp_path / "images").mkdir()
    Image.new("RGB", (40, 20), "#c41").save(tmp_path / "images" / "b.jpg")
    text = (
        "---\ntitle: C\ncolor: '#C41'\nbanner: images/b.jpg\n"
        "organizers:\n  - name: Ada\n    photo: images/ada.jpg\n---\n"
    )
    loaded = load_chapter(
        text.encode(), "chapters/c.md", "content/chapters/c.md", settings, tmp_path
    )
    assert [(p.line, p.field) for p in loaded.problems] == [(7, "organizers.0.photo")]
    assert "'images/ada.jpg' is not a file in the content folder" in loaded.problems[0].message
    unquoted = load_chapter(
        b"---\ntitle: C\ncolor: #c2410c\n---\n", "chapters/c.md", "c.md", settings, tmp_path
    )
    assert [p.field for p in unquoted.problems] == ["color"]
    assert "quote it" in unquoted.problems[0].hint
    good = load_chapter(
        b"---\ntitle: C\ncolor: '#C41'\nbanner: images/b.jpg\n---\n",
        "chapters/c.md",
        "c.md",
        settings,
        tmp_path,
    )
    assert (good.item.color, good.item.banner) == ("#cc4411", "images/b.jpg")


def test_full_is_read_from_rsvp(settings):
    event = _event(
        "title: T\nstart: 2027-01-20 18:30\ntimezone: Europe/Paris\n"
        "rsvp:\n  url: https://f.example\n  full: true\n",
        settings,
    )
    assert event.rsvp.full
    assert event.rsvp.capacity is None
