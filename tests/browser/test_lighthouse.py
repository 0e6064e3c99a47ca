"""Lighthouse 12 on the fixture site: 100 in performance, accessibility, best practices and SEO.

Each page is measured as a phone (Lighthouse's default: a Moto G Power's screen, simulated slow
4G and a 4× slower CPU) and as a desktop (``--preset=desktop``), one run after the other (a run
takes 15 to 25 seconds and wants the machine's cores to itself). The reports are kept in
tests/artifacts/lighthouse/ (``<page>-<form factor>.report.json`` and ``.report.html``, which
any browser opens). A category under 100 fails the test with every audit that cost points.

Lighthouse comes from ``npm ci --prefix tests/js`` and runs on Node.js; it launches the system
Chromium (``CHROME_PATH``), like Playwright does. Locally, without them, the tests skip; under
CI=true they fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import ROOT, _chromium, _unavailable
from tests.browser.test_browser import PAGES

LIGHTHOUSE_CLI = ROOT / "tests" / "js" / "node_modules" / "lighthouse" / "cli" / "index.js"
REPORTS = ROOT / "tests" / "artifacts" / "lighthouse"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
FORM_FACTORS: dict[str, list[str]] = {"mobile": [], "desktop": ["--preset=desktop"]}
MEASURED = (
    "home",
    "event-with-image",
    "event-in-person",  # an event without an image
    "event-cancelled",
    "chapter",
    "chapters",  # the map of chapters
    "topic",
    "search",
)
#: Runs of a page whose performance is under 100 in the first: the median decides.
PERFORMANCE_RUNS = 3
#: Audits that never count towards a score: nothing to fix there.
UNSCORED = {"notApplicable", "informative", "manual"}


@dataclass(frozen=True)
class Lighthouse:
    """The Lighthouse command line, on Node.js, with the system Chromium."""

    node: str
    chromium: str

    def run(self, url: str, stem: Path, extra: list[str]) -> dict[str, Any]:
        """Measure ``url``; write ``stem``.report.json and .report.html; return the report."""
        stem.parent.mkdir(parents=True, exist_ok=True)
        command = [
            self.node,
            str(LIGHTHOUSE_CLI),
            url,
            "--output=json",
            "--output=html",
            f"--output-path={stem}",
            f"--only-categories={','.join(CATEGORIES)}",
            "--chrome-flags=--headless --no-sandbox",
            "--quiet",
            *extra,
        ]
        result = subprocess.run(
            command,
            env={**os.environ, "CHROME_PATH": self.chromium},
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert result.returncode == 0, f"Lighthouse failed on {url}:\n{result.stderr[-3000:]}"
        return json.loads(stem.with_name(stem.name + ".report.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def lighthouse() -> Lighthouse:
    node = shutil.which("node")
    if node is None:
        _unavailable("no Node.js found: Lighthouse runs on it (18.16 or later)")
    if not LIGHTHOUSE_CLI.is_file():
        _unavailable("Lighthouse not installed: run `npm ci --prefix tests/js`")
    chromium = _chromium()
    if chromium is None:
        _unavailable("no Chromium found: install Debian's chromium or set CHAPTERHOUSE_CHROMIUM")
    shutil.rmtree(REPORTS, ignore_errors=True)  # only this run's reports
    return Lighthouse(node, chromium)


def _items(audit: dict[str, Any], limit: int = 8) -> list[str]:
    """The elements, files or sources an audit names, one line each."""
    items = (audit.get("details") or {}).get("items") or []
    lines = []
    for item in items[:limit]:
        node = item.get("node") or {}
        source = item.get("source") or {}
        where = (
            node.get("selector")
            or item.get("url")
            or source.get("url")
            or item.get("description")
            or item.get("label")
            or ""
        )
        what = node.get("snippet") or node.get("explanation") or ""
        text = " ".join(f"{where} {what}".split())
        if text:
            lines.append(f"        {text[:240]}")
    if len(items) > limit:
        lines.append(f"        … and {len(items) - limit} more")
    return lines


def _shortfalls(report: dict[str, Any]) -> list[str]:
    """Every category under 100, with the audits that cost it points (and hints for speed)."""
    lines = []
    if report.get("runtimeError"):
        lines.append(f"runtime error: {report['runtimeError']}")
    lines += [f"warning: {warning}" for warning in report.get("runWarnings", [])]
    for name in CATEGORIES:
        category = report["categories"][name]
        score = category["score"]
        if score == 1:
            continue
        lines.append(f"{name}: {'no score' if score is None else round(score * 100)}")
        not_run = []
        for ref in sorted(category["auditRefs"], key=lambda ref: -ref["weight"]):
            audit = report["audits"][ref["id"]]
            if audit["scoreDisplayMode"] == "error" and ref["weight"]:  # no category score then
                lines.append(f"    {audit['id']}: could not run: {audit.get('errorMessage')}")
                continue
            if audit["scoreDisplayMode"] == "error":
                not_run.append(audit["id"])
                continue
            if audit["scoreDisplayMode"] in UNSCORED or audit["score"] in (None, 1):
                continue
            if ref["weight"] == 0 and audit["score"] >= 0.9:
                continue  # a passing diagnostic
            kind = "" if ref["weight"] else " (diagnostic, no weight)"
            lines.append(
                f"    {audit['id']}{kind}: {audit['title']}"
                f" — {audit.get('displayValue') or ''} (score {audit['score']})"
            )
            lines += _items(audit)
        if not_run:  # Lighthouse 12.2 cannot read every trace of a newer Chromium
            lines.append(f"    diagnostics that could not run here: {', '.join(not_run)}")
    return lines


def _performance(report: dict[str, Any]) -> float:
    score = report["categories"]["performance"]["score"]
    return -1.0 if score is None else score


@pytest.mark.parametrize("form_factor", sorted(FORM_FACTORS))
@pytest.mark.parametrize("name", MEASURED)
def test_page_scores_100_in_every_lighthouse_category(
    lighthouse: Lighthouse, site_url: str, name: str, form_factor: str
) -> None:
    url, extra = site_url + PAGES[name], FORM_FACTORS[form_factor]
    stems = [REPORTS / f"{name}-{form_factor}"]
    runs = [lighthouse.run(url, stems[0], extra)]
    if _performance(runs[0]) != 1:
        # Timings vary: a busy machine (two cores on CI) sometimes stalls one run. Under 100,
        # the page is measured again and the median run decides, as Lighthouse advises
        # (docs/variability.md). A page that is really slow is slow in every run.
        for number in range(2, PERFORMANCE_RUNS + 1):
            stems.append(REPORTS / f"{name}-{form_factor}-run{number}")
            runs.append(lighthouse.run(url, stems[-1], extra))
    median = sorted(range(len(runs)), key=lambda index: _performance(runs[index]))[len(runs) // 2]
    report = runs[median]
    assert report["configSettings"]["formFactor"] == form_factor
    assert report["finalDisplayedUrl"].startswith(site_url)
    scores = {category: report["categories"][category]["score"] for category in CATEGORIES}
    performance = ", ".join(str(round(_performance(run) * 100)) for run in runs)
    assert all(score == 1 for score in scores.values()), (
        f"Lighthouse ({form_factor}) on {PAGES[name]}: {scores}"
        + (f"; performance in {len(runs)} runs: {performance}" if len(runs) > 1 else "")
        + "\n"
        + "\n".join(_shortfalls(report))
        + f"\nfull report (the median run): {stems[median]}.report.html"
    )
