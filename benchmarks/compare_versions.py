"""Compare the rebuild times of two or more versions of Chapterhouse on the same content.

Each revision is checked out in a temporary Git worktree and built with its own code, theme and
``pelicanconf.py`` (with one site language when ``--one-language`` is given and the revision
knows the setting). The versions take turns at a cold build (``--cold`` times), then at
rebuilding with nothing changed (``--runs`` times), so that the machine's drift falls on all of
them alike::

    python benchmarks/compare_versions.py 3e20323 HEAD --content benchmarks/sites/n10000/content

Prints every measurement, then the median and range of each version. Nothing fails because a
build was slow: these are figures to read.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import NOW, ROOT, measure


def worktree(revision: str, parent: Path) -> Path:
    """A checkout of ``revision`` under ``parent``."""
    folder = parent / revision.replace("/", "-")
    subprocess.run(
        ["git", "-C", str(ROOT), "worktree", "add", "--detach", "-f", str(folder), revision],
        check=True,
        capture_output=True,
    )
    return folder


def options(tree: Path, one_language: bool) -> list[str]:
    """The ``-e`` values of a build in ``tree`` (its own settings, one language if asked)."""
    namespace: dict = {"__file__": str(tree / "pelicanconf.py")}
    exec((tree / "pelicanconf.py").read_text(encoding="utf-8"), namespace)  # noqa: S102
    settings = dict(namespace.get("CHAPTERHOUSE") or {})
    if one_language and len(settings.get("languages") or []) > 1:
        settings["languages"] = settings["languages"][:1]
        return [f"CHAPTERHOUSE={json.dumps(settings)}"]
    return []


def build(tree: Path, content: Path, work: Path, extra: list[str]) -> float:
    """One build of ``content`` by the code in ``tree``; its wall time."""
    command = [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py"]
    command += ["-o", str(work / "output"), "-q", "-e", f"CACHE_PATH={json.dumps(str(work))}"]
    command += extra
    env = {"CHAPTERHOUSE_NOW": NOW, "PYTHONPATH": str(tree / "plugins")}
    return measure(command, work / "output", tree, env).wall


def main() -> None:
    """Run the comparison and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("revisions", nargs="+", help="Git revisions to compare")
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--cold", type=int, default=1, help="cold builds of each version")
    parser.add_argument("--runs", type=int, default=4, help="rebuilds of each version")
    parser.add_argument("--one-language", action="store_true")
    arguments = parser.parse_args()
    content = arguments.content.resolve()
    with tempfile.TemporaryDirectory(prefix="chapterhouse-compare-") as temporary:
        parent = Path(temporary)
        trees = {revision: worktree(revision, parent) for revision in arguments.revisions}
        try:
            extras = {r: options(tree, arguments.one_language) for r, tree in trees.items()}
            works = {revision: parent / f"work-{n}" for n, revision in enumerate(trees)}
            times: dict[str, dict[str, list[float]]] = {
                r: {"cold": [], "nothing changed": []} for r in trees
            }
            for kind, runs in (("cold", arguments.cold), ("nothing changed", arguments.runs)):
                for _ in range(runs):
                    for revision, tree in trees.items():
                        if kind == "cold":
                            shutil.rmtree(works[revision], ignore_errors=True)
                        wall = build(tree, content, works[revision], extras[revision])
                        times[revision][kind].append(wall)
                        print(f"{revision}: {kind} {wall:.2f} s", flush=True)
            for revision, kinds in times.items():
                for kind, walls in kinds.items():
                    print(
                        f"{revision}: {kind}, median {statistics.median(walls):.2f} s "
                        f"({min(walls):.2f}–{max(walls):.2f}, {len(walls)} runs)"
                    )
        finally:
            for tree in trees.values():
                subprocess.run(
                    ["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                    check=False,
                    capture_output=True,
                )


if __name__ == "__main__":
    main()
