"""events.json and chapters.json as a hub gathering many sites reads them.

Both documents are valid against the JSON Schemas published beside them; an
event's ``uid``, ``updated`` and ``sequence`` are its calendar entry's own;
occurrences keep their offsets; a chapter's place and language are its file's.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import jsonschema
import pytest
import yaml

from chapterhouse.feeds.schemas import SCHEMA_FILES, schema_bytes
from tests.conftest import FIXTURE_SITE, run_pelican
from tests.e2e.test_history import Repo

SITE = "https://meetups.example.org/"
DOCUMENTS = {"events.json": "events.schema.json", "chapters.json": "chapters.schema.json"}


def _format_checker() -> jsonschema.FormatChecker:
    """The formats the schemas use, checked without jsonschema's optional extras."""
    checker = jsonschema.FormatChecker(formats=())

    @checker.checks("uri")
    def is_uri(value: object) -> bool:
        if not isinstance(value, str):
            return True
        parts = urlsplit(value)
        return (
            not re.search(r"\s", value)
            and parts.scheme in ("https", "http", "mailto")
            and bool(parts.netloc or parts.scheme == "mailto")
        )

    @checker.checks("date-time")
    def is_date_time(value: object) -> bool:
        if not isinstance(value, str):
            return True
        shape = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)"
        return bool(re.fullmatch(shape, value)) and _parses(value)

    @checker.checks("date")
    def is_date(value: object) -> bool:
        if not isinstance(value, str):
            return True
        return bool(re.fullmatch(r"\d{4}-\d\d-\d\d", value)) and _parses(value)

    return checker


def _parses(value: str) -> bool:
    try:
        datetime.fromisoformat(value)
    except ValueError:
        return False
    return True


def _validator(schema_name: str) -> jsonschema.Draft202012Validator:
    schema = json.loads(schema_bytes(schema_name))
    return jsonschema.Draft202012Validator(schema, format_checker=_format_checker())


def _errors(schema_name: str, document: object) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
        for e in _validator(schema_name).iter_errors(document)
    ]


def _load(site: Path, name: str) -> dict:
    return json.loads((site / name).read_bytes())


def _vevents(raw: bytes) -> list[dict[str, str]]:
    """The VEVENTs of a raw .ics, each as {property name: value}, lines unfolded."""
    text = raw.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "")
    found = []
    for block in re.findall(r"BEGIN:VEVENT\r\n(.*?)END:VEVENT", text, flags=re.S):
        properties = {}
        for line in block.split("\r\n"):
            if line:
                name, _, value = line.partition(":")
                properties.setdefault(name.split(";")[0], value)
        found.append(properties)
    return found


def _ics_instant(value: str) -> str:
    moment = datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


# The schemas -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", SCHEMA_FILES)
def test_the_schemas_are_published_as_they_are_and_are_draft_2020_12(built_site, name):
    assert (built_site / name).read_bytes() == schema_bytes(name)
    schema = json.loads(schema_bytes(name))
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize(("document", "schema"), DOCUMENTS.items())
def test_the_built_documents_are_valid_against_their_schemas(built_site, document, schema):
    data = _load(built_site, document)
    assert _errors(schema, data) == []
    assert data["version"] == 2
    assert data["schema"] == SITE + schema
    assert data["site"] == {"name": "Fixture Network", "url": SITE}
    assert data[document.removesuffix(".json")], "an empty list proves little"


