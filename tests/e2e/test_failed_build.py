"""A build with bad content reports every problem and leaves the output alone."""

from __future__ import annotations

import os

from tests.conftest import FIXTURE_SITE, ROOT, run_pelican

BROKEN = {
    "chapters/paris.md": "---\ntitle: Paris\ntimezone: Europe/Paris\n---\n",
    "chapters/lyon.md": "---\ntitle: Lyon\ntimezone: Europe/Lyon\n---\n",
    "events/no-title.md": "---\nchapter: paris\nstart: 2027-01-20 18:30\n---\n",
    "events/gap.md": "---\ntitle: Gap\nchapter: paris\nstart: 2027-03-28 02:30\n---\n",
    "events/yaml.md": "---\ntitle: Talk: the sequel\nchapter: paris\n---\n",
    "pages/about.md": "---\ntitel: About\n---\n",
}


def test_bad_content_fails_with_every_problem_and_keeps_the_previous_output(content_tree, tmp_path):
    content = content_tree(BROKEN)
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("previous build")

    result = run_pelican(content, output, FIXTURE_SITE / "fixtureconf.py")

    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert "Traceback" not in result.stderr + result.stdout
    shown = str(content.relative_to(ROOT)) if content.is_relative_to(ROOT) else str(content)
    expected = [
        f"{shown}/chapters/lyon.md:3: timezone: unknown time zone 'Europe/Lyon'",
        f"{shown}/events/gap.md:4: start: 2027-03-28 02:30 does not exist in Europe/Paris",
        f"{shown}/events/no-title.md:1: title: 'title' is required in an event file",
        f"{shown}/events/yaml.md:2: front matter: YAML syntax error",
        f"{shown}/pages/about.md:2: titel: unknown key 'titel' in a page file (did you mean 'title'?)",
        f"{shown}/pages/about.md:1: title: 'title' is required in a page file",
    ]
    for start in expected:
        assert any(line.startswith(start) for line in lines), (start, lines)
    assert "left as it was" in lines[-1]
    assert (output / "index.html").read_text() == "previous build"
    assert sorted(p.name for p in output.parent.iterdir()) == ["content", "output"]


def test_github_actions_gets_annotations(content_tree, tmp_path):
    content = content_tree({"events/x.md": "---\ntitle: X\nstart: 2027-02-30\n---\n"})
    result = run_pelican(
        content, tmp_path / "out", FIXTURE_SITE / "fixtureconf.py", env={"GITHUB_ACTIONS": "true"}
    )
    assert result.returncode == 1
    annotation = [line for line in result.stderr.splitlines() if line.startswith("::error ")]
    assert annotation and "file=" in annotation[0] and "x.md,line=3," in annotation[0]
    assert "is not a real date" in annotation[0]


def test_a_successful_build_replaces_the_output_completely(tmp_path, built_site, fixture_content):
    output = tmp_path / "output"
    output.mkdir()
    (output / "stale.html").write_text("from an older build")
    result = run_pelican(fixture_content, output, FIXTURE_SITE / "fixtureconf.py")
    assert result.returncode == 0, result.stderr
    assert not (output / "stale.html").exists()
    assert (output / "index.html").read_text() == (built_site / "index.html").read_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output"]
    assert _tree(output) == _tree(
        built_site
    )  # and two builds of the same content are byte-identical


def _tree(root):
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_the_sample_network_builds_with_its_images(tmp_path):
    output = tmp_path / "output"
    result = run_pelican(ROOT / "content", output, ROOT / "pelicanconf.py")
    assert result.returncode == 0, result.stderr
    assert (output / "images" / "toulouse.svg").exists()
    assert (output / "chapters" / "toulouse" / "index.html").exists()


def test_a_build_interrupted_by_ctrl_c_leaves_no_staging_folder(tmp_path):
    """`invoke livereload` is stopped mid-build all the time: nothing half made may stay."""
    import json
    import signal
    import subprocess
    import sys
    import time

    from benchmarks.generate import generate
    from tests.conftest import command_environment

    generate(tmp_path / "site", 400, 4)
    output = tmp_path / "output"
    command = [
        sys.executable, "-m", "pelican", str(tmp_path / "site" / "content"),
        "-s", str(ROOT / "pelicanconf.py"), "-o", str(output),
        "-e", f"CACHE_PATH={json.dumps(str(tmp_path / 'cache'))}",
    ]  # fmt: skip
    environment = command_environment(CHAPTERHOUSE_NOW="2026-11-22T12:00:00Z")
    build = subprocess.Popen(command, cwd=ROOT, env=environment, start_new_session=True)
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".output.building-*")) and time.monotonic() < deadline:
        assert build.poll() is None, "the build ended before it could be interrupted"
        time.sleep(0.05)
    time.sleep(0.5)  # well into the build
    os.killpg(build.pid, signal.SIGINT)  # as a terminal's Ctrl-C: the build and its workers
    build.wait(timeout=60)
    assert not list(tmp_path.glob(".output.building-*"))
    assert not output.exists()  # a first build that did not finish published nothing
