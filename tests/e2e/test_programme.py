"""Programmes and recaps as visitors, calendar apps, search engines and feed readers get them.

The fixture site has a programme on the workshop (one evening), on the monthly
series (every date) and on the night across the spring clock change (two days,
two offsets), and a recap on the past talk. Raw output is checked: the HTML,
the ``.ics`` text, the JSON-LD and the feeds as written.
"""

from __future__ import annotations

import io
import json
import re
import shutil

import pytest

from chapterhouse.cli.validate import validate
from tests.conftest import FIXTURE_NOW, FIXTURE_SITE, run_pelican
from tests.e2e.helpers import page

SETTINGS = FIXTURE_SITE / "fixtureconf.py"
SITE = "https://meetups.example.org"


def raw(site, path):
    target = site / path.strip("/")
    if path.endswith("/"):
        target = target / "index.html"
    return target.read_bytes().decode()  # as written: CRLF line ends kept


def graph(site, path):
    [script] = page(site, path).select('script[type="application/ld+json"]')
    return json.loads(script.string)["@graph"]


def unfolded(ics_text):
    return ics_text.replace("\r\n ", "")


def test_the_event_page_shows_the_programme_as_a_timeline_in_the_event_zone(built_site):
    html = raw(built_site, "/events/workshop/")
    timeline = html[
        html.index('<ol class="timeline">') : html.index("</ol>", html.index("timeline"))
    ]
    times = re.findall(r'<time class="timeline-time" datetime="([^"]+)">([^<]+)</time>', timeline)
    assert times == [
        ("2026-12-10T18:30:00+01:00", "6:30\u202fPM"),
        ("2026-12-10T18:45:00+01:00", "6:45\u202fPM"),
        ("2026-12-10T19:45:00+01:00", "7:45\u202fPM"),
        ("2026-12-10T20:00:00+01:00", "8:00\u202fPM"),
        ("2026-12-10T20:45:00+01:00", "8:45\u202fPM"),
    ]
    # The speaker links to their card; kinds are labelled in words.
    assert '<a href="#speaker-1">Clara Vogel</a>' in timeline
    assert '<li class="person-card p-performer h-card" id="speaker-1">' in html
    assert '<span class="timeline-kind">Workshop</span>' in timeline
    assert '<span class="timeline-kind">Break</span>' in timeline
    assert "Questions &amp; drinks" in timeline
    assert "Times in Central European Standard Time (GMT+01:00)." in html


def test_a_series_shows_its_programme_on_the_date_the_page_is_about(built_site):
    html = raw(built_site, "/events/monthly/")
    # Now is 2026-11-22: the next date is Tuesday 8 December.
    assert (
        '<time class="timeline-time" datetime="2026-12-08T19:15:00+01:00">7:15\u202fPM</time>'
        in html
    )
    events = graph(built_site, "/events/monthly/")
    after_the_change = next(e for e in events if e["startDate"].startswith("2027-04-13"))
    assert [s["startDate"] for s in after_the_change["subEvent"]] == [
        "2027-04-13T19:00:00+02:00",
        "2027-04-13T19:15:00+02:00",
        "2027-04-13T20:15:00+02:00",
    ]


def test_sub_events_carry_their_offsets_across_the_clock_change(built_site):
    [night] = graph(built_site, "/events/dst-night/")
    sub = night["subEvent"]
    assert [(s["name"], s["startDate"], s["endDate"]) for s in sub] == [
        ("Kick-off", "2027-03-27T22:00:00+01:00", "2027-03-28T01:30:00+01:00"),
        ("Pizza", "2027-03-28T01:30:00+01:00", "2027-03-28T03:30:00+02:00"),
        ("Demos", "2027-03-28T03:30:00+02:00", "2027-03-28T04:00:00+02:00"),
    ]
    assert all(s["@type"] == "Event" and s["location"] == night["location"] for s in sub)
    html = raw(built_site, "/events/dst-night/")
    assert '<time class="timeline-time" datetime="2027-03-28T03:30:00+02:00">' in html


def test_a_sub_event_names_its_speaker_as_performer(built_site):
    [workshop] = graph(built_site, "/events/workshop/")
    performers = [s.get("performer") for s in workshop["subEvent"]]
    assert performers[1] == {
        "@type": "Person",
        "name": "Clara Vogel",
        "url": "https://clara.example.de",
    }
    assert performers[3] == {"@type": "Person", "name": "Dmitri Ivanov"}
    assert performers[0] is None


