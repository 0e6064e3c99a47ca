"""Shared fixtures: settings, tiny inline content trees, the built fixture site."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from chapterhouse.config import ChapterhouseSettings

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_SITE = ROOT / "tests" / "fixtures" / "site"
FIXTURE_NOW = "2026-11-22T12:00:00Z"


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


def run_pelican(
    content: Path,
    output: Path,
    settings_file: Path,
    now: str = FIXTURE_NOW,
    env: dict | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the real `pelican` command as users and CI do."""
    environment = dict(os.environ, CHAPTERHOUSE_NOW=now, **(env or {}))
    environment.pop("GITHUB_ACTIONS", None)
    if env and "GITHUB_ACTIONS" in env:
        environment["GITHUB_ACTIONS"] = env["GITHUB_ACTIONS"]
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
        ],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site, built once per test session at a fixed "now"."""
    output = tmp_path_factory.mktemp("site") / "output"
    result = run_pelican(FIXTURE_SITE / "content", output, FIXTURE_SITE / "fixtureconf.py")
    assert result.returncode == 0, result.stdout + result.stderr
    return output
