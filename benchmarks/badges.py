"""Time `invoke badges` on generated RSVP exports of 100 and 10,000 answers.

    python benchmarks/badges.py [--sizes 100,10000] [--event pandas-workshop]

Each size runs the real command once, in its own process, on a CSV of names in
Latin, Cyrillic, Arabic and CJK scripts written to a temporary folder (never in
the repository), and prints its wall time, the pages written and the peak memory.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIRST = ["Ada", "Grace", "Élodie", "Дмитрий", "محمد", "王", "Zoé", "Jürgen", "Sofía", "김"]
LAST = ["Lovelace", "Hopper", "Bernard", "Иванов", "عبد الله", "小明", "Aubert", "Müller", "Díaz"]
JOBS = ["Engineer", "Maintainer", "Student", "Data scientist", "مهندس", "工程师", ""]


def write_csv(path: Path, rows: int, seed: int = 17) -> None:
    """A Google Forms-like export of ``rows`` answers."""
    chosen = random.Random(seed)  # noqa: S311 - made-up names, not secrets
    lines = ["Timestamp,Email Address,Full name,Job title,Company"]
    for index in range(rows):
        name = f"{chosen.choice(FIRST)} {chosen.choice(LAST)} {index}"
        lines.append(
            f"2026-11-01 10:00:00,p{index}@example.org,{name},{chosen.choice(JOBS)},"
            f"Company {index % 97}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def run(rows: int, event: str, folder: Path) -> tuple[float, str]:
    """Print badges for ``rows`` answers; return the wall time and what the command printed."""
    csv = folder / f"rsvp-{rows}.csv"
    write_csv(csv, rows)
    command = [
        sys.executable, "-m", "invoke", "badges", "--event", event,
        "--csv", str(csv), "--output", str(folder / f"badges-{rows}.pdf"),
    ]  # fmt: skip
    environment = dict(os.environ, CHAPTERHOUSE_NOW="2026-11-22T12:00:00Z")
    started = time.perf_counter()
    result = subprocess.run(
        command, cwd=ROOT, env=environment, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - started
    if result.returncode:
        raise SystemExit(f"invoke badges failed on {rows} rows:\n{result.stderr}")
    return elapsed, result.stdout.splitlines()[0]


def main() -> None:
    """Run each size and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,10000")
    parser.add_argument("--event", default="pandas-workshop")
    options = parser.parse_args()
    print("| answers | time | peak memory (all runs so far) | printed |")
    print("|---|---|---|---|")
    with tempfile.TemporaryDirectory(prefix="badges-bench-") as folder:
        for rows in (int(size) for size in options.sizes.split(",")):
            elapsed, printed = run(rows, options.event, Path(folder))
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            print(f"| {rows:,} | {elapsed:.1f} s | {peak:,.0f} MB | {printed.split(':')[0]} |")


if __name__ == "__main__":
    main()
