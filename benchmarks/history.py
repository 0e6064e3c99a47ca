"""Benchmark a network kept in Git: 10,000 events edited over about 5,000 commits.

    python benchmarks/history.py [--events 10000] [--commits 5000] [--work benchmarks/sites]

SEQUENCE, DTSTAMP, LAST-MODIFIED and the sitemap's dates come from each file's
Git history. This writes the synthetic network of ``generate.py`` as a Git
repository with a history (``git fast-import``; deterministic): every event is
created, then edited 0 to 4 more times (a new title, a new time, a new venue:
half of the edits change the schedule), about 3 % of the events were first
written under another name and renamed later, and about 2 % more events were
created and deleted again. Commits are spread over ten years, oldest first;
the final tree is exactly ``generate.py``'s.

Then, each build the real ``pelican`` command with the project's settings
(``bench.measure``: wall, CPU, peak memory of the process tree):

1. **without history**: the same files copied outside Git (file times are used);
2. **with history, cold**: the repository, no cache;
3. **with history, one-event edit**: a new commit changes one event's time;
   the cache (and the output) of build 2 kept;
4. **without history, one-event edit**: the same edit on the copy of build 1.

And, in this process, the time spent reading history (``read_history`` and
``stamp_events``, the two steps that use Git): with nothing kept, and with
what build 2 kept, after the new commit. Prints Markdown tables; no timed
assertion (these are measurements, not tests).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import NOW, ROOT, Measure, machine, measure
from generate import generate

from chapterhouse.history.git import read_history
from chapterhouse.history.stamps import stamp_events

FIRST_COMMIT = datetime(2016, 12, 1, 9, 0, tzinfo=UTC)
LAST_COMMIT = datetime(2026, 11, 21, 18, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Change:
    """One file change of the synthetic history."""

    path: str
    text: str | None  # None: deleted


def _variant(text: str, rng: random.Random, kind: int) -> str:
    """An earlier version of an event file: another title, time or venue."""
    if kind == 0:
        return re.sub(
            r"^title: .*$", f'title: "Draft {rng.randint(1, 10**6)}"', text, count=1, flags=re.M
        )
    if kind == 1:
        hour = rng.choice(["17:00", "17:30", "20:00"])
        return re.sub(
            r"^(start: \d{4}-\d\d-\d\d) \d\d:\d\d", rf"\1 {hour}", text, count=1, flags=re.M
        )
    return re.sub(
        r"^  name: .*$", f'  name: "Room {rng.randint(1, 500)}"', text, count=1, flags=re.M
    )


def history_of(content: Path, commits: int, seed: int = 11) -> list[list[Change]]:
    """A history ending in ``content``'s files: each commit's changes, oldest first."""
    rng = random.Random(seed)  # noqa: S311 - reproducible fake history
    files = sorted(p.relative_to(content.parent).as_posix() for p in content.rglob("*.md"))
    events = [path for path in files if path.startswith("content/events/")]
    changes: list[list[Change]] = [[] for _ in range(commits)]
    first = [
        Change(path, (content.parent / path).read_text()) for path in files if path not in events
    ]
    changes[0] = first
    for path in events:
        final = (content.parent / path).read_text()
        edits = rng.randint(0, 4)
        name = path
        if rng.random() < 0.03:  # written under another name first, renamed later
            name = path.replace(".md", "-draft.md")
            edits = max(edits, 1)
        steps = sorted(rng.sample(range(1, commits), edits + 1))
        versions = [_variant(final, rng, rng.randint(0, 2)) for _ in range(edits)] + [final]
        for index, (step, text) in enumerate(zip(steps, versions, strict=True)):
            if index == len(versions) - 1 and name != path:
                changes[step] += [Change(name, None), Change(path, text)]
            else:
                changes[step].append(Change(name, text))
        if rng.random() < 0.02:  # an event created, then deleted
            gone = path.replace(".md", "-cancelled-idea.md")
            born, died = sorted(rng.sample(range(1, commits), 2))
            changes[born].append(Change(gone, _variant(final, rng, 0)))
            changes[died].append(Change(gone, None))
    return changes


def write_repository(folder: Path, changes: list[list[Change]]) -> int:
    """A Git repository at ``folder`` with this history (``git fast-import``); its commits."""
    subprocess.run(["git", "init", "-q", "-b", "main", str(folder)], check=True)
    step = (LAST_COMMIT - FIRST_COMMIT) / max(1, len(changes) - 1)
    stream = bytearray()
    made = 0
    for index, commit in enumerate(changes):
        if not commit:
            continue
        when = int((FIRST_COMMIT + step * index).timestamp())
        message = f"Commit {index}: {len(commit)} files\n".encode()
        stream += b"commit refs/heads/main\n"
        stream += f"committer Bench <bench@example.org> {when} +0000\n".encode()
        stream += b"data %d\n%s" % (len(message), message)
        for change in commit:
            if change.text is None:
                stream += f"D {change.path}\n".encode()
            else:
                data = change.text.encode()
                stream += f"M 100644 inline {change.path}\n".encode()
                stream += b"data %d\n%s\n" % (len(data), data)
        stream += b"\n"
        made += 1
    subprocess.run(
        ["git", "-C", str(folder), "fast-import", "--quiet"], input=bytes(stream), check=True
    )
    subprocess.run(["git", "-C", str(folder), "checkout", "-q", "-f", "main"], check=True)
    return made


def build(content: Path, output: Path, cache: Path) -> Measure:
    """The project's settings, one language (as ``bench.py``'s synthetic networks)."""
    command = [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py"]
    command += ["-o", str(output), "-q", "-e", f"CACHE_PATH={json.dumps(str(cache))}"]
    return measure(command, output, ROOT, {"CHAPTERHOUSE_NOW": NOW})


def edit_one_event(content: Path) -> Path:
    """Move one event's start by an hour (a schedule change: SEQUENCE grows)."""
    path = sorted((content / "events").rglob("e00042.md"))[0]
    text = path.read_text()
    text = re.sub(r"^(start: \d{4}-\d\d-\d\d) \d\d:", r"\1 21:", text, count=1, flags=re.M)
    path.write_text(text)
    return path