def test_the_schema_refuses_a_document_that_breaks_a_rule(built_site):
    events = _load(built_site, "events.json")
    assert _errors("events.schema.json", events) == []

    def broken(change) -> list[str]:
        copy = json.loads(json.dumps(events))
        change(copy)
        return _errors("events.schema.json", copy)

    assert broken(lambda d: d["events"][0].pop("updated"))  # a required field
    assert broken(lambda d: d["events"][0].pop("uid"))
    assert broken(lambda d: d.pop("version"))
    assert broken(lambda d: d["events"][0].update(status="maybe"))  # an enum
    assert broken(lambda d: d["events"][0].update(attendance_mode="remote"))
    assert broken(lambda d: d["events"][0].update(updated="2026-10-27 09:33"))  # a format
    assert broken(lambda d: d["events"][0].update(url="/events/x/"))  # a relative URL
    assert broken(lambda d: d["events"][0]["chapter"].pop("city"))
    all_day = next(i for i, e in enumerate(events["events"]) if e["all_day"])
    assert broken(lambda d: d["events"][all_day].update(start="2027-04-12T00:00:00-04:00"))
    # Forward compatibility: fields added within version 2 are accepted.
    assert not broken(lambda d: d.update(generator="a later Chapterhouse"))
    assert not broken(lambda d: d["events"][0].update(new_field=1))

    chapters = _load(built_site, "chapters.json")
    without_slug = json.loads(json.dumps(chapters))
    del without_slug["chapters"][0]["slug"]
    assert _errors("chapters.schema.json", without_slug)
    bad_country = json.loads(json.dumps(chapters))
    bad_country["chapters"][0]["country"] = "Germany"
    assert _errors("chapters.schema.json", bad_country)


# events.json and the calendars -----------------------------------------------------------


def test_each_event_has_its_calendar_uid_last_modified_and_sequence(built_site):
    calendar = {e["UID"]: e for e in _vevents((built_site / "calendar.ics").read_bytes())}
    events = _load(built_site, "events.json")["events"]
    assert {e["uid"] for e in events} == set(calendar)
    for event in events:
        vevent = calendar[event["uid"]]
        assert event["id"] == event["uid"]  # version 1's name for it
        assert event["updated"] == _ics_instant(vevent["LAST-MODIFIED"])
        assert event["created"] == _ics_instant(vevent["CREATED"])
        assert event["sequence"] == int(vevent["SEQUENCE"])
    # And the event's own .ics (the "Add to calendar" download) says the same.
    (own,) = _vevents((built_site / "events/workshop/workshop.ics").read_bytes())
    workshop = next(e for e in events if e["url"].endswith("/events/workshop/"))
    assert (workshop["uid"], workshop["updated"]) == (
        own["UID"],
        _ics_instant(own["LAST-MODIFIED"]),
    )
    cancelled = next(e for e in events if e["status"] == "cancelled")
    assert cancelled["sequence"] >= 1


def test_a_recurring_event_keeps_each_occurrences_own_offset_across_dst(built_site):
    events = _load(built_site, "events.json")["events"]
    monthly = next(e for e in events if e["uid"] == "monthly@meetups.example.org")
    zone = ZoneInfo(monthly["timezone"])
    offsets = set()
    for occurrence in monthly["occurrences"]:
        for moment in (occurrence["start"], occurrence["end"]):
            parsed = datetime.fromisoformat(moment)
            assert parsed.utcoffset() == parsed.replace(tzinfo=zone).utcoffset(), moment
            offsets.add(moment[-6:])
        if "original_start" in occurrence:  # a date the organizer changed: its rule's time
            assert occurrence["original_start"][11:16] == "19:00"
        else:
            assert occurrence["start"][11:16] == "19:00"  # the same wall-clock time all year
    assert offsets == {"+02:00", "+01:00"}


# chapters.json and the chapters' files ---------------------------------------------------


