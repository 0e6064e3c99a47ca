"""``invoke feed-diff --base REF``: what a pull request changes in subscribers' calendars.

Builds the site at ``REF`` (in a temporary Git worktree, with that commit's
own code and settings) and at the working tree, with the same "now", and
compares their ``calendar.ics`` event by event (by UID). Reports events
added, changed (which properties) and removed, as Markdown (also appended to
``$GITHUB_STEP_SUMMARY`` under GitHub Actions). Fails when an event
disappears without having been cancelled first, when an event's UID changes
(subscribers would see a duplicate, then lose the original), or when its time,
place or status changes while SEQUENCE does not grow.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from icalendar import Calendar

from chapterhouse.cli.project import UsageError
from chapterhouse.core.ical_values import ical_text
from chapterhouse.core.timing import build_now, system_clock

WATCHED = ("SUMMARY", "DTSTART", "DTEND", "RRULE", "EXDATE", "STATUS", "LOCATION", "URL", "GEO")
SCHEDULE = ("DTSTART", "DTEND", "RRULE", "EXDATE", "STATUS", "LOCATION", "GEO")


@dataclass(frozen=True)
class CalendarEvent:
    """What subscribers see of one VEVENT."""

    uid: str
    values: dict[str, str]
    sequence: int

    @property
    def title(self) -> str:
        """The SUMMARY."""
        return self.values.get("SUMMARY", "")


@dataclass
class FeedDiff:
    """Differences between two builds' calendars."""

    added: list[CalendarEvent] = field(default_factory=list)
    changed: list[tuple[CalendarEvent, CalendarEvent, list[str]]] = field(default_factory=list)
    removed: list[CalendarEvent] = field(default_factory=list)
    uid_changes: list[tuple[CalendarEvent, CalendarEvent]] = field(default_factory=list)
    unbumped: list[tuple[CalendarEvent, CalendarEvent]] = field(default_factory=list)

    @property
    def removed_without_cancelling(self) -> list[CalendarEvent]:
        """Events that vanished while they were not cancelled (and not re-identified)."""
        renamed = {old.uid for old, _ in self.uid_changes}
        return [
            e
            for e in self.removed
            if e.values.get("STATUS") != "CANCELLED" and e.uid not in renamed
        ]

    @property
    def failed(self) -> bool:
        """True when subscribers' calendars would break."""
        return bool(self.removed_without_cancelling or self.uid_changes or self.unbumped)


def read_calendar(data: bytes) -> dict[str, CalendarEvent]:
    """Events of a calendar by UID."""
    events = {}
    for component in Calendar.from_ical(data).walk("VEVENT"):
        values = {}
        for name in WATCHED:
            if name in component:
                prop = component[name]
                items = prop if isinstance(prop, list) else [prop]
                values[name] = ",".join(ical_text(item.to_ical()) for item in items)
                params = getattr(items[0], "params", {})
                if "TZID" in params:
                    values[name] = f"{values[name]} ({params['TZID']})"
        uid = str(component["UID"])
        events[uid] = CalendarEvent(uid, values, int(component.get("SEQUENCE", 0)))
    return events


def compare(base: dict[str, CalendarEvent], head: dict[str, CalendarEvent]) -> FeedDiff:
    """Compare two builds' events."""
    diff = FeedDiff()
    for uid in sorted(head.keys() - base.keys()):
        diff.added.append(head[uid])
    for uid in sorted(base.keys() - head.keys()):
        diff.removed.append(base[uid])
    for uid in sorted(base.keys() & head.keys()):
        old, new = base[uid], head[uid]
        changes = [name for name in WATCHED if old.values.get(name) != new.values.get(name)]
        if changes or old.sequence != new.sequence:
            diff.changed.append((old, new, changes))
        if any(name in SCHEDULE for name in changes) and new.sequence <= old.sequence:
            diff.unbumped.append((old, new))
    for old in diff.removed:
        for new in diff.added:
            same_page = old.values.get("URL") and old.values.get("URL") == new.values.get("URL")
            same_event = old.title == new.title and old.values.get("DTSTART") == new.values.get(
                "DTSTART"
            )
            if same_page or same_event:
                diff.uid_changes.append((old, new))
                break
    return diff


