"""`invoke announce`: what an organizer pastes, read as they would read it."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chapterhouse.announce.facts import Facts, Kind, NotAnnounced, choose_occurrence, gather
from chapterhouse.announce.limits import (
    ELLIPSIS,
    MASTODON_LIMIT,
    TooLong,
    fit,
    fits,
    mastodon_length,
    shorten,
)
from chapterhouse.announce.networks import post
from chapterhouse.cli.announce import AnnounceRequest, announce
from chapterhouse.core.catalog import load_catalog
from chapterhouse.core.topics import TopicIndex
from chapterhouse.render.i18n import Interfaces
from chapterhouse.site.urls import Urls

NBSP = "\u00a0"
NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)
URL = "https://meetups.example.org"

CHAPTERS = {
    "chapters/toulouse.md": "---\ntitle: Python Toulouse\ntimezone: Europe/Paris\nlang: fr\n---\n",
    "chapters/berlin.md": "---\ntitle: Python Berlin\ntimezone: Europe/Berlin\n---\n",
}
ATELIER = """---
title: "Atelier : publier son premier paquet Python"
chapter: toulouse
start: 2026-12-10 18:30
end: "21:00"
venue:
  name: Espace Nubo
  address: 12 allée Jean Jaurès, 31000 Toulouse
speakers: [Élodie Bernard]
rsvp:
  url: https://forms.example.org/atelier?date={date}
topics: [python, open source]
summary: De pyproject.toml à PyPI en une soirée.
---
"""
WORKSHOP = """---
title: Packaging workshop
chapter: berlin
start: 2026-12-10 18:30
end: "21:00"
venue:
  name: Betahaus
  address: Rudi-Dutschke-Straße 23, 10969 Berlin
speakers: [Clara Vogel, Dmitri Ivanov]
rsvp:
  url: https://forms.example.org/workshop