class _Item:
    """What ``stamp_events`` reads of an event: its file, slug and status."""

    def __init__(self, relpath: str):
        from chapterhouse.core.model import Source

        self.source = Source(path=relpath, relpath=relpath)
        self.slug = relpath
        self.is_cancelled = False


def time_history(content: Path, kept=None, fingerprints=None) -> tuple[float, float, object, dict]:
    """Seconds to read the history and to stamp every event, and what to keep."""
    relpaths = sorted(p.relative_to(content).as_posix() for p in content.rglob("*.md"))
    started = time.perf_counter()
    history = read_history(content, relpaths, None, kept)
    read = time.perf_counter() - started
    events = [_Item(path) for path in relpaths if path.startswith("events/")]
    started = time.perf_counter()
    _, used = stamp_events(events, history, lambda rel: (content / rel).read_bytes(), fingerprints)
    stamped = time.perf_counter() - started
    return read, stamped, history, used


def commit_all(repository: Path, message: str, when: str) -> None:
    """Commit every change in ``repository`` at ``when`` (an ISO instant)."""
    env = dict(os.environ, GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    identity = ["-c", "user.name=Bench", "-c", "user.email=bench@example.org"]
    subprocess.run(["git", "-C", str(repository), "add", "-A"], check=True, env=env)
    subprocess.run(
        ["git", "-C", str(repository), *identity, "commit", "-q", "-m", message],
        check=True,
        env=env,
    )


def main() -> None:
    """Make the repository, build it four ways, time the history, print the tables."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--commits", type=int, default=5_000)
    parser.add_argument("--chapters", type=int, default=20)
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "sites")
    arguments = parser.parse_args()

    folder = arguments.work / f"history-{arguments.events}"
    if folder.exists():
        shutil.rmtree(folder)
    started = time.perf_counter()
    generate(folder / "final", arguments.events, arguments.chapters)
    changes = history_of(folder / "final" / "content", arguments.commits)
    repository = folder / "repository"
    made = write_repository(repository, changes)
    shutil.rmtree(folder / "final")
    content = repository / "content"
    versions = sum(1 for commit in changes for change in commit if change.text is not None)
    renames = sum(1 for commit in changes for c in commit if c.text is None and "-draft" in c.path)
    deletions = sum(1 for commit in changes for c in commit if c.text is None) - renames
    plain = folder / "plain" / "content"
    shutil.copytree(content, plain)
    print(
        f"{arguments.events:,} events, {made:,} commits, {versions:,} file versions, "
        f"{renames} renames, {deletions} deletions (made in {time.perf_counter() - started:.1f} s)"
    )
    print(machine())

    rows = []
    without = build(plain, folder / "out-plain", folder / "cache-plain")
    rows.append(("without history (files outside Git), cold", without))
    cold = build(content, folder / "out-git", folder / "cache-git")
    rows.append(("with history, cold", cold))

    read_cold, stamp_cold, history, used = time_history(content)
    edit_one_event(content)
    commit_all(repository, "One event moves", "2026-11-22T10:00:00Z")
    read_kept, stamp_kept, _, _ = time_history(content, history.walk, used)

    edited = build(content, folder / "out-git", folder / "cache-git")
    rows.append(("with history, one-event edit (a new commit)", edited))
    edit_one_event(plain)
    edited = build(plain, folder / "out-plain", folder / "cache-plain")
    rows.append(("without history, one-event edit", edited))

    print("\n| build | wall s | CPU s | peak MB | files |\n|---|---:|---:|---:|---:|")
    for label, m in rows:
        print(f"| {label} | {m.wall:.2f} | {m.cpu:.2f} | {m.peak_mb:.0f} | {m.files:,} |")
    print(
        f"\nCold build with history / without: {cold.wall / without.wall:.2f}× wall, "
        f"{cold.cpu / without.cpu:.2f}× CPU"
    )
    print("\n| reading history (in this process) | read_history s | stamp_events s |")
    print("|---|---:|---:|")
    walked = history.walk.commits
    print(f"| nothing kept ({walked:,} commits walked) | {read_cold:.2f} | {stamp_cold:.2f} |")
    print(f"| kept by the previous build, one new commit | {read_kept:.2f} | {stamp_kept:.2f} |")


if __name__ == "__main__":
    main()
