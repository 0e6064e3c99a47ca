"""Reading built pages the way a visitor would."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

GOLDEN = Path(__file__).parent / "golden"


def page(site: Path, path: str) -> BeautifulSoup:
    """Parse the page served at ``path`` (``/events/x/``)."""
    target = site / path.strip("/")
    if path.endswith("/"):
        target = target / "index.html"
    return BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser")


def text(soup: BeautifulSoup) -> str:
    """Visible text, whitespace folded."""
    return re.sub(r"\s+", " ", soup.get_text(" ")).strip()


def listed_titles(soup: BeautifulSoup, selector: str = ".event-item-title a") -> list[str]:
    """Event titles in the order a listing shows them."""
    return [a.get_text(strip=True) for a in soup.select(selector)]


def assert_golden(site: Path, path: str, name: str) -> None:
    """Compare a built page with tests/e2e/golden/NAME.

    ``invoke golden`` (``CHAPTERHOUSE_UPDATE_GOLDEN=1``) rewrites a golden file
    that differs and then *fails*, naming it: a refresh never passes silently,
    and every one is reviewed in ``git diff tests/e2e/golden``. Under CI the
    update mode is refused.
    """
    target = site / path.strip("/")
    if path.endswith("/"):
        target = target / "index.html"
    actual = target.read_bytes()
    golden = GOLDEN / name
    if os.environ.get("CHAPTERHOUSE_UPDATE_GOLDEN") == "1":
        if os.environ.get("CI") == "true":
            pytest.fail("golden files are never rewritten under CI=true")
        if not golden.exists() or golden.read_bytes() != actual:
            golden.write_bytes(actual)
            pytest.fail(f"rewrote {golden.relative_to(GOLDEN.parents[2])}: review it with git diff")
    assert golden.exists(), f"missing golden file {golden}: run `invoke golden` and review the diff"
    assert actual == golden.read_bytes(), (
        f"{path} differs from {golden.name}; if the change is intended, run `invoke golden` "
        "and review `git diff tests/e2e/golden`"
    )
