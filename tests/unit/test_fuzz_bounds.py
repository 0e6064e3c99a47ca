"""Properties: rules and numbers at and beyond their bounds are refused with a located message,
never an exception, and what is accepted stays inside the documented ranges."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from chapterhouse.config import ChapterhouseSettings
from chapterhouse.core.loading import load_chapter, load_event
from chapterhouse.core.problems import FieldError
from chapterhouse.core.recurrence import (
    MAX_INTERVAL,
    MAX_OCCURRENCES,
    Recurrence,
    expand,
    parse_rule,
)
from chapterhouse.core.timing import MAX_DURATION, parse_moment, zone
from tests.fuzz_strategies import NUMBER_KEYS, NUMBERS_AT_BOUNDS, rrule_texts

PARIS = zone("Europe/Paris")
START = parse_moment("2027-01-20 18:30", PARIS)
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "300"))


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rule=rrule_texts())
def test_any_rule_is_refused_with_a_message_or_respects_rfc_5545(rule):
    try:
        normal = parse_rule(rule, START, PARIS)
    except FieldError as error:
        assert error.message
        return
    parts = dict(part.split("=", 1) for part in normal.split(";"))
    assert parts["FREQ"] in ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
    assert 1 <= int(parts.get("INTERVAL", "1")) <= MAX_INTERVAL
    assert 1 <= int(parts.get("COUNT", "1")) <= MAX_OCCURRENCES
    for day in parts.get("BYMONTHDAY", "1").split(","):
        assert 1 <= abs(int(day)) <= 31
    window = (datetime(2027, 1, 1, tzinfo=UTC), datetime(2030, 1, 1, tzinfo=UTC))
    dates = expand(Recurrence(normal), START, PARIS, window)
    assert dates[0] == START
    assert len(dates) == len(set(dates))  # INTERVAL=0 once listed one date 20,000 times


SETTINGS = ChapterhouseSettings(
    site_url="https://meetups.example.org",
    timezone="Europe/Paris",
    uid_domain="meetups.example.org",
)
CHAPTER = load_chapter(
    b"---\ntitle: Paris\ntimezone: Europe/Paris\ncountry: FR\n---\n",
    "chapters/paris.md",
    "x",
    SETTINGS,
    Path("/"),
).item


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(key=st.sampled_from(sorted(NUMBER_KEYS)), value=NUMBERS_AT_BOUNDS)
def test_numbers_at_their_bounds_are_refused_at_their_key_or_kept_in_range(key, value):
    line = NUMBER_KEYS[key].format(value=value)
    raw = f"---\ntitle: T\nstart: 2027-01-20 18:30\n{line}\n---\n".encode()
    loaded = load_event(raw, "events/n.md", "events/n.md", SETTINGS, Path("/"), {"paris": CHAPTER})
    if loaded.item is None:
        assert loaded.problems
        assert all(problem.line == 4 for problem in loaded.problems), loaded.problems
        return
    event = loaded.item
    if event.rsvp and event.rsvp.capacity is not None:
        assert 1 <= event.rsvp.capacity <= 100_000
    if event.rsvp and event.rsvp.price is not None:
        assert 0 <= float(event.rsvp.price) <= 1_000_000
        if float(event.rsvp.price) == 0:
            assert float(value.replace("_", "")) == 0  # nothing but zero is ever "free"
    if event.venue and event.venue.geo:
        assert -90 <= event.venue.geo[0] <= 90
    assert event.length <= MAX_DURATION