def test_the_calendar_description_lists_the_programme_as_plain_lines(built_site):
    text = raw(built_site, "/events/workshop/workshop.ics")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    vevent = unfolded(text).split("BEGIN:VEVENT")[1]
    [description] = [line for line in vevent.split("\r\n") if line.startswith("DESCRIPTION")]
    assert (
        "\\nProgramme:\\n18:30 Doors open and set-up\\n18:45 From pyproject.toml to a wheel — "
        "Clara Vogel\\n19:45 Pretzel break\\n20:00 Publishing to TestPyPI\\, then PyPI — "
        "Dmitri Ivanov\\n20:45 Questions & drinks\\n"
    ) in description
    night = unfolded(raw(built_site, "/events/dst-night/dst-night.ics"))
    assert "\\n2027-03-28 03:30 Demos\\n" in night


def test_a_past_event_page_leads_with_its_recap(built_site):
    html = raw(built_site, "/events/past-talk/")
    story = html[html.index('<div class="event-story">') :]
    assert story.index('<section class="recap" id="recap"') < story.index("A past talk.")
    recap = story[: story.index("</section>")]
    assert (
        '<a class="recap-recording" href="https://video.example.org/watch/typing-in-practice" '
        'rel="noopener">Recording</a> · <a class="recap-slides" '
        'href="https://slides.example.org/typing-in-practice.pdf" rel="noopener">Slides</a>'
    ) in recap
    assert '<span class="recap-attended">42 attended</span>' in recap
    assert "<strong>gradual typing</strong>" in recap
    assert "<script>" not in recap and "alert" not in recap
    # A local photo goes through the picture pipeline; a photo elsewhere stays a link.
    assert re.search(r'<picture class="recap-photo">.*?<img src="/[^"]+\.jpg"', recap, re.S)
    assert 'alt="Photo 1 of Typing in practice"' in recap
    assert '<a href="https://photos.example.org/typing/2.jpg" rel="noopener">Photo 2</a>' in recap
    assert "images.example" not in recap and '<img src="https://' not in recap


def test_the_recap_is_in_the_structured_data(built_site):
    [talk] = graph(built_site, "/events/past-talk/")
    assert talk["recordedIn"] == {
        "@type": "VideoObject",
        "url": "https://video.example.org/watch/typing-in-practice",
        "name": "Typing in practice",
    }
    assert talk["subjectOf"]["@type"] == "PresentationDigitalDocument"
    assert talk["subjectOf"]["url"] == "https://slides.example.org/typing-in-practice.pdf"
    assert talk["image"][-2:] == [
        f"{SITE}/images/hybrid-panel.jpg",
        "https://photos.example.org/typing/2.jpg",
    ]
    assert "42" not in json.dumps(talk)  # attended has no schema.org property


def test_the_chapter_page_lists_a_recap_line_with_the_past_event(built_site):
    html = raw(built_site, "/chapters/berlin/")
    past = html[html.index('<section class="chapter-past"') :]
    row = past[past.index("Typing in practice") :]
    row = row[: row.index("</li>")]
    assert '<a class="recap-photos-link" href="/events/past-talk/#recap-photos">2 photos</a>' in row
    assert '<a class="recap-writeup" href="/events/past-talk/#recap">Write-up</a>' in row
    assert '<span class="recap-attended">42 attended</span>' in row


def test_feed_entries_carry_the_recap_and_the_programme(built_site):
    atom = raw(built_site, "/feeds/all.atom.xml")
    entries = atom.split("<entry>")[1:]
    talk = next(e for e in entries if "/events/past-talk/" in e)
    content = talk[talk.index("<content") :]
    assert content.index("Recap") < content.index("When")  # a past event's entry leads with it
    assert "https://video.example.org/watch/typing-in-practice" in content
    assert "42 attended" in content
    assert "<enclosure" not in atom and 'rel="enclosure"' not in atom
    workshop = next(e for e in entries if "/events/workshop/" in e)
    assert "&lt;li&gt;18:45 From pyproject.toml to a wheel — Clara Vogel&lt;/li&gt;" in workshop
    rss = raw(built_site, "/feeds/all.rss.xml")
    assert "https://slides.example.org/typing-in-practice.pdf" in rss


BAD = {
    "events/bad-programme.md": """---
title: Bad programme
chapter: berlin
start: 2027-01-20 18:30
end: 21:00
programme:
  - {time: 18:30, title: Welcome}
  - {time: 7pm, title: Talk}
  - {time: 25:00, title: Late}
  - {time: 22:00, title: After the end}
  - {time: 19:00, title: Quiz, kind: karaoke}
---
""",
    "events/future-recap.md": """---
title: Not yet
chapter: berlin
start: 2027-01-20 18:30
recap:
  attended: 30
---
""",
    "events/photo-list.md": """---
title: Photos as one text
chapter: berlin
start: 2026-11-02 18:30
recap:
  photos: images/a.jpg, images/b.jpg
---
""",
}


