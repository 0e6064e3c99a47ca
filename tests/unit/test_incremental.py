"""The incremental engine and its pieces: fingerprints, outputs, the folder, the cache, workers."""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from markupsafe import Markup

from chapterhouse.adapters.build import build_fingerprint, cache_folder
from chapterhouse.core.model import EventStatus
from chapterhouse.incremental.cache import BuildCache, BuildSession
from chapterhouse.incremental.engine import Engine
from chapterhouse.incremental.fingerprint import Fingerprinter, Unfingerprintable
from chapterhouse.incremental.folder import OutputFolder, OutsideFolder
from chapterhouse.incremental.jobs import JobRunner, WorkerError, run_jobs
from chapterhouse.incremental.outputs import Derived, Output, Stage
from chapterhouse.incremental.store import SHARDS


@dataclass(frozen=True)
class Place:
    name: str
    when: datetime
    tags: tuple[str, ...] = ()


PARIS = ZoneInfo("Europe/Paris")


# fingerprints ---------------------------------------------------------------------------------


def test_equal_values_have_equal_fingerprints_in_separate_fingerprinters():
    one = Place("Hall", datetime(2027, 1, 20, 18, 30, tzinfo=PARIS), ("python",))
    two = Place("Hall", datetime(2027, 1, 20, 18, 30, tzinfo=PARIS), ("python",))
    assert Fingerprinter().of(one, {"a": [1, 2.5, None]}) == Fingerprinter().of(
        two, {"a": [1, 2.5, None]}
    )


@pytest.mark.parametrize(
    "other",
    [
        Place("Hall ", datetime(2027, 1, 20, 18, 30, tzinfo=PARIS)),
        Place("Hall", datetime(2027, 1, 20, 18, 31, tzinfo=PARIS)),
        # the same instant in another zone is shown differently: a different page
        Place("Hall", datetime(2027, 1, 20, 17, 30, tzinfo=UTC)),
        Place("Hall", datetime(2027, 1, 20, 18, 30, tzinfo=PARIS), ("python",)),
    ],
)
def test_any_difference_changes_the_fingerprint(other):
    base = Place("Hall", datetime(2027, 1, 20, 18, 30, tzinfo=PARIS))
    assert Fingerprinter().of(base) != Fingerprinter().of(other)


def test_types_and_boundaries_are_part_of_the_fingerprint():
    fingerprints = Fingerprinter()
    assert fingerprints.of("1") != fingerprints.of(1)
    assert fingerprints.of(("ab", "c")) != fingerprints.of(("a", "bc"))
    assert fingerprints.of(Markup("<b>")) != fingerprints.of("<b>")
    assert fingerprints.of(date(2027, 1, 1)) != fingerprints.of(datetime(2027, 1, 1))
    assert fingerprints.of(EventStatus.CANCELLED) != fingerprints.of("cancelled")
    assert fingerprints.of(timedelta(hours=2)) == Fingerprinter().of(timedelta(hours=2))


def test_sets_do_not_depend_on_the_order_python_keeps_them_in():
    assert Fingerprinter().of({"b", "a", "c"}) == Fingerprinter().of(frozenset(["c", "a", "b"]))


def test_an_object_of_unknown_content_is_refused_not_guessed():
    class Opaque:
        pass

    with pytest.raises(Unfingerprintable):
        Fingerprinter().of([Opaque()])


def test_an_object_may_state_its_own_fingerprint():
    @dataclass(frozen=True)
    class Read:
        revision: str
        body: str

        def __fingerprint__(self) -> str:
            return self.revision

    assert Fingerprinter().of(Read("r1", "a")) == Fingerprinter().of(Read("r1", "b"))
    assert Fingerprinter().of(Read("r1", "a")) != Fingerprinter().of(Read("r2", "a"))


def test_one_fingerprinter_tells_apart_values_of_a_kind_it_has_already_met():
    """The engine uses one fingerprinter for a whole build: the second event page must differ."""

    @dataclass(frozen=True)
    class Read:
        revision: str

        def __fingerprint__(self) -> str:
            return self.revision

    fingerprints = Fingerprinter()
    hall, room = (
        Place("Hall", datetime(2027, 1, 20, tzinfo=UTC)),
        Place("Room", datetime(2027, 1, 20, tzinfo=UTC)),
    )
    assert fingerprints.of(hall) != fingerprints.of(room)
    assert fingerprints.of(room) == Fingerprinter().of(room)
    assert fingerprints.of(Read("r1")) != fingerprints.of(Read("r2"))
    assert fingerprints.of(Read("r2")) == Fingerprinter().of(Read("r2"))
    assert fingerprints.of(hall) != fingerprints.of(Read("r1"))