topics: [python]
---
"""


def _event(content_tree, settings, text: str, slug: str = "x", **more: str):
    root = content_tree({**CHAPTERS, f"events/{slug}.md": text, **more})
    catalog = load_catalog(root, settings)
    assert not catalog.problems, catalog.problems
    events = {e.slug: e for e in catalog.events}
    return events[slug], catalog.chapters_by_slug()


def _facts(content_tree, settings, text: str, now: datetime = NOW, day: date | None = None):
    event, chapters = _event(content_tree, settings, text)
    occurrence = choose_occurrence(event, now, day)
    urls = Urls(URL, "", settings.languages)
    interface = Interfaces()(event.lang)
    return gather(
        event, occurrence, chapters.get(event.chapter), TopicIndex(), urls, interface, now
    )


# The measured length ------------------------------------------------------------------------
def test_mastodon_counts_every_link_as_23_characters():
    link = "https://forms.example.org/" + "a" * 200
    assert mastodon_length(f"RSVP: {link}") == len("RSVP: ") + 23
    assert mastodon_length("http://x.org and https://y.org/z") == 23 + len(" and ") + 23
    assert mastodon_length("no link here") == len("no link here")


def test_exactly_500_characters_fit_on_mastodon_and_501_do_not():
    assert fits("a" * 500, MASTODON_LIMIT, mastodon_length)
    assert not fits("a" * 501, MASTODON_LIMIT, mastodon_length)
    link = "https://example.org/" + "b" * 300  # counts 23
    assert fits("a" * 476 + " " + link, MASTODON_LIMIT, mastodon_length)
    assert not fits("a" * 477 + " " + link, MASTODON_LIMIT, mastodon_length)


def test_shortening_keeps_whole_words_and_never_cuts_a_link():
    text = "Build https://example.org/a-long-path and publish a package"
    assert shorten(text, 1) == "Build" + ELLIPSIS
    assert shorten(text, 2) == "Build https://example.org/a-long-path" + ELLIPSIS
    assert shorten(text, 7) == text
    assert shorten(text, 0) == ""
    assert shorten("Before, after", 1) == "Before" + ELLIPSIS


def _render(parts):
    return "|".join(parts[name] for name in ("title", "summary", "speakers", "tags") if parts[name])


def test_fit_leaves_parts_out_in_order_then_shortens():
    parts = {"title": "T", "summary": "one two three", "speakers": "SS", "tags": "#a"}
    full = _render(parts)
    assert fit(_render, parts, len(full), drop=("tags", "speakers"), shrink=("summary",)) == full
    assert fit(_render, parts, len(full) - 1, drop=("tags", "speakers")) == "T|one two three|SS"
    assert fit(_render, parts, 15, drop=("tags", "speakers")) == "T|one two three"
    shortened = fit(_render, parts, 10, drop=("tags", "speakers"), shrink=("summary",))
    assert shortened == "T|one two" + ELLIPSIS
    assert fit(_render, parts, 1, drop=("tags", "speakers"), shrink=("summary",)) == "T"
    with pytest.raises(TooLong, match="at most 0"):
        fit(_render, parts, 0, drop=("tags", "speakers"), shrink=("summary",))


# What is said, in the event's language --------------------------------------------------------
def test_a_french_event_is_announced_in_french_with_its_zone_named(content_tree, settings):
    facts = _facts(content_tree, settings, ATELIER)
    text = post("mastodon", facts).text
    assert text.splitlines()[0] == "Atelier : publier son premier paquet Python"
    assert (
        f"Quand{NBSP}: jeudi 10 décembre 2026, 18:30 – 21:00, "
        "heure normale d’Europe centrale (UTC+01:00)"
    ) in text
    assert f"Où{NBSP}: Espace Nubo, 12 allée Jean Jaurès, 31000 Toulouse" in text
    assert f"Intervenant·e{NBSP}: Élodie Bernard" in text
    assert f"S’inscrire{NBSP}: https://forms.example.org/atelier?date=2026-12-10" in text
    assert f"Page de l’événement{NBSP}: {URL}/events/x/" in text
    assert f"Ajouter à votre agenda{NBSP}: {URL}/events/x/x.ics" in text
    assert text.endswith("#python #OpenSource")


def test_an_english_event_names_its_zone_and_links_absolutely(content_tree, settings):
    facts = _facts(content_tree, settings, WORKSHOP)
    text = post("linkedin", facts).text
    assert text.startswith("Packaging workshop\n\n")
    assert (
        "When: Thursday, December 10, 2026, 6:30\u202fPM – 9:00\u202fPM, "
        "Central European Standard Time (GMT+01:00)"
    ) in text.replace(" PM", "\u202fPM")
    assert "Speakers: Clara Vogel and Dmitri Ivanov" in text
    assert "RSVP: https://forms.example.org/workshop" in text
    assert f"Event page: {URL}/events/x/\nAdd to your calendar: {URL}/events/x/x.ics" in text


def test_an_email_has_a_subject_with_the_date_then_a_body(content_tree, settings):
    text = post("email", _facts(content_tree, settings, WORKSHOP)).text
    subject, blank, body = text.split("\n", 2)
    assert subject == "Subject: Packaging workshop – Thu, Dec 10, 2026"
    assert blank == ""
    assert body.startswith("Packaging workshop\n")
    assert "#python" not in body


def test_a_long_title_is_shortened_in_the_subject_and_the_date_kept(content_tree, settings):
    long = "Packaging workshop " + " ".join(["and more"] * 20)
    facts = _facts(content_tree, settings, WORKSHOP.replace("Packaging workshop", long))
    email = post("email", facts)
    subject = email.text.splitlines()[0]
    assert len(subject) <= 78 and email.length == len(subject)
    assert subject.endswith(ELLIPSIS + " – Thu, Dec 10, 2026")
    assert len(subject.replace("more…", "more more")) > 78  # no word more would fit
    assert long in email.text  # the body keeps the whole title


def test_a_series_announces_the_next_date_and_its_rule(content_tree, settings):
    series = WORKSHOP.replace('end: "21:00"', 'end: "21:00"\nrepeat: FREQ=MONTHLY;BYDAY=2TH')
    series = series.replace("2026-12-10", "2026-10-08")
    text = post("linkedin", _facts(content_tree, settings, series)).text
    assert "When: Thursday, December 10, 2026" in text
    assert "Repeats: the second Thursday of the month" in text
    picked = _facts(content_tree, settings, series, day=date(2027, 1, 14))
    assert "Thursday, January 14, 2027" in picked.when
    with pytest.raises(NotAnnounced, match="no date on 2027-01-15"):
        _facts(content_tree, settings, series, day=date(2027, 1, 15))


def test_a_full_event_offers_its_waiting_list_or_says_there_is_none(content_tree, settings):
    full = WORKSHOP.replace(
        "  url: https://forms.example.org/workshop",
        "  url: https://forms.example.org/workshop\n  full: true\n"
        "  waitlist_url: https://forms.example.org/wait",
    )
    facts = _facts(content_tree, settings, full)
    assert facts.registration == "Every place is taken."
    assert facts.links[0] == "Join the waiting list: https://forms.example.org/wait"
    assert not any("RSVP" in link for link in facts.links)
    none = _facts(
        content_tree, settings, full.replace("  waitlist_url: https://forms.example.org/wait\n", "")
    )
    assert none.registration == "Every place is taken. There is no waiting list."
    assert none.links[0].startswith("Event page: ")


def test_a_cancelled_event_gets_a_short_cancellation_notice(content_tree, settings):
    facts = _facts(
        content_tree, settings, WORKSHOP.replace("topics:", "event_status: cancelled\ntopics:")
    )
    text = post("mastodon", facts).text
    assert facts.kind is Kind.CANCELLED
    assert text.startswith("Cancelled: Packaging workshop\n\nThis event will not take place.")
    assert "RSVP" not in text and ".ics" not in text
    assert f"Event page: {URL}/events/x/" in text
    subject = post("email", facts).text.splitlines()[0]
    assert subject == "Subject: Cancelled: Packaging workshop – Thu, Dec 10, 2026"


def test_a_postponed_event_says_so_and_gives_no_date(content_tree, settings):
    facts = _facts(
        content_tree, settings, WORKSHOP.replace("topics:", "event_status: postponed\ntopics:")
    )
    text = post("mastodon", facts).text
    assert "Postponed — A new date will be announced." in text
    assert "December 10" not in text and ".ics" not in text
    assert post("email", facts).text.splitlines()[0] == "Subject: Postponed: Packaging workshop"


def test_past_events_and_closed_registration_are_refused(content_tree, settings):
    later = datetime(2026, 12, 10, 20, tzinfo=UTC)
    with pytest.raises(NotAnnounced, match="took place on 2026-12-10 18:30: past events"):
        _facts(content_tree, settings, WORKSHOP, now=later)
    closed = WORKSHOP.replace(
        "  url: https://forms.example.org/workshop",
        "  url: https://f.example.org/w\n  closes: 2026-11-01",
    )
    with pytest.raises(NotAnnounced, match="registration for 'x' closed on 2026-11-02 00:00"):
        _facts(content_tree, settings, closed)


def test_a_post_too_long_loses_hashtags_then_speakers_then_the_rule_then_summary_words():
    facts = Facts(
        Kind.EVENT,
        "Title",
        "Thu, Dec 10, 2026",
        summary=" ".join(["word"] * 30),
        when="When: " + "w" * 60,
        rule="Repeats: every week",
        where="Where: " + "p" * 100,
        speakers="Speakers: Ada and Grace",
        links=tuple(f"Link: https://example.org/{'x' * 300}/{n}" for n in range(3)),
        hashtags=("#python",),
    )
    full = post("mastodon", facts).text
    assert "#python" in full and mastodon_length(full) <= MASTODON_LIMIT
    spare = MASTODON_LIMIT - mastodon_length(full)

    def grown(extra: int) -> str:
        return post("mastodon", replace(facts, where=facts.where + "p" * extra)).text

    hashtags, speakers, rule = len("\n\n#python"), len("\nSpeakers: Ada and Grace"), 20
    assert "#python" in grown(spare)
    assert "#python" not in grown(spare + 1) and "Speakers" in grown(spare + hashtags)
    assert "Speakers" not in grown(spare + hashtags + 1)
    assert "Repeats" in grown(spare + hashtags + speakers)
    assert "Repeats" not in grown(spare + hashtags + speakers + 1)
    assert facts.summary in grown(spare + hashtags + speakers + rule)
    shortened = grown(spare + hashtags + speakers + rule + 1)
    assert facts.summary not in shortened and " ".join(["word"] * 29) + ELLIPSIS in shortened
    assert mastodon_length(shortened) == MASTODON_LIMIT + 1 - len(" word") + len(ELLIPSIS)
    much = grown(spare + hashtags + speakers + rule + 150)
    assert "word" not in much and much.startswith("Title\n\nWhen:")
    for n in range(3):  # links whole, whatever was left out
        assert f"https://example.org/{'x' * 300}/{n}" in much


# The command ---------------------------------------------------------------------------------
def _site(content_tree, tmp_path: Path, siteurl: str = URL) -> tuple[Path, Path]:
    content = content_tree({**CHAPTERS, "events/workshop.md": WORKSHOP})
    settings_file = tmp_path / "conf.py"
    settings_file.write_text(
        f"SITEURL = {siteurl!r}\nPATH = {str(content)!r}\nTIMEZONE = 'Europe/Paris'\n"
        "DEFAULT_LANG = 'en'\n",
        encoding="utf-8",
    )
    return settings_file, content


def _run(settings_file: Path, request: AnnounceRequest, monkeypatch) -> tuple[int, str, str]:
    monkeypatch.setenv("CHAPTERHOUSE_NOW", "2026-11-22T12:00:00Z")
    out, err = io.StringIO(), io.StringIO()
    status = announce(settings_file, request, out, err)
    return status, out.getvalue(), err.getvalue()


def test_an_unknown_slug_is_one_line_with_a_suggestion(content_tree, tmp_path, monkeypatch):
    settings_file, _ = _site(content_tree, tmp_path)
    status, out, err = _run(settings_file, AnnounceRequest("worksop"), monkeypatch)
    assert status == 1 and out == ""
    assert err == "error: --event: no event 'worksop' (did you mean 'workshop'?)\n"


def test_every_network_is_printed_under_its_heading(content_tree, tmp_path, monkeypatch):
    settings_file, _ = _site(content_tree, tmp_path)
    status, out, err = _run(settings_file, AnnounceRequest("workshop"), monkeypatch)
    assert status == 0 and err == ""
    headings = [line for line in out.splitlines() if line.startswith("=====")]
    assert [h.split(" (")[0] for h in headings] == [
        "===== Email", "===== LinkedIn", "===== Mastodon",
    ]  # fmt: skip
    assert headings[2].endswith("/500 characters, each link counted as 23) =====")
    status, out, _ = _run(settings_file, AnnounceRequest("workshop", "mastodon"), monkeypatch)
    assert out.startswith("Packaging workshop\n") and "=====" not in out


def test_without_siteurl_it_refuses_rather_than_print_relative_links(
    content_tree, tmp_path, monkeypatch
):
    settings_file, _ = _site(content_tree, tmp_path, siteurl="")
    status, out, err = _run(settings_file, AnnounceRequest("workshop"), monkeypatch)
    assert status == 1 and out == ""
    assert err.startswith("error: SITEURL is not set (conf.py): ") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (AnnounceRequest("workshop", network="tiktok"), "--network: 'tiktok' is not one of"),
        (AnnounceRequest("workshop", day="10/12/2026"), "--date: '10/12/2026' is not a date"),
        (AnnounceRequest("workshop", day="2026-12-11"), "--date: 'workshop' has no date on"),
    ],
)
def test_wrong_options_are_one_line(content_tree, tmp_path, monkeypatch, request_, message):
    settings_file, _ = _site(content_tree, tmp_path)
    status, _, err = _run(settings_file, request_, monkeypatch)
    assert status == 1 and err.startswith(f"error: {message}") and err.count("\n") == 1


@given(
    words=st.lists(st.text("abcdefghij", min_size=1, max_size=9), min_size=1, max_size=30),
    limit=st.integers(min_value=12, max_value=200),
)
def test_the_summary_keeps_as_many_words_as_fit_and_no_fewer(words, limit):
    summary = " ".join(words)

    def render(parts):
        return f"Title\n{parts['summary']}"

    try:
        text = fit(render, {"summary": summary}, limit, shrink=("summary",))
    except TooLong:
        assert len("Title\n") > limit
        return
    assert len(text) <= limit
    kept = text.removeprefix("Title\n")
    if kept == summary:
        return
    shown = len(kept.removesuffix(ELLIPSIS).split()) if kept else 0
    # One more word would not fit: the summary is cut as late as it can be.
    assert len(render({"summary": shorten(summary, shown + 1)})) > limit


def test_shorten_trims_the_punctuation_before_the_ellipsis():
    assert shorten("Talks, food; drinks: more", 3) == "Talks, food; drinks" + ELLIPSIS
    assert shorten("one two", 2) == "one two"
    assert shorten("one two", 0) == ""


def test_a_changed_date_of_a_series_is_announced_as_it_is_on_that_date(content_tree, settings):
    series = WORKSHOP.replace('end: "21:00"', 'end: "21:00"\nrepeat: FREQ=MONTHLY;BYDAY=2TH')
    series = series.replace("2026-12-10", "2026-10-08").replace(
        "topics:",
        "occurrences:\n  2026-12-10:\n    start: 2026-12-03 19:00\n    venue: c-base\n"
        "  2027-01-14:\n    event_status: cancelled\ntopics:",
    )
    moved = _facts(content_tree, settings, series)
    assert "Thursday, December 3, 2026" in moved.when  # moved a week earlier: the next date
    assert "c-base" in moved.where and "Betahaus" not in moved.where
    cancelled = _facts(content_tree, settings, series, day=date(2027, 1, 14))
    assert cancelled.kind is Kind.CANCELLED
    # Once the moved date is over, the rule's 10 December is not offered again: 14 January is next.
    passed = _facts(content_tree, settings, series, datetime(2026, 12, 4, tzinfo=UTC))
    assert "Thursday, January 14, 2027" in passed.when
