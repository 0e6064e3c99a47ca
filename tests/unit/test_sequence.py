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
