"""Reading Git history incrementally: only the commits since the last build, the same result."""

from __future__ import annotations

import dataclasses
import os
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from chapterhouse.history.git import Walk, read_history
from chapterhouse.history.kept import Kept, KeptHistories
from chapterhouse.history.stamps import stamp_events
from tests.e2e.test_history import Repo

EVENT = "---\ntitle: {title}\nstart: 2027-01-20 {time}\nvenue: {venue}\n---\nBody.\n"


OTHER = (
    "---\ntitle: Summer barbecue by the river\nstart: 2027-07-04 12:00\nend: 2027-07-04 17:00\n"
    "venue: Rooftop\nsummary: Food, games and a long afternoon together.\n---\n"
    "Bring something to share; we bring the grill.\n"
)


def event(title: str = "Talk", time: str = "18:30", venue: str = "Betahaus") -> str:
    return EVENT.format(title=title, time=time, venue=venue)


def files(repo: Repo) -> list[str]:
    root = repo.root / "content"
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*.md"))


def history(repo: Repo, kept: Walk | None = None):
    return read_history(repo.root / "content", files(repo), None, kept)


def revisions(result) -> dict[str, tuple]:
    return {path: file.revisions for path, file in result.files.items()}


@pytest.fixture
def repo(tmp_path) -> Repo:
    repo = Repo(tmp_path / "site")
    repo.write("events/a.md", event("A"))
    repo.write("events/b.md", event("B"))
    (repo.root / "README").write_text("not content\n")
    repo.commit("first", "2026-01-01T10:00:00Z")
    return repo


def grow(repo: Repo) -> None:
    """Edits, a rename, a deletion, a commit outside content/ and a merged branch."""
    repo.write("events/a.md", event("A", time="19:00"))
    repo.commit("edit a", "2026-02-01T10:00:00Z")
    (repo.root / "content/events/2027").mkdir()
    repo.git("mv", "content/events/a.md", "content/events/2027/a.md")
    repo.commit("move a", "2026-03-01T10:00:00Z")
    (repo.root / "content/events/b.md").unlink()
    repo.write("events/c.md", OTHER)  # unlike b.md: not taken for a rename
    repo.commit("b gone, c new", "2026-04-01T10:00:00Z")
    (repo.root / "README").write_text("still not content\n")
    repo.commit("readme", "2026-04-15T10:00:00Z")
    repo.git("checkout", "-q", "-b", "side")
    repo.write("events/c.md", OTHER.replace("Rooftop", "Café"))
    repo.commit("side edit", "2026-05-01T10:00:00Z")
    repo.git("checkout", "-q", "-")
    repo.write("events/2027/a.md", event("A2", time="19:00"))
    repo.commit("main edit", "2026-05-02T10:00:00Z")
    repo.git("merge", "-q", "--no-ff", "-m", "merge side", "side", when="2026-05-03T10:00:00Z")


def test_an_extended_walk_equals_a_whole_walk_and_reads_only_new_commits(repo):
    first = history(repo)
    assert first.walk is not None and first.walk.commits == 1
    grow(repo)
    whole = history(repo)
    extended = history(repo, first.walk)
    assert revisions(extended) == revisions(whole)
    assert extended.walk == whole.walk
    # edit, move, delete+add, main edit, merge: the README-only commit and the side branch's
    # own commit are not on content/'s first-parent line
    assert whole.walk.commits == 6
    assert extended.walk.commits == 5
    assert [r.committed.month for r in extended.files["events/2027/a.md"].revisions] == [1, 2, 3, 5]
    assert [r.committed.month for r in extended.files["events/c.md"].revisions] == [4, 5]
    assert "events/b.md" not in extended.files


def test_an_up_to_date_walk_reads_no_commit(repo):
    grow(repo)
    first = history(repo)
    again = history(repo, first.walk)
    assert again.walk.commits == 0
    assert revisions(again) == revisions(first)


def test_a_rewritten_history_is_walked_again_whole(repo):
    grow(repo)
    kept = history(repo).walk
    repo.git("reset", "-q", "--hard", "HEAD~3")  # the branch went back, then on elsewhere
    repo.write("events/c.md", event("C", venue="Elsewhere"))
    repo.commit("rewritten", "2026-06-01T10:00:00Z")
    whole = history(repo)
    after = history(repo, kept)
    assert revisions(after) == revisions(whole)
    assert after.walk.commits == whole.walk.commits


def test_a_branch_that_went_back_is_walked_again(repo):
    grow(repo)
    kept = history(repo).walk
    repo.git("reset", "-q", "--hard", "HEAD~1")
    assert revisions(history(repo, kept)) == revisions(history(repo))


def test_a_walk_of_another_repository_or_folder_is_not_used(repo, tmp_path):
    other = Repo(tmp_path / "other")
    other.write("events/z.md", event("Z"))
    other.commit("z", "2026-01-01T10:00:00Z")
    foreign = history(other).walk
    assert history(repo, foreign).files.keys() == {"events/a.md", "events/b.md"}
    moved = dataclasses.replace(history(repo).walk, prefix="elsewhere/")
    grow(repo)
    assert history(repo, moved).walk.commits == 6