def test_mapping_keys_and_set_members_are_part_of_the_fingerprint():
    fingerprints = Fingerprinter()
    assert fingerprints.of({"a": 1}) != fingerprints.of({"b": 1})
    assert fingerprints.of({"a": 1}) != fingerprints.of({"a": 2})
    assert fingerprints.of({"a", "b"}) != fingerprints.of({"a", "c"})
    assert fingerprints.of({"a"}) != fingerprints.of({"a", "b"})


# the output folder ----------------------------------------------------------------------------


def test_identical_bytes_are_not_written_again(tmp_path):
    previous_root, staging = tmp_path / "output", tmp_path / "staging"
    first = OutputFolder(previous_root)
    first.write("events/a/index.html", b"A", key="k")
    first.write("feeds/all.atom.xml", b"feed")
    first.merge(first.drain())

    second = OutputFolder(staging, first.manifest, previous_root)
    second.write("feeds/all.atom.xml", b"feed")  # same bytes: nothing staged
    second.write("events.json", b"{}")  # new: staged
    assert second.keep("events/a/index.html", "k")
    second.merge(second.drain())

    assert sorted(p.relative_to(staging).as_posix() for p in staging.rglob("*.*")) == [
        "events.json"
    ]
    assert second.manifest["events/a/index.html"] == first.manifest["events/a/index.html"]
    assert set(second.manifest) == {"events/a/index.html", "feeds/all.atom.xml", "events.json"}


def test_a_file_is_not_kept_when_its_key_changed_or_it_is_gone(tmp_path):
    previous_root = tmp_path / "output"
    first = OutputFolder(previous_root)
    first.write("a.html", b"A", key="k1")
    first.write("b.html", b"B", key="k2")
    first.merge(first.drain())
    (previous_root / "b.html").unlink()

    second = OutputFolder(tmp_path / "staging", first.manifest, previous_root)
    assert not second.keep("a.html", "changed")
    assert not second.keep("b.html", "k2")
    assert not second.keep("c.html", "k3")
    assert second.drain() == []


def test_a_path_cannot_leave_the_output_folder(tmp_path):
    with pytest.raises(OutsideFolder):
        OutputFolder(tmp_path / "output").write("../outside.html", b"x")
    assert not (tmp_path / "outside.html").exists()


# the cache file -------------------------------------------------------------------------------


def test_a_corrupt_or_foreign_cache_is_ignored(tmp_path):
    folder = tmp_path / "cache"
    empty = BuildCache("other")
    BuildCache("other", outputs={"a": ("k", "h")}).save(folder, empty)
    assert BuildCache.load(folder, "fp").outputs == {}
    assert BuildCache.load(folder, "other").outputs == {"a": ("k", "h")}
    for path in folder.glob("outputs-*"):
        path.write_bytes(b"garbage")
    assert BuildCache.load(folder, "other").outputs == {}


def test_saving_a_small_change_rewrites_one_shard(tmp_path):
    folder = tmp_path / "cache"
    outputs = {f"events/e{n}/index.html": ("key", f"hash{n}") for n in range(1000)}
    BuildCache("fp", outputs=outputs).save(folder, BuildCache("fp"))
    before = {path.name: path.stat().st_mtime_ns for path in folder.glob("*.pickle")}
    assert len(before) == 1 + SHARDS * len(BuildCache.MAPS)  # the index and every shard

    previous = BuildCache.load(folder, "fp")
    changed = {**outputs, "events/e7/index.html": ("key", "changed")}
    BuildCache("fp", outputs=changed).save(folder, previous)

    after = {path.name: path.stat().st_mtime_ns for path in folder.glob("*.pickle")}
    assert len(after) == len(before)
    assert len(set(after) - set(before)) == 1  # one shard written anew (and the index)
    assert BuildCache.load(folder, "fp").outputs == changed


def _settings(tmp_path: Path, **chapterhouse: object) -> dict:
    return {
        "THEME": str(Path(__file__).resolve().parents[2] / "theme"),
        "CACHE_PATH": str(tmp_path / "cache"),
        "SITEURL": "https://meetups.example.org",
        "CHAPTERHOUSE": {"page_size": 30, **chapterhouse},
    }


def test_settings_that_change_the_site_change_the_fingerprint(tmp_path):
    base = build_fingerprint(_settings(tmp_path))
    assert build_fingerprint(_settings(tmp_path, page_size=10)) != base
    assert build_fingerprint({**_settings(tmp_path), "SITEURL": "https://other.org"}) != base
    # where the output goes and how many processes build it do not
    assert build_fingerprint(_settings(tmp_path, jobs=1)) == base
    assert build_fingerprint({**_settings(tmp_path), "OUTPUT_PATH": "/elsewhere"}) == base


