import pytest

from chapterhouse.history.sequence import schedule_fingerprint, sequence_of

BASE = b"---\ntitle: Talk\nstart: 2027-01-20 18:30\nvenue: Hall\n---\nBody\n"


def version(raw: bytes):
    return schedule_fingerprint(raw)


def test_title_and_body_edits_do_not_change_the_schedule():
    edited = BASE.replace(b"title: Talk", b"title: A better title").replace(b"Body", b"New body")
    assert version(edited) == version(BASE)


def test_time_place_and_status_changes_bump():
    moved = BASE.replace(b"18:30", b"19:00")
    relocated = BASE.replace(b"venue: Hall", b"venue: Other hall")
    cancelled = BASE.replace(b"venue: Hall", b"venue: Hall\nevent_status: cancelled")
    assert sequence_of([version(BASE), version(moved)]) == 1
    assert sequence_of([version(BASE), version(moved), version(relocated)]) == 2
    assert sequence_of([version(BASE), version(cancelled)]) == 1


def test_a_cancelled_event_has_at_least_one_and_never_goes_back():
    cancelled = BASE.replace(b"venue: Hall", b"venue: Hall\nevent_status: cancelled")
    assert sequence_of([version(cancelled)]) == 1
    assert sequence_of([version(cancelled), version(BASE)]) == 2


def test_sequence_never_decreases_over_any_history():
    versions = [
        version(BASE.replace(b"18:30", f"18:{m:02d}".encode())) for m in (30, 31, 30, 31, 31)
    ]
    numbers = [sequence_of(versions[: i + 1]) for i in range(len(versions))]
    assert numbers == sorted(numbers) == [0, 1, 2, 3, 3]


def test_an_unreadable_old_version_counts_as_a_change():
    assert sequence_of([version(b"---\ntitle: [broken\n---\n"), version(BASE)]) == 1


# Each key that moves an event in subscribers' calendars, edited alone between two versions.
# Listed here, not imported from the code: dropping a key from SCHEDULE_KEYS must fail a test.
SCHEDULE_EDITS = {
    "start": ("start: 2027-01-20 18:30", "start: 2027-01-20 19:00"),
    "end": ("end: 20:30", "end: 21:00"),
    "duration": ("duration: 2h", "duration: 3h"),
    "all_day": ("all_day: false", "all_day: true"),
    "timezone": ("timezone: Europe/Paris", "timezone: Europe/Berlin"),
    "venue": ("venue: Hall", "venue: Other hall"),
    "attendance_mode": ("attendance_mode: in_person", "attendance_mode: hybrid"),
    "online": ("online: https://meet.example.org/a", "online: https://meet.example.org/b"),
    "event_status": ("event_status: scheduled", "event_status: postponed"),
    "previous_start": ("previous_start: 2027-01-13 18:30", "previous_start: 2027-01-06 18:30"),
    "repeat": ("repeat: FREQ=WEEKLY;COUNT=3", "repeat: FREQ=WEEKLY;COUNT=4"),
    "except": ("except: [2027-01-27]", "except: [2027-02-03]"),
}


@pytest.mark.parametrize("key", sorted(SCHEDULE_EDITS))
def test_editing_any_schedule_key_bumps_sequence(key):
    before, after = SCHEDULE_EDITS[key]
    old = f"---\ntitle: Talk\n{before}\n---\nBody\n".encode()
    new = f"---\ntitle: Talk\n{after}\n---\nBody\n".encode()
    assert sequence_of([version(old), version(new)]) == 1, key


@pytest.mark.parametrize(
    "edit",
    [
        ("title: Talk", "title: Better"),
        ("summary: One", "summary: Two"),
        ("speakers: [Ada]", "speakers: [Grace]"),
        ("topics: [python]", "topics: [web]"),
    ],
)
def test_editing_what_an_event_says_does_not_bump_sequence(edit):
    old = f"---\nstart: 2027-01-20 18:30\n{edit[0]}\n---\nBody\n".encode()
    new = f"---\nstart: 2027-01-20 18:30\n{edit[1]}\n---\nOther body\n".encode()
    assert sequence_of([version(old), version(new)]) == 0