@pytest.fixture(scope="module")
def bad_build(tmp_path_factory):
    """Build the fixture site, then again with the bad files: the report, and the output."""
    root = tmp_path_factory.mktemp("bad-programme")
    content = root / "content"
    shutil.copytree(FIXTURE_SITE / "content", content)
    output = root / "output"
    first = run_pelican(content, output, SETTINGS)
    assert first.returncode == 0, first.stderr
    for relpath, text in BAD.items():
        (content / relpath).write_text(text, encoding="utf-8")
    second = run_pelican(content, output, SETTINGS)
    return second, output


@pytest.mark.parametrize(
    "expected",
    [
        "events/bad-programme.md:8: programme.1.time: '7pm' is not a time of day",
        "events/bad-programme.md:9: programme.2.time: '25:00' is not a time of day",
        "events/bad-programme.md:10: programme.3.time: '22:00' is after the event ends (21:00)",
        "events/bad-programme.md:11: programme.4.kind: 'karaoke' is not allowed (allowed: talk, "
        "workshop, icebreaker, quiz, break, networking)",
        "events/future-recap.md:5: recap: the event ends 2027-01-20 20:30 (Europe/Berlin), after "
        "now (2026-11-22 13:00): a recap is for an event that has taken place",
        "events/photo-list.md:6: recap.photos: 'images/a.jpg, images/b.jpg' is one text with "
        "commas, not a list",
    ],
)
def test_bad_programmes_and_recaps_are_reported_at_their_line(bad_build, expected):
    result, _ = bad_build
    assert any(expected in line for line in result.stderr.splitlines()), result.stderr


def test_a_bad_programme_loses_nothing_already_built(bad_build):
    result, output = bad_build
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Build failed: 6 problem(s) in 3 file(s)" in result.stderr
    assert (output / "events" / "workshop" / "index.html").exists()
    assert '<ol class="timeline">' in raw(output, "/events/workshop/")


def test_validate_warns_of_suspect_values_without_failing(content_tree, monkeypatch):
    chapter = (FIXTURE_SITE / "content" / "chapters" / "berlin.md").read_text(encoding="utf-8")
    content = content_tree(
        {
            "chapters/berlin.md": chapter,
            "events/suspect.md": """---
title: Suspect
start: 2026-11-02 18:30
end: 21:00
rsvp: {url: https://forms.example.org/s, capacity: 20}
speakers: [Ada Lovelace]
programme:
  - {time: 19:00, title: Talk, speaker: Ada Lovelance}
  - {time: 18:30, title: Welcome}
  - {time: 21:00, title: Goodbye}
recap: {attended: 25}
---
""",
        }
    )
    monkeypatch.setenv("CHAPTERHOUSE_NOW", FIXTURE_NOW)
    out = io.StringIO()
    assert validate(SETTINGS, str(content), out) == 0
    lines = out.getvalue().splitlines()
    assert [
        line.split(": ", 1)[1].split(" (")[0] for line in lines if line.startswith("warning")
    ] == [
        f"{content}/events/suspect.md:8: programme.0.speaker: 'Ada Lovelance' is not one of the "
        "event's speakers",
        f"{content}/events/suspect.md:9: programme.1.time: '18:30' is earlier than the item "
        "before it",
        f"{content}/events/suspect.md:10: programme.2.time: '21:00' is the very end of the event: "
        "nothing can happen after it",
        f"{content}/events/suspect.md:11: recap.attended: 25 people attended, more than the 20 "
        "places of rsvp.capacity",
    ]


def test_events_json_carries_the_programme_and_the_recap(built_site):
    document = json.loads((built_site / "events.json").read_text(encoding="utf-8"))
    by_url = {e["url"]: e for e in document["events"]}
    night = by_url[f"{SITE}/events/dst-night/"]
    assert [(p["start"], p["title"], p["kind"]) for p in night["programme"]] == [
        ("2027-03-27T22:00:00+01:00", "Kick-off", "icebreaker"),
        ("2027-03-28T01:30:00+01:00", "Pizza", "break"),
        ("2027-03-28T03:30:00+02:00", "Demos", "talk"),
    ]
    talk = by_url[f"{SITE}/events/past-talk/"]
    assert talk["recap"] == {
        "slides": "https://slides.example.org/typing-in-practice.pdf",
        "recording": "https://video.example.org/watch/typing-in-practice",
        "photos": [f"{SITE}/images/hybrid-panel.jpg", "https://photos.example.org/typing/2.jpg"],
        "attended": 42,
    }
    conference = by_url[f"{SITE}/events/conference/"]
    assert "programme" not in conference and "recap" not in conference