def test_a_session_is_incremental_only_over_the_output_its_cache_describes(tmp_path):
    settings = _settings(tmp_path)
    final = tmp_path / "output"
    final.mkdir()

    def session(output: Path) -> BuildSession:
        folder = cache_folder(settings, output)
        return BuildSession.open(folder, build_fingerprint(settings), tmp_path / "staging", output)

    first = session(final)
    assert not first.warm
    first.current.outputs["index.html"] = ("k", "h")
    first.save()
    assert (cache_folder(settings, final) / "index.pickle").exists()

    assert session(final).warm
    other = tmp_path / "other"
    other.mkdir()
    assert not session(other).warm
    final.rename(tmp_path / "moved")
    assert not session(final).warm


# workers --------------------------------------------------------------------------------------


def _square(number: int) -> int:
    return number * number


def test_jobs_run_on_several_processes_give_their_results_in_order():
    jobs = [lambda n=n: _square(n) for n in range(500)]
    assert run_jobs(jobs, workers=3, min_jobs_per_worker=10) == [n * n for n in range(500)]


def _pid_after(seconds: float) -> int:
    time.sleep(seconds)
    return os.getpid()


def test_jobs_really_run_on_the_processes_asked_for():
    pids = run_jobs([lambda: _pid_after(0.005)] * 200, workers=2, min_jobs_per_worker=10)
    assert len(set(pids)) == 2
    assert os.getpid() in pids


def test_a_failing_job_in_the_parent_raises_its_own_error():
    def boom() -> int:
        raise ValueError("bad value in job 7")

    jobs = [lambda n=n: n for n in range(100)]
    jobs[7] = boom
    with pytest.raises(ValueError, match="bad value in job 7"):
        run_jobs(jobs, workers=1)


def test_a_failing_job_in_a_worker_is_reported_in_the_parent():
    parent = os.getpid()

    def fails_in_a_worker(n: int) -> int:
        time.sleep(0.002)
        if os.getpid() != parent:
            raise ValueError(f"bad value in job {n}")
        return n

    jobs = [lambda n=n: fails_in_a_worker(n) for n in range(200)]
    with pytest.raises(WorkerError, match=r"ValueError: bad value in job \d+"):
        run_jobs(jobs, workers=2, min_jobs_per_worker=10, chunk=1)


def test_warnings_logged_in_workers_reach_the_parent(caplog):
    logger = logging.getLogger("chapterhouse")

    def warn(n: int) -> int:
        logger.warning("careful with %d", n)
        return n

    jobs = [lambda n=n: warn(n) for n in range(40)]
    with caplog.at_level(logging.WARNING, logger="chapterhouse"):
        assert run_jobs(jobs, workers=2, min_jobs_per_worker=10, chunk=1) == list(range(40))
    assert sorted(r.getMessage() for r in caplog.records) == sorted(
        f"careful with {n}" for n in range(40)
    )


# the engine -----------------------------------------------------------------------------------


class _Counter:
    """Counts how often each kind of value is made."""

    def __init__(self) -> None:
        self.calls: dict[str, int] = {}

    def made(self, name: str) -> None:
        self.calls[name] = self.calls.get(name, 0) + 1


def _plan(counter: _Counter, title: str, tagline: str) -> list[Stage]:
    def shout(text: str) -> str:
        counter.made("shout")
        return text.upper()

    def page(inputs) -> bytes:
        counter.made("page")
        return f"{inputs['heading']}|{inputs['tagline']}".encode()

    heading = Derived("shout", {"text": title}, shout)
    return [
        Stage(
            [
                Output("a.html", "page", {"heading": heading, "tagline": tagline}, page),
                Output("b.html", "page", {"heading": heading, "tagline": "fixed"}, page),
            ]
        )
    ]


def _build(tmp_path: Path, name: str, previous: BuildCache | None, counter: _Counter, **values):
    final = tmp_path / "output"
    staging = tmp_path / name
    staging.mkdir()
    session = BuildSession(
        staging, final, tmp_path / "cache", previous or BuildCache("fp"), BuildCache("fp", str(final)),
        warm=previous is not None,
    )  # fmt: skip
    engine = Engine(staging, session, JobRunner(1))
    outcome = engine.run(_plan(counter, **values))
    engine.finish()
    for path in staging.rglob("*"):  # put in place, as publishing does
        (final / path.relative_to(staging)).parent.mkdir(parents=True, exist_ok=True)
        path.replace(final / path.relative_to(staging))
    return session.current, outcome