def test_a_second_parent_ancestor_is_not_taken_for_the_first_parent_line(repo):
    repo.git("checkout", "-q", "-b", "side")
    repo.write("events/b.md", event("B", venue="Side"))
    repo.commit("side", "2026-02-01T10:00:00Z")
    kept = history(repo).walk  # built on the side branch
    repo.git("checkout", "-q", "-")
    repo.write("events/a.md", event("A", venue="Main"))
    repo.commit("main", "2026-02-02T10:00:00Z")
    repo.git("merge", "-q", "--no-ff", "-m", "merge", "side", when="2026-02-03T10:00:00Z")
    whole = history(repo)
    assert revisions(history(repo, kept)) == revisions(whole)
    # on main's first-parent line, b.md changed in the merge, not in "side"
    assert [r.committed.day for r in whole.files["events/b.md"].revisions] == [1, 3]


def test_kept_fingerprints_are_used_and_only_those_needed_are_returned(repo):
    repo.write("events/a.md", event("A", time="19:00"))
    repo.commit("a moves", "2026-02-01T10:00:00Z")
    result = history(repo)
    from chapterhouse.core.model import Source

    class Stub:
        def __init__(self, relpath: str, slug: str):
            self.source = Source(path=relpath, relpath=relpath, lines={})
            self.slug = slug
            self.is_cancelled = False

    events = [Stub("events/a.md", "a"), Stub("events/b.md", "b")]
    read = lambda rel: (repo.root / "content" / rel).read_bytes()  # noqa: E731
    stamps, fingerprints = stamp_events(events, result, read)
    assert stamps["a"].sequence == 1 and stamps["b"].sequence == 0
    blobs = [r.blob for r in result.files["events/a.md"].revisions]
    assert fingerprints.keys() == set(blobs)  # b.md has one version: nothing read
    # A kept fingerprint is believed, not worked out again: two versions made equal
    known = {blob: ("same", False) for blob in blobs} | {"unused": ("x", False)}
    stamps, kept = stamp_events(events, result, read, known)
    assert stamps["a"].sequence == 0
    assert kept == {blob: ("same", False) for blob in blobs}


def test_kept_histories_round_trip_and_damage(tmp_path, repo):
    histories = KeptHistories.in_cache(tmp_path / "cache")
    assert histories.get() == Kept()
    walk = history(repo).walk
    histories.put(Kept(walk, {"blob": ("fp", True)}))
    assert histories.get() == Kept(walk, {"blob": ("fp", True)})
    (histories.folder / "old-code.pickle").write_bytes(b"from another version")
    histories.put(Kept(walk))
    assert [p.name for p in histories.folder.iterdir()] == [histories._path().name]
    histories._path().write_bytes(b"\x80garbage")
    assert histories.get() == Kept()


def test_the_kept_file_holds_no_absolute_path(tmp_path, repo):
    histories = KeptHistories.in_cache(tmp_path / "cache")
    histories.put(Kept(history(repo).walk))
    assert str(repo.root).encode() not in histories._path().read_bytes()
    assert str(Path(repo.root).name).encode() not in histories._path().read_bytes()


def test_the_walk_holds_exactly_the_files_of_head_with_their_last_blobs(repo):
    grow(repo)
    whole = history(repo)
    for walk in (whole.walk, history(repo, history_before_growth(repo)).walk):
        listed = subprocess.run(
            ["git", "-C", str(repo.root), "ls-tree", "-r", "HEAD", "--", "content"],
            capture_output=True, text=True, check=True,
        ).stdout.splitlines()  # fmt: skip
        blobs = {line.split("\t")[1]: line.split()[2] for line in listed}
        assert set(walk.paths) == set(blobs)  # deleted and renamed-away files are gone
        assert {path: revisions[-1].blob for path, revisions in walk.paths.items()} == blobs
        stamps = [r.committed for revisions in walk.paths.values() for r in revisions]
        assert all(moment.tzinfo is UTC and moment.year == 2026 for moment in stamps)


def history_before_growth(repo: Repo) -> Walk:
    """The walk of the repository's first commit (read from a clone of it)."""
    first = repo.root.parent / "first"
    if not first.exists():
        subprocess.run(["git", "clone", "-q", str(repo.root), str(first)], check=True)
        root = subprocess.run(
            ["git", "-C", str(first), "rev-list", "--max-parents=0", "HEAD"],
            capture_output=True, text=True, check=True,
        ).stdout.split()[0]  # fmt: skip
        subprocess.run(["git", "-C", str(first), "reset", "-q", "--hard", root], check=True)
    return read_history(first / "content", ["events/a.md", "events/b.md"], None).walk


def test_an_uncommitted_edit_counts_with_its_file_time_and_epoch_clamps_it(repo):
    path = repo.root / "content" / "events" / "a.md"
    path.write_text(event("A", venue="Elsewhere"))
    os.utime(path, (1_800_000_000, 1_800_000_000))  # 2027-01-15
    file = history(repo).files["events/a.md"]
    assert file.uncommitted and len(file.revisions) == 1
    assert file.created == datetime(2026, 1, 1, 10, tzinfo=UTC)
    assert file.modified == datetime.fromtimestamp(1_800_000_000, UTC)
    clamped = read_history(repo.root / "content", ["events/a.md"], "1790000000")
    assert clamped.files["events/a.md"].modified == datetime.fromtimestamp(1_790_000_000, UTC)
    assert not history(repo).files["events/b.md"].uncommitted
    with pytest.raises(ValueError, match="SOURCE_DATE_EPOCH='soon' is not a whole number"):
        read_history(repo.root / "content", ["events/a.md"], "soon")
