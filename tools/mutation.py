"""Mutation testing of the pure modules: ``invoke mutate`` (mutmut).

mutmut makes one small change at a time in the code (``<`` for ``<=``, a
constant changed, a call removed) and runs the tests that reach it; a change
no test notices is a *surviving* mutant: a rule the tests do not pin down.

mutmut expects the code in ``src/`` (it names modules after their path), and
the project keeps it in ``plugins/``. This script copies the tracked files of
the project into ``cache/mutation/`` with ``plugins/`` as ``src/``, writes
mutmut's settings there, runs it, and prints the score: killed ÷ (killed +
survived), with the mutants no unit test reaches counted apart. The
end-to-end tests build sites in another process, where mutmut cannot see its
mutants: only ``tests/unit`` is used.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "cache" / "mutation"
DEFAULT_PATHS = ("core", "calendar", "render")
SETTINGS = """
[tool.mutmut]
source_paths = {sources}
also_copy = [
    "src/chapterhouse/", "content/", "theme/", "benchmarks/", "pelicanconf.py", "publishconf.py",
]
pytest_add_cli_args_test_selection = ["tests/unit/"]
"""


def prepare(paths: tuple[str, ...]) -> Path:
    """A copy of the project's tracked files, laid out as mutmut expects."""
    shutil.rmtree(WORK, ignore_errors=True)
    files = subprocess.run(
        ["git", "-C", str(ROOT), "ls-files", "-z"], capture_output=True, check=True
    ).stdout.split(b"\0")
    for name in filter(None, (f.decode() for f in files)):
        source = ROOT / name
        if not source.is_file() or source.is_symlink():
            continue
        target = WORK / name.replace("plugins/", "src/", 1)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, target)
    sources = json.dumps(
        [f"src/chapterhouse/{path}" + ("" if path.endswith(".py") else "/") for path in paths]
    )
    with (WORK / "pyproject.toml").open("a", encoding="utf-8") as handle:
        handle.write(SETTINGS.format(sources=sources))
    return WORK


def score(work: Path) -> Counter[str]:
    """Mutants by outcome, from mutmut's own results."""
    listing = subprocess.run(
        [sys.executable, "-m", "mutmut", "results", "--all", "true"],
        cwd=work,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    outcomes: Counter[str] = Counter()
    for line in listing.splitlines():
        name, _, outcome = line.strip().rpartition(": ")
        if name and outcome:
            outcomes[outcome] += 1
    return outcomes


def main() -> int:
    """Run mutmut and print the score; 2 when mutmut is not installed."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--paths",
        default=",".join(DEFAULT_PATHS),
        help="packages or modules to mutate (core, core/languages.py)",
    )
    parser.add_argument("--max-children", type=int, default=2, help="processes")
    options = parser.parse_args()
    try:
        import mutmut  # noqa: F401
    except ImportError:
        print('mutmut is not installed: pip install -e ".[mutation]"', file=sys.stderr)
        return 2
    work = prepare(tuple(p.strip() for p in options.paths.split(",") if p.strip()))
    subprocess.run(
        [sys.executable, "-m", "mutmut", "run", "--max-children", str(options.max_children)],
        cwd=work,
        check=False,
    )
    outcomes = score(work)
    killed, survived = outcomes["killed"], outcomes["survived"]
    print("\nmutants:", ", ".join(f"{count} {name}" for name, count in sorted(outcomes.items())))
    if killed + survived:
        print(f"score: {killed / (killed + survived):.1%} of the mutants the unit tests reach")
    print(f"survivors: `cd {work.relative_to(ROOT)} && mutmut results` then `mutmut show NAME`")
    return 0


if __name__ == "__main__":
    sys.exit(main())
