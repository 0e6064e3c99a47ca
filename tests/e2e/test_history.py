"""Calendars across edits: UIDs stay, SEQUENCE grows, stamps come from Git."""

from __future__ import annotations

import os
import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
from icalendar import Calendar

from tests.conftest import FIXTURE_SITE, run_pelican

CHAPTER = "---\ntitle: Python Berlin\ntimezone: Europe/Berlin\n---\n"
TALK = "---\ntitle: Talk\nstart: 2027-01-20 18:30\nvenue: Betahaus\n---\nA talk.\n"
SOCIAL = "---\ntitle: Social\nstart: 2027-02-03 19:00\nvenue: Café\n---\nDrinks.\n"


class Repo:
    """A throwaway Git repository whose commits have fixed dates."""

    def __init__(self, root: Path):
        self.root = root
        root.mkdir(parents=True)
        self.git("init", "-q")

    def git(self, *args: str, when: str = "2026-01-01T10:00:00Z") -> None:
        env = dict(os.environ, GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
        subprocess.run(
            [
                "git",
                "-c",
                "user.name=Test",
                "-c",
                "user.email=test@example.org",
                "-c",
                "commit.gpgsign=false",
                *args,
            ],
            cwd=self.root,
            env=env,
            check=True,
            capture_output=True,
        )

    def write(self, relpath: str, text: str) -> None:
        target = self.root / "content" / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")

    def commit(self, message: str, when: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, when=when)


def build(repo: Repo, output: Path) -> dict[str, dict]:
    result = run_pelican(repo.root / "content", output, FIXTURE_SITE / "fixtureconf.py")
    assert result.returncode == 0, result.stderr
    calendar = Calendar.from_ical((output / "calendar.ics").read_bytes())
    return {
        str(event["UID"]): {
            "sequence": int(event["SEQUENCE"]),
            "modified": event["LAST-MODIFIED"].dt,
            "stamp": event["DTSTAMP"].dt,
            "start": event["DTSTART"].dt,
            "status": str(event["STATUS"]),
            "summary": str(event["SUMMARY"]),
        }
        for event in calendar.walk("VEVENT")
    }


@pytest.fixture
def repo(tmp_path) -> Repo:
    repo = Repo(tmp_path / "site")
    repo.write("chapters/berlin.md", CHAPTER)
    repo.write("events/talk.md", TALK)
    repo.write("events/social.md", SOCIAL)
    repo.commit("first", "2026-01-01T10:00:00Z")
    return repo


TALK_UID = "talk@meetups.example.org"
SOCIAL_UID = "social@meetups.example.org"


def test_uids_stay_and_sequence_grows_with_schedule_changes(repo, tmp_path):
    first = build(repo, tmp_path / "out1")
    assert first[TALK_UID]["sequence"] == 0
    assert first[TALK_UID]["modified"] == datetime(2026, 1, 1, 10, 0, tzinfo=UTC)
    assert first[TALK_UID]["stamp"] == first[TALK_UID]["modified"]

    repo.write(
        "events/talk.md",
        TALK.replace("title: Talk", "title: A renamed talk").replace("18:30", "19:00"),
    )
    repo.write("events/social.md", SOCIAL.replace("title: Social", "title: Winter social"))
    repo.commit("edit", "2026-02-01T10:00:00Z")
    second = build(repo, tmp_path / "out2")

    assert set(second) == set(first) == {TALK_UID, SOCIAL_UID}
    assert second[TALK_UID]["summary"] == "A renamed talk"
    assert second[TALK_UID]["sequence"] == 1  # time changed
    assert second[SOCIAL_UID]["sequence"] == 0  # only the title changed
    assert second[TALK_UID]["modified"] == datetime(2026, 2, 1, 10, 0, tzinfo=UTC)


def test_cancelling_keeps_the_event_and_bumps_sequence(repo, tmp_path):
    repo.write(
        "events/social.md", SOCIAL.replace("venue: Café", "venue: Café\nevent_status: cancelled")
    )
    repo.commit("cancel", "2026-03-01T10:00:00Z")
    after = build(repo, tmp_path / "out")
    assert after[SOCIAL_UID]["status"] == "CANCELLED"
    assert after[SOCIAL_UID]["sequence"] == 1


def test_uncommitted_edits_count_too(repo, tmp_path):
    repo.write("events/talk.md", TALK.replace("venue: Betahaus", "venue: Other place"))
    after = build(repo, tmp_path / "out")
    assert after[TALK_UID]["sequence"] == 1
    assert after[TALK_UID]["modified"] > datetime(2026, 1, 1, 10, 0, tzinfo=UTC)


def test_renamed_file_keeps_its_history(repo, tmp_path):
    repo.write("events/talk.md", TALK.replace("18:30", "19:00"))
    repo.commit("move", "2026-02-01T10:00:00Z")
    (repo.root / "content/events/2027").mkdir()
    repo.git("mv", "content/events/talk.md", "content/events/2027/talk.md")
    repo.commit("reorganise", "2026-03-01T10:00:00Z")
    after = build(repo, tmp_path / "out")
    assert after[TALK_UID]["sequence"] == 1


def test_two_builds_of_the_same_commit_are_byte_identical(repo, tmp_path):
    build(repo, tmp_path / "a")
    build(repo, tmp_path / "b")
    tree_a = {
        p.relative_to(tmp_path / "a"): p.read_bytes()
        for p in (tmp_path / "a").rglob("*")
        if p.is_file()
    }
    tree_b = {
        p.relative_to(tmp_path / "b"): p.read_bytes()
        for p in (tmp_path / "b").rglob("*")
        if p.is_file()
    }
    assert tree_a == tree_b


def tree(folder: Path) -> dict[Path, bytes]:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_cache_restored_in_another_checkout_gives_the_same_bytes(repo, tmp_path):
    """A deploy restores the cache a build made in another folder, after new commits.

    The history kept is found wherever the checkout is (only the new commit is read);
    the incremental build's cache is per output folder, and a GitHub runner's is always
    at the same place. Whatever is reused, the bytes are a cold build's.
    """
    made = tmp_path / "made-elsewhere"
    build_with(repo.root, repo.root / "output", made)
    kept = sorted((made / "chapterhouse" / "history").glob("*.pickle"))
    assert len(kept) == 1

    clone = tmp_path / "runner" / "work" / "checkout"
    subprocess.run(["git", "clone", "-q", str(repo.root), str(clone)], check=True)
    moved = Repo.__new__(Repo)
    moved.root = clone
    moved.write("events/talk.md", TALK.replace("18:30", "19:15"))
    moved.commit("after the cache was made", "2026-02-01T10:00:00Z")

    restored = tmp_path / "restored"
    shutil.copytree(made, restored)
    build_with(clone, clone / "output", restored)
    build_with(clone, tmp_path / "out-cold", tmp_path / "empty-cache")
    assert tree(clone / "output") == tree(tmp_path / "out-cold")
    calendar = (clone / "output" / "calendar.ics").read_text()
    assert "DTSTART;TZID=Europe/Berlin:20270120T191500" in calendar
    assert "SEQUENCE:1" in calendar  # the talk moved since the cache was made
    assert kept[0].read_bytes() != (restored / kept[0].relative_to(made)).read_bytes()


def build_with(root: Path, output: Path, cache: Path) -> str:
    result = run_pelican(root / "content", output, FIXTURE_SITE / "fixtureconf.py", cache=cache)
    assert result.returncode == 0, result.stderr
    return result.stdout + result.stderr
