"""Idempotency: matched by UID, updated while untouched, never duplicated, edits kept."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from chapterhouse.cli.importer import import_events
from chapterhouse.importer.document import read_marker, stamp
from tests.conftest import ROOT

SETTINGS = ROOT / "pelicanconf.py"
CHAPTER = "---\ntitle: Python Toulouse\ntimezone: Europe/Paris\ncountry: FR\n---\n"


def ics(*events: str) -> str:
    body = "".join(f"BEGIN:VEVENT\n{e.strip()}\nEND:VEVENT\n" for e in events)
    return f"BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:-//test//EN\n{body}END:VCALENDAR\n".replace(
        "\n", "\r\n"
    )


TALK = "UID:talk-1@example.org\nSUMMARY:Talk\nDTSTART;TZID=Europe/Paris:20270120T183000\nDTEND;TZID=Europe/Paris:20270120T210000"
DOJO = "UID:dojo-1@example.org\nSUMMARY:Dojo\nDTSTART;TZID=Europe/Paris:20270121T183000"


@pytest.fixture
def site(content_tree, tmp_path):
    content = content_tree(
        {"chapters/toulouse.md": CHAPTER, "chapters/lyon.md": CHAPTER.replace("Toulouse", "Lyon")}
    )
    source = tmp_path / "feed.ics"

    def run(*events: str, dry_run: bool = False) -> list[str]:
        source.write_text(ics(*events), encoding="utf-8", newline="")
        out = io.StringIO()
        status = import_events(SETTINGS, str(source), "toulouse", str(content), dry_run, out)
        assert status == 0, out.getvalue()
        return out.getvalue().splitlines()

    run.content = content  # type: ignore[attr-defined]
    return run


def files(content: Path) -> dict[str, str]:
    return {
        p.relative_to(content).as_posix(): p.read_text()
        for p in sorted((content / "events").rglob("*.md"))
    }


def test_first_import_creates_and_a_second_changes_nothing(site):
    first = site(TALK, DOJO)
    assert first[-1].startswith("2 event(s) read from feed.ics into ")
    assert "2 created, 0 updated, 0 unchanged, 0 skipped" in first[-1]
    created = files(site.content)
    assert list(created) == [
        "events/toulouse/2027-01-20-talk.md",
        "events/toulouse/2027-01-21-dojo.md",
    ]
    again = site(TALK, DOJO)
    assert again == [again[-1]] and "0 created, 0 updated, 2 unchanged, 0 skipped" in again[-1]
    assert files(site.content) == created


def test_a_changed_source_updates_the_same_file(site):
    site(TALK)
    lines = site(TALK.replace("SUMMARY:Talk", "SUMMARY:Talk (new room)"))
    assert lines[0].startswith("updated ") and lines[0].endswith(
        "events/toulouse/2027-01-20-talk.md"
    )
    text = files(site.content)["events/toulouse/2027-01-20-talk.md"]
    assert 'title: "Talk (new room)"' in text
    assert read_marker(text)[0].intact


def test_an_organizer_edit_is_never_overwritten(site):
    site(TALK)
    path = site.content / "events/toulouse/2027-01-20-talk.md"
    edited = path.read_text().replace('title: "Talk"', 'title: "Talk, with pizza"')
    path.write_text(edited)
    lines = site(TALK.replace("21:00", "22:00").replace("T210000", "T220000"))
    assert (
        lines[0].startswith("skipped ")
        and "edited since it was imported; left as it is" in lines[0]
    )
    assert "0 created, 0 updated, 0 unchanged, 1 skipped" in lines[-1]
    assert path.read_text() == edited


def test_a_hand_written_file_with_the_same_uid_is_left_alone(site):
    hand = site.content / "events/toulouse/talk.md"
    hand.parent.mkdir(parents=True)
    hand.write_text('---\ntitle: Talk\nstart: 2027-01-20 18:30\nuid: "talk-1@example.org"\n---\n')
    lines = site(TALK)
    assert "was not written by the import; left as it is" in lines[0]
    assert list(files(site.content)) == ["events/toulouse/talk.md"]


def test_a_moved_file_is_still_found_by_its_uid(site):
    site(TALK)
    old = site.content / "events/toulouse/2027-01-20-talk.md"
    new = site.content / "events/toulouse/2027/talk.md"
    new.parent.mkdir()
    old.rename(new)
    lines = site(TALK)
    assert "1 unchanged" in lines[-1]
    assert list(files(site.content)) == ["events/toulouse/2027/talk.md"]


def test_a_dry_run_reports_the_same_and_writes_nothing(site):
    lines = site(TALK, DOJO, dry_run=True)
    assert lines[0].startswith("created ") and "2 created" in lines[-1]
    assert lines[-1].endswith("Dry run: nothing was written.")
    assert files(site.content) == {}


def test_an_event_gone_from_the_source_is_reported_not_deleted(site):
    site(TALK, DOJO)
    lines = site(TALK)
    assert any("dojo-1@example.org is no longer in the calendar" in line for line in lines)
    assert "events/toulouse/2027-01-21-dojo.md" in files(site.content)


def test_file_names_never_clash_with_other_events(site):
    other = site.content / "events/lyon/2027-01-20-talk.md"
    other.parent.mkdir(parents=True)
    other.write_text("---\ntitle: Talk\nchapter: lyon\nstart: 2027-01-20 18:30\n---\n")
    site(TALK, TALK.replace("talk-1", "talk-2"))
    assert sorted(files(site.content)) == [
        "events/lyon/2027-01-20-talk.md",
        "events/toulouse/2027-01-20-talk-2.md",
        "events/toulouse/2027-01-20-talk-3.md",
    ]


def test_an_unknown_chapter_or_source_is_one_error_line(site, tmp_path):
    out = io.StringIO()
    assert (
        import_events(SETTINGS, str(tmp_path / "nope.ics"), "toulouse", str(site.content), out=out)
        == 1
    )
    assert out.getvalue() == "error: nope.ics: cannot read the file (No such file or directory)\n"
    out = io.StringIO()
    assert import_events(SETTINGS, "x.ics", "paris", str(site.content), out=out) == 1
    assert out.getvalue() == "error: there is no chapter 'paris'; chapters: lyon, toulouse\n"
    out = io.StringIO()
    assert (
        import_events(SETTINGS, "http://example.org/x.ics", "toulouse", str(site.content), out=out)
        == 1
    )
    assert "plain http:// is refused" in out.getvalue()


def test_the_marker_detects_any_change():
    text = "---\ntitle: A\n---\nBody\n"
    marked = stamp(text, "feed.ics")
    marker, unmarked = read_marker(marked)
    assert marker.source == "feed.ics" and marker.intact and unmarked == text
    assert not read_marker(marked.replace("Body", "Body!"))[0].intact
    assert read_marker(text)[0] is None


def test_an_event_of_another_chapter_is_never_moved_to_this_one(site, tmp_path):
    site(TALK)
    before = files(site.content)
    source = tmp_path / "feed.ics"
    out = io.StringIO()
    status = import_events(SETTINGS, str(source), "lyon", str(site.content), False, out)
    lines = out.getvalue().splitlines()
    assert status == 0
    assert lines[0].endswith(
        "events/toulouse/2027-01-20-talk.md: the UID belongs to chapter 'toulouse'; left as it is "
        "(import it with --chapter toulouse, or delete the file first)"
    ), lines
    assert "0 created, 0 updated, 0 unchanged, 1 skipped" in lines[-1]
    assert files(site.content) == before


def test_a_cohosted_event_is_updated_by_either_of_its_chapters(site, tmp_path):
    site(TALK)
    path = site.content / "events/toulouse/2027-01-20-talk.md"
    marker_free = path.read_text().replace("chapter: toulouse", "chapter: [lyon, toulouse]")
    path.write_text(marker_free)
    lines = site(TALK)
    # The file was edited (its chapters): left as it is, and not for belonging elsewhere.
    assert "edited since it was imported" in lines[0]