def test_each_chapter_says_what_its_file_says(built_site):
    chapters = _load(built_site, "chapters.json")["chapters"]
    assert [c["slug"] for c in chapters] == ["berlin", "nyc"]
    refs = {
        e["chapter"]["slug"]: e["chapter"]
        for e in _load(built_site, "events.json")["events"]
        if e["chapter"]
    }
    for chapter in chapters:
        slug = chapter["slug"]
        front = _front_matter(FIXTURE_SITE / "content" / "chapters" / f"{slug}.md")
        assert chapter["title"] == front["title"]
        assert chapter["city"] == front["city"]
        assert chapter["country"] == front["country"]
        assert chapter["geo"] == front.get("geo")
        assert chapter["lang"] == front.get("lang", "en")  # else the site's
        assert chapter["timezone"] == front["timezone"]
        assert chapter["topics"] == front["topics"]
        assert chapter["summary"] == front.get("summary")
        assert chapter["url"] == f"{SITE}chapters/{slug}/"
        assert chapter["calendar_url"] == f"{SITE}chapters/{slug}/calendar.ics"
        assert (built_site / f"chapters/{slug}/calendar.ics").is_file()
        for kind, url in chapter["feeds"].items():
            assert url == f"{SITE}feeds/chapters/{slug}.{kind}.xml"
            assert (built_site / url.removeprefix(SITE)).is_file()
        reference = refs[slug]
        assert {k: reference[k] for k in ("city", "country", "lang", "title", "url")} == {
            k: chapter[k] for k in ("city", "country", "lang", "title", "url")
        }
    berlin = chapters[0]
    assert berlin["links"] == [
        {"kind": "website", "url": "https://berlin.example.de"},
        {"kind": "email", "url": "mailto:hello@berlin.example.de"},
    ]


# From Git history, and twice the same -----------------------------------------------------

CHAPTER = (
    "---\ntitle: Python Paris\ncity: Paris\ncountry: FR\ngeo: [48.8566, 2.3522]\nlang: fr\n"
    "timezone: Europe/Paris\ntopics: [python]\n---\nLe groupe de Paris.\n"
)
TALK = "---\ntitle: Talk\nchapter: paris\nstart: 2027-01-20 18:30\nvenue: Le Lieu\n---\nA talk.\n"
OUTPUTS = ("events.json", "chapters.json", "events.schema.json", "chapters.schema.json")


def _build(repo: Repo, output: Path) -> None:
    result = run_pelican(
        repo.root / "content",
        output,
        FIXTURE_SITE / "fixtureconf.py",
        cache=output.parent / f"{output.name}-cache",
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_updated_follows_git_and_two_builds_give_the_same_bytes(tmp_path):
    repo = Repo(tmp_path / "site")
    repo.write("chapters/paris.md", CHAPTER)
    repo.write("events/talk.md", TALK)
    repo.commit("first", "2026-01-01T10:00:00Z")

    _build(repo, tmp_path / "a")
    _build(repo, tmp_path / "b")
    for name in OUTPUTS:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name

    (paris,) = _load(tmp_path / "a", "chapters.json")["chapters"]
    assert (paris["geo"], paris["lang"], paris["city"], paris["country"]) == (
        [48.8566, 2.3522],
        "fr",
        "Paris",
        "FR",
    )
    assert paris["updated"] == "2026-01-01T10:00:00Z"
    (talk,) = _load(tmp_path / "a", "events.json")["events"]
    assert (talk["updated"], talk["created"], talk["sequence"]) == (
        "2026-01-01T10:00:00Z",
        "2026-01-01T10:00:00Z",
        0,
    )
    assert talk["chapter"]["lang"] == "fr" and talk["lang"] == "fr"
    assert _errors("events.schema.json", _load(tmp_path / "a", "events.json")) == []
    assert _errors("chapters.schema.json", _load(tmp_path / "a", "chapters.json")) == []

    repo.write("events/talk.md", TALK.replace("18:30", "19:00"))
    repo.commit("later", "2026-02-01T10:00:00Z")
    _build(repo, tmp_path / "c")
    (talk,) = _load(tmp_path / "c", "events.json")["events"]
    (vevent,) = _vevents((tmp_path / "c" / "calendar.ics").read_bytes())
    assert talk["updated"] == "2026-02-01T10:00:00Z" == _ics_instant(vevent["LAST-MODIFIED"])
    assert talk["created"] == "2026-01-01T10:00:00Z"
    assert talk["sequence"] == 1 == int(vevent["SEQUENCE"])
    (paris,) = _load(tmp_path / "c", "chapters.json")["chapters"]
    assert paris["updated"] == "2026-01-01T10:00:00Z"  # its file did not change
    assert datetime.fromisoformat(paris["updated"]).tzinfo == UTC