def test_a_derived_value_is_made_once_for_every_output_that_holds_it(tmp_path):
    counter = _Counter()
    _, outcome = _build(tmp_path, "one", None, counter, title="hello", tagline="x")
    assert counter.calls == {"shout": 1, "page": 2}
    assert (tmp_path / "output" / "a.html").read_bytes() == b"HELLO|x"
    assert (outcome.made, outcome.kept) == (2, 0)


def test_an_output_is_made_again_exactly_when_an_input_changed(tmp_path):
    counter = _Counter()
    first, _ = _build(tmp_path, "one", None, counter, title="hello", tagline="x")
    counter.calls.clear()
    second, outcome = _build(tmp_path, "two", first, counter, title="hello", tagline="y")
    assert counter.calls == {"page": 1}  # a.html again; b.html kept; "shout" remembered
    assert (outcome.made, outcome.kept) == (1, 1)
    assert (tmp_path / "output" / "a.html").read_bytes() == b"HELLO|y"
    counter.calls.clear()
    _, outcome = _build(tmp_path, "three", second, counter, title="bye", tagline="y")
    assert counter.calls == {"shout": 1, "page": 2}  # a derived input changed: both again
    assert (tmp_path / "output" / "b.html").read_bytes() == b"BYE|fixed"


def test_only_the_values_a_build_used_are_remembered(tmp_path):
    counter = _Counter()
    first, _ = _build(tmp_path, "one", None, counter, title="hello", tagline="x")
    second, _ = _build(tmp_path, "two", first, counter, title="bye", tagline="x")
    assert len(first.memo) == len(second.memo) == 1
    assert list(first.memo.values()) == ["HELLO"] and list(second.memo.values()) == ["BYE"]


def test_an_output_whose_inputs_cannot_be_fingerprinted_is_made_every_build(tmp_path):
    class Opaque:
        pass

    made = []
    plan = [
        Stage([Output("x.txt", "x", {"thing": Opaque()}, lambda inputs: made.append(1) or b"x")])
    ]
    for name in ("one", "two"):
        staging = tmp_path / name
        staging.mkdir()
        Engine(staging, None, JobRunner(1)).run(plan)
    assert made == [1, 1]


def test_derived_values_made_in_worker_processes_reach_the_parent(tmp_path):
    outputs = [
        Output(f"p{n}.txt", "p", {"v": Derived("double", {"n": n}, lambda n: n * 2)}, lambda i: str(i["v"]).encode())
        for n in range(400)
    ]  # fmt: skip
    engine = Engine(tmp_path, None, JobRunner(2))
    outcome = engine.run([Stage(outputs)])
    assert outcome.processes == 2
    assert sorted(engine.memo.current.values()) == sorted(n * 2 for n in range(400))
    assert (tmp_path / "p7.txt").read_bytes() == b"14"


def test_jobs_zero_means_one_process_per_core_and_a_negative_number_is_refused():
    from chapterhouse.config import ChapterhouseSettings

    assert ChapterhouseSettings.from_settings({"CHAPTERHOUSE": {"jobs": 0}}).jobs == 0
    assert ChapterhouseSettings.from_settings({"CHAPTERHOUSE": {"jobs": 3}}).jobs == 3
    with pytest.raises(
        ValueError, match=r"CHAPTERHOUSE\['jobs'\] must be a whole number of 0 or more, not -1"
    ):
        ChapterhouseSettings.from_settings({"CHAPTERHOUSE": {"jobs": -1}})


def test_a_derived_value_whose_outputs_were_all_kept_is_still_remembered(tmp_path):
    counter = _Counter()
    first, _ = _build(tmp_path, "one", None, counter, title="hello", tagline="x")
    second, outcome = _build(tmp_path, "two", first, counter, title="hello", tagline="x")
    assert outcome.made == 0 and second.memo == first.memo  # nothing made, nothing forgotten
    counter.calls.clear()
    _build(tmp_path, "three", second, counter, title="hello", tagline="y")
    assert counter.calls == {"page": 1}  # "shout" came from two builds ago, not made again


def test_the_previous_value_mark_survives_a_trip_between_processes():
    import pickle

    from chapterhouse.incremental.engine import _PREVIOUS

    assert pickle.loads(pickle.dumps(_PREVIOUS)) is _PREVIOUS


@pytest.mark.parametrize("given", [[1], "x", 3])
def test_chapterhouse_settings_that_are_not_a_dictionary_are_refused_by_name(given):
    from chapterhouse.config import ChapterhouseSettings

    with pytest.raises(
        ValueError, match=r"^CHAPTERHOUSE must be a dictionary of settings, such as"
    ):
        ChapterhouseSettings.from_settings({"CHAPTERHOUSE": given})