def report(diff: FeedDiff, base_ref: str) -> str:
    """The diff as Markdown."""
    lines = [f"## Calendar changes: `{base_ref}` → this change", ""]
    if not (diff.added or diff.changed or diff.removed):
        lines.append("No event was added, changed or removed.")
    if diff.added:
        lines += [f"### Added ({len(diff.added)})", ""]
        lines += [f"- `{e.uid}` — {e.title} — {e.values.get('DTSTART', '')}" for e in diff.added]
        lines.append("")
    if diff.changed:
        lines += [f"### Changed ({len(diff.changed)})", ""]
        for old, new, names in diff.changed:
            details = [f"{n}: {old.values.get(n, '—')} → {new.values.get(n, '—')}" for n in names]
            details.append(f"SEQUENCE: {old.sequence} → {new.sequence}")
            lines.append(f"- `{new.uid}` — {new.title}: " + "; ".join(details))
        lines.append("")
    if diff.removed:
        lines += [f"### Removed ({len(diff.removed)})", ""]
        renamed = {old.uid: new.uid for old, new in diff.uid_changes}
        for event in diff.removed:
            if event.uid in renamed:
                note = f"**its UID became `{renamed[event.uid]}`**"
            elif event.values.get("STATUS") == "CANCELLED":
                note = "was cancelled first"
            else:
                note = "**not cancelled first**"
            lines.append(f"- `{event.uid}` — {event.title} ({note})")
        lines.append("")
    problems = []
    for event in diff.removed_without_cancelling:
        problems.append(
            f"- `{event.uid}` ({event.title}) disappears without having been cancelled: "
            "subscribers lose it silently. Set `event_status: cancelled` and keep the file."
        )
    for old, new in diff.uid_changes:
        problems.append(
            f"- the UID of “{old.title}” changes from `{old.uid}` to `{new.uid}` (file renamed "
            f"or `uid:` edited): subscribers get a duplicate. Restore the file name, or add "
            f"`uid: {old.uid}`."
        )
    for _old, new in diff.unbumped:
        problems.append(
            f"- `{new.uid}` changes time, place or status but SEQUENCE stays {new.sequence}."
        )
    if problems:
        lines += ["### Problems", "", *problems, ""]
    return "\n".join(lines).rstrip() + "\n"


def feed_diff(
    project_root: Path,
    base_ref: str,
    content: str = "content",
    settings: str = "pelicanconf.py",
    out: TextIO | None = None,
    env_now: str | None = None,
) -> int:
    """Build both sides, print the report; 1 on a breaking change, 2 when a build fails.

    Both builds get the same "now" (``env_now``, else ``CHAPTERHOUSE_NOW``, else the clock),
    so an event leaving the history window is not mistaken for a removal.
    """
    out = out or sys.stdout
    environ = {**os.environ, "CHAPTERHOUSE_NOW": env_now} if env_now else os.environ
    now = build_now(environ, system_clock).strftime("%Y-%m-%dT%H:%M:%SZ")
    work = Path(tempfile.mkdtemp(prefix="chapterhouse-feed-diff-"))
    try:
        base_tree = work / "base"
        _git(project_root, "worktree", "add", "--detach", "--quiet", str(base_tree), base_ref)
        try:
            base = _build(base_tree, content, settings, work / "base-output", now)
        finally:
            _git(project_root, "worktree", "remove", "--force", str(base_tree))
        head = _build(project_root, content, settings, work / "head-output", now)
    except UsageError as error:
        print(f"error: {error}", file=out)
        return 2
    finally:
        shutil.rmtree(work, ignore_errors=True)
    diff = compare(read_calendar(base), read_calendar(head))
    text = report(diff, base_ref)
    print(text, file=out)
    summary = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary:
        with open(summary, "a", encoding="utf-8") as handle:
            handle.write(text)
    return 1 if diff.failed else 0


def _build(tree: Path, content: str, settings: str, output: Path, now: str) -> bytes:
    environment = dict(os.environ, CHAPTERHOUSE_NOW=now, PYTHONPATH=str(tree / "plugins"))
    environment.pop("GITHUB_ACTIONS", None)
    result = subprocess.run(
        [sys.executable, "-m", "pelican", content, "-s", settings, "-o", str(output), "-q"],
        cwd=tree,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise UsageError(f"the site at {tree} does not build:\n{result.stderr.strip()}")
    calendar = output / "calendar.ics"
    return calendar.read_bytes() if calendar.exists() else b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"


def _git(root: Path, *args: str) -> None:
    result = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise UsageError(f"git {' '.join(args[:2])} failed: {result.stderr.strip()}")
