"""Content that is extreme, pathological or plausible-but-wrong: one build reports it all.

Each file below reproduces a class of problem an independent review found
(values that overflowed, costs without bound, silently wrong data, files
escaping the content rules). Built together, they must give one report with a
``path:line: field: message`` line per problem, in bounded time, no
traceback, and the previous output left as it was.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.conftest import FIXTURE_SITE, run_pelican

SETTINGS = FIXTURE_SITE / "fixtureconf.py"
START = "start: 2027-01-20 19:00\nchapter: berlin\n"

#: file → (front matter after the title, body) and the report line expected for it.
CASES: dict[str, tuple[str, str, str]] = {
    "huge-int.md": (
        START + "rsvp: {url: https://f.example/x, capacity: " + "9" * 5000 + "}\n",
        "",
        "huge-int.md:5: rsvp.capacity: '99999999",
    ),
    "huge-duration.md": (
        START + "duration: " + "9" * 20 + "h\n",
        "",
        "huge-duration.md:5: duration: '99999999999999999999h' is not a duration",
    ),
    "until-9999.md": (
        START + "repeat: FREQ=DAILY;UNTIL=99991231\n",
        "",
        "until-9999.md:5: repeat: UNTIL in 'FREQ=DAILY;UNTIL=99991231' is outside the years",
    ),
    "interval-minus-one.md": (
        START + "repeat: FREQ=DAILY;INTERVAL=-1\n",
        "",
        "interval-minus-one.md:5: repeat: INTERVAL=-1 in 'FREQ=DAILY;INTERVAL=-1' must be 1 to",
    ),
    "interval-zero.md": (
        START + "repeat: FREQ=DAILY;INTERVAL=0\n",
        "",
        "interval-zero.md:5: repeat: INTERVAL=0 in 'FREQ=DAILY;INTERVAL=0' must be 1 to",
    ),
    "never-matches.md": (
        START + "repeat: FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30\n",
        "",
        "never-matches.md:5: repeat: the rule 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30' takes more "
        "than 2 s to expand",
    ),
    "brackets.md": (
        START,
        "[" * 20_000,
        "brackets.md:6: body: the description took more than 5 s to render",
    ),
    "end-before-start.md": (
        START + "end: 18:30\n",
        "",
        "end-before-start.md:5: end: '18:30' is not after the start (19:00)",
    ),
    "topics-with-commas.md": (
        START + "topics: python, web\n",
        "",
        "topics-with-commas.md:5: topics: 'python, web' is one text with commas, not a list",
    ),
    "placeholder.md": (
        START,
        "Describe the event here, in Markdown: what will happen, for whom, what to bring.",
        "placeholder.md:6: body: the description is still the template's placeholder text",
    ),
    "localtime.md": (
        START + "timezone: localtime\n",
        "",
        "localtime.md:5: timezone: 'localtime' is not a place's time zone",
    ),
    "tiny-price.md": (
        START + "rsvp: {url: https://f.example/x, price: 1.0e-400}\n",
        "",
        "tiny-price.md:5: rsvp.price: '1.0e-400' has more than 4 decimals",
    ),
    "all-excluded.md": (
        START + "repeat: FREQ=WEEKLY;COUNT=2\nexcept: [2027-01-20, 2027-01-27]\n",
        "",
        "all-excluded.md:6: except: every date of the series is excluded",
    ),
    "empty-venue.md": (
        START + "venue: {}\n",
        "",
        "empty-venue.md:5: venue: is empty: give at least 'name' or 'address'",
    ),
    "rsvp-host.md": (
        START + "rsvp: https://{title}.example.org/form\n",
        "",
        "rsvp-host.md:5: rsvp.url: 'https://{title}.example.org/form' has a placeholder in its "
        "scheme or host name",
    ),
    "two-bad-urls.md": (
        START + "venue: {name: Hall, url: 'javascript:alert(1)'}\nonline: {url: ftp://x}\n",
        "",
        "two-bad-urls.md:6: online.url: 'ftp://x' uses ftp:",
    ),
}


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, float, Path]:
    """Build the fixture site (kept as the previous output), then all the bad files at once."""
    root = tmp_path_factory.mktemp("bad-input")
    content = root / "content"
    _copy(FIXTURE_SITE / "content", content)
    output = root / "output"
    first = run_pelican(content, output, SETTINGS)
    assert first.returncode == 0, first.stderr
    for name, (front, body, _) in CASES.items():
        (content / "events" / name).write_text(f"---\ntitle: T\n{front}---\n{body}\n")
    outside = root / "outside.txt"
    outside.write_text("secret")
    (content / "images").mkdir(exist_ok=True)
    (content / "images" / "secret.txt").symlink_to(outside)
    (content / "images" / "page.html").write_text("<script>alert(1)</script>")
    (content / "events" / "linked.md").symlink_to(content / "events" / "berlin" / "workshop.md")
    (content / "pages" / "escape.md").write_text(
        "---\ntitle: Escape\n---\n[x]({static}/../outside.txt)\n"
    )
    started = time.monotonic()
    result = run_pelican(content, output, SETTINGS)
    elapsed = time.monotonic() - started
    assert result.returncode == 1
    assert (output / "index.html").exists()  # the previous build is still there
    return result.stderr, elapsed, root


def _copy(source: Path, target: Path) -> None:
    for path in sorted(source.rglob("*")):
        destination = target / path.relative_to(source)
        if path.is_dir():
            destination.mkdir(parents=True, exist_ok=True)
        else:
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(path.read_bytes())


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_problem_is_reported_at_its_place(report, name):
    stderr, _, _ = report
    expected = CASES[name][2]
    assert any(expected in line for line in stderr.splitlines()), (expected, stderr)


@pytest.mark.parametrize(
    "expected",
    [
        "images/secret.txt:1: file: 'images/secret.txt' is a symbolic link",
        "images/page.html:1: file: .html files are not published",
        "events/linked.md:1: file: 'events/linked.md' is a symbolic link",
        "pages/escape.md:4: body: link '{static}/../outside.txt': '../outside.txt' is outside "
        "the content folder",
    ],
)
def test_files_escaping_the_content_rules_are_reported(report, expected):
    stderr, _, _ = report
    assert any(expected in line for line in stderr.splitlines()), (expected, stderr)


def test_one_report_and_no_traceback(report):
    stderr, elapsed, root = report
    assert "Traceback" not in stderr
    assert "error: the build failed" not in stderr  # every problem has its place
    files = len(CASES) + 4
    assert stderr.rstrip().splitlines()[-1].startswith("Build failed: ")
    assert f"problem(s) in {files} file(s)" in stderr.rstrip().splitlines()[-1]
    assert not (root / "output" / "outside.txt").exists()
    # How long it took is printed, not asserted (the budgets are 5 s and 2 s).
    print(f"the bad-input build took {elapsed:.1f} s")
