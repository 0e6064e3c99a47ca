"""Benchmark Chapterhouse against Hugo and plain Pelican on synthetic networks.

    python benchmarks/bench.py --sizes 1000,5000,10000 --runs 3 --report benchmarks/results.md
    python benchmarks/bench.py --content ~/network/content --hugo-site ~/their-hugo-site

``--content`` measures a network of one's own (a content folder, copied first) instead of
generated ones; ``--hugo-site`` compares with another Hugo site (built with ``--contentDir``
set to the same content folder).

For each size N, the same generated events (benchmarks/generate.py) are built:

* by Chapterhouse, cold (no output, no cache), then again with nothing changed, then after
  editing one event (a different one each run, restored in between);
* by Hugo (Debian's ``hugo``, site in benchmarks/hugo/) cold, paired run by run with
  Chapterhouse's cold builds (the ratio is computed per pair, then the median is taken);
* by plain Pelican (the events as ordinary articles, default theme), cold;
* by Chapterhouse with one site language instead of the project's three (``fr``, ``en``,
  ``es``: the home page, listings, topics, site calendar and feeds once instead of three
  times), cold, paired run by run with the three-language cold builds.

Each build is a separate process; wall time, CPU time (user + system of the whole process
tree), peak memory (the sum of the resident sets of the whole tree, sampled every 20 ms),
output size and file count are recorded. A build that fails stops the benchmark: a fast
failure is not a result. These are measurements printed as a table, not tests.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path

import psutil
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from generate import generate  # noqa: E402

NOW = "2026-11-22T12:00:00Z"
#: The benchmark's Hugo site (``--hugo-site`` for another one).
HUGO_SITE = ROOT / "benchmarks" / "hugo"


@dataclass
class Measure:
    """One build."""

    wall: float
    cpu: float
    peak_mb: float
    files: int
    output_mb: float
    peak_pss_mb: float = 0.0


def measure(
    command: list[str], output: Path, cwd: Path, env: dict[str, str] | None = None
) -> Measure:
    """Run one build and measure it; raise when it fails."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    watched = psutil.Process(process.pid)
    peak = peak_pss = 0
    samples = 0
    while process.poll() is None:
        try:
            tree = [watched, *watched.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            if samples % 5 == 0:  # the proportional set size: shared pages counted once
                pss = sum(p.memory_full_info().pss for p in tree if p.is_running())
                peak_pss = max(peak_pss, pss)
        except psutil.Error:
            pass
        samples += 1
        time.sleep(0.02)
    wall = time.perf_counter() - started
    _, stderr = process.communicate()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if process.returncode != 0 or b"ERROR" in stderr:
        raise SystemExit(
            f"build failed: {' '.join(command)}\n{stderr.decode(errors='replace')[-3000:]}"
        )
    files = [p for p in output.rglob("*") if p.is_file()]
    return Measure(
        wall=wall,
        cpu=(after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime),
        peak_mb=peak / 2**20,
        peak_pss_mb=peak_pss / 2**20,
        files=len(files),
        output_mb=sum(p.stat().st_size for p in files) / 2**20,
    )


def chapterhouse(
    content: Path,
    output: Path,
    cache: Path,
    languages: list[str] | None = None,
    cards: bool = True,
) -> Measure:
    """Build ``content`` with the project's settings (quiet: no progress display).

    ``languages``: the site languages instead of the project's; ``cards``: False to
    draw no social card (``CHAPTERHOUSE["social_cards"]``), as Hugo's site draws none.
    """
    # One -e with every override: Pelican keeps only the values of the last -e.
    overrides = [f"CACHE_PATH={json.dumps(str(cache))}"]
    if languages or not cards:
        options = {**_project_options(), **({"languages": languages} if languages else {})}
        if not cards:
            options["social_cards"] = False
        overrides.append(f"CHAPTERHOUSE={json.dumps(options)}")
    command = [sys.executable, "-m", "pelican", str(content), "-s", "pelicanconf.py"]
    command += ["-o", str(output), "-q", "-e", *overrides]
    return measure(command, output, ROOT, {"CHAPTERHOUSE_NOW": NOW})


def _project_options() -> dict:
    """The project's ``CHAPTERHOUSE`` settings (pelicanconf.py)."""
    namespace: dict = {"__file__": str(ROOT / "pelicanconf.py")}
    exec((ROOT / "pelicanconf.py").read_text(encoding="utf-8"), namespace)  # noqa: S102
    return dict(namespace["CHAPTERHOUSE"])


def hugo(content: Path, output: Path, source: Path = HUGO_SITE) -> Measure:
    """Build the same events with Hugo (the site in ``source``), from scratch.

    Its output folder is emptied first, as Chapterhouse's is for a cold build: Hugo writing
    over a previous build's files took about twice as long as writing them anew (1.7–1.9 s
    against 3.3–4.6 s at 2,000 events, taking turns; the difference is system time).
    """
    shutil.rmtree(output, ignore_errors=True)
    command = ["hugo", "--quiet", "--source", str(source)]
    command += ["--contentDir", str(content), "--destination", str(output)]
    command.append("--cleanDestinationDir")
    return measure(command, output, output.parent)


def pelican_articles(content: Path, output: Path) -> Measure:
    """Build the events as plain Pelican articles with the default theme, from scratch."""
    shutil.rmtree(output, ignore_errors=True)  # Pelican keeps what a previous run left
    settings = ROOT / "benchmarks" / "pelican-articles" / "pelicanconf.py"
    command = [sys.executable, "-m", "pelican", str(content), "-s", str(settings)]
    command += ["-o", str(output), "-q"]
    return measure(command, output, output.parent)


def as_articles(source: Path, target: Path) -> None:
    """The events as Pelican articles (Title/Date/Category/Tags metadata).

    Front matter is read as YAML, as Chapterhouse reads it; files named ``_*`` (templates)
    are left out, as Chapterhouse leaves them out.
    """
    if target.exists():
        shutil.rmtree(target)
    (target / "events").mkdir(parents=True)
    (target / "pages").mkdir()
    for path in sorted((source / "events").rglob("*.md")):
        if path.name.startswith("_"):
            continue
        _, front, body = ("\n" + path.read_text(encoding="utf-8")).split("\n---\n", 2)
        fields = yaml.safe_load(front) or {}
        start = fields.get("start", "2026-01-01")
        start = str(start) if isinstance(start, datetime | str) else f"{start} 00:00"
        topics = fields.get("topics") or []
        topics = topics if isinstance(topics, list) else [topics]
        slug = "-".join(path.relative_to(source / "events").with_suffix("").parts)
        metadata = [
            f"Title: {fields.get('title', path.stem)}",
            f"Date: {start}",
            f"Category: {fields.get('chapter', 'events')}",
            f"Tags: {', '.join(str(topic) for topic in topics)}",
            f"Summary: {fields.get('summary', '')}",
            f"Slug: {slug}",
        ]
        (target / "events" / f"{slug}.md").write_text(
            "\n".join(metadata) + "\n\n" + body, encoding="utf-8"
        )


def edit_event(content: Path, number: int) -> tuple[Path, str]:
    """Change the title of one event (a different one for each ``number``).

    Returns the file and its original text.
    """
    events = sorted((content / "events").rglob("*.md"))
    path = events[(len(events) // 2 + 37 * number) % len(events)]
    original = path.read_text(encoding="utf-8")
    path.write_text(original.replace("title: ", "title: (edited) ", 1), encoding="utf-8")
    return path, original


def row(label: str, measures: list[Measure], reference: list[Measure] | None = None) -> str:
    """A table row: medians (and range) of wall time, CPU time, the highest peak, the output.

    With ``reference`` (Hugo's runs, paired), the median of the per-pair ratios and their range.
    """
    walls = [m.wall for m in measures]
    wall = f"{statistics.median(walls):.2f}"
    if len(walls) > 1:
        wall += f" ({min(walls):.1f}–{max(walls):.1f})"
    cpu = statistics.median(m.cpu for m in measures)
    peak = max(m.peak_mb for m in measures)
    pss = max(m.peak_pss_mb for m in measures)
    last = measures[-1]
    ratio = ""
    if reference:
        ratios = [m.wall / r.wall for m, r in zip(measures, reference, strict=True)]
        ratio = f"{statistics.median(ratios):.2f}"
        if len(ratios) > 1:
            ratio += f" ({min(ratios):.2f}–{max(ratios):.2f})"
    cells = [label, wall, f"{cpu:.2f}", f"{peak:.0f}", f"{pss:.0f}", str(last.files)]
    cells += [f"{last.output_mb:.0f}", ratio]
    return "| " + " | ".join(cells) + " |"


def machine() -> str:
    """The machine, Python and Hugo the figures were measured with."""
    hugo_version = "no Hugo"
    if shutil.which("hugo"):
        version = subprocess.run(["hugo", "version"], capture_output=True, text=True, check=False)
        hugo_version = f"Hugo {version.stdout.split(' ')[1]}"
    return (
        f"Machine: {platform.machine()}, {psutil.cpu_count(logical=True)} CPUs, "
        f"{psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}, "
        f"{hugo_version}."
    )


def bench_size(size: int, arguments: argparse.Namespace, has_hugo: bool) -> list[str]:
    """Measure one generated network of ``size`` events; return its Markdown table."""
    site = arguments.work / f"n{size}"
    generate(site, size, arguments.chapters)
    return bench_site(site, f"{size:,} events ({arguments.chapters} chapters)", arguments, has_hugo)


def bench_content(source: Path, arguments: argparse.Namespace, has_hugo: bool) -> list[str]:
    """Measure a network of one's own: ``source``, copied first (one of its events is edited)."""
    if not (source / "events").is_dir():
        raise SystemExit(f"{source}: no events/ folder (give a content folder, like content/)")
    # Its own folder per source (two folders may both be called "content").
    site = arguments.work / f"content-{source.name}-{hashlib.sha256(bytes(source)).hexdigest()[:8]}"
    shutil.rmtree(site / "content", ignore_errors=True)
    shutil.copytree(source, site / "content")  # files, not links: the edit must not reach them
    events = sum(1 for _ in (site / "content" / "events").rglob("*.md"))
    chapters = sum(1 for _ in (site / "content" / "chapters").glob("*.md"))
    label = f"{source}: {events:,} events ({chapters} chapters)"
    return bench_site(site, label, arguments, has_hugo)


def bench_site(site: Path, label: str, arguments: argparse.Namespace, has_hugo: bool) -> list[str]:
    """Measure the network in ``site/content``; return its Markdown table."""
    content = site / "content"
    output, cache = site / "output", site / "cache"
    ours: list[Measure] = []
    theirs: list[Measure] = []
    single: list[Measure] = []
    # The same kind of work as Hugo's site: one language, no social cards.
    plain: list[Measure] = []
    languages = _project_options().get("languages") or []
    for _ in range(arguments.runs):
        alike = site / "like-hugo"
        shutil.rmtree(alike, ignore_errors=True)
        plain.append(
            chapterhouse(content, alike / "output", alike / "cache", languages[:1], cards=False)
        )
        if arguments.one_language and len(languages) > 1:
            alone = site / "one-language"
            shutil.rmtree(alone, ignore_errors=True)
            single.append(chapterhouse(content, alone / "output", alone / "cache", languages[:1]))
        shutil.rmtree(output, ignore_errors=True)
        shutil.rmtree(cache, ignore_errors=True)
        ours.append(chapterhouse(content, output, cache))
        if has_hugo:
            theirs.append(hugo(content, site / "hugo-output", arguments.hugo_site))
        print(
            f"{label}: Chapterhouse cold {ours[-1].wall:.2f} s, like Hugo's site "
            f"{plain[-1].wall:.2f} s" + (f", Hugo {theirs[-1].wall:.2f} s" if theirs else ""),
            flush=True,
        )
    unchanged = [chapterhouse(content, output, cache) for _ in range(arguments.runs)]
    edited = []
    for number in range(arguments.runs):
        path, original = edit_event(content, number)
        try:
            edited.append(chapterhouse(content, output, cache))
        finally:
            path.write_text(original, encoding="utf-8")
        chapterhouse(content, output, cache)  # back to the original content, not measured
    table = [
        f"### {label}",
        "",
        "| build | wall s, median (range) | CPU s | peak MB (RSS) | peak MB (PSS) | files "
        "| output MB | × Hugo (wall) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
        row("Chapterhouse, cold", ours, theirs or None),
        row("Chapterhouse, cold, like Hugo's site (one language, no cards)", plain, theirs or None),
        row("Chapterhouse, nothing changed", unchanged),
        row("Chapterhouse, one event edited", edited),
    ]
    if single:
        table.append(row(f"Chapterhouse, cold, one site language ({languages[0]})", single))
    if theirs:
        table.append(row("Hugo, cold", theirs))
    if not arguments.no_pelican:
        articles = site / "articles"
        as_articles(content, articles)
        articles_built = [pelican_articles(articles, site / "pelican-output")]
        table.append(row("plain Pelican (articles), cold", articles_built))
    cold = statistics.median(m.wall for m in ours)
    edit = statistics.median(m.wall for m in edited)
    cold_alike = statistics.median(m.wall for m in plain)
    table += [
        "",
        f"One-event edit: {edit / cold:.1%} of a cold build ({edit / cold_alike:.1%} of one "
        f"like Hugo's site); nothing changed: "
        f"{statistics.median(m.wall for m in unchanged) / cold:.1%}.",
        "",
    ]
    if single:
        ratios = [a.wall / b.wall for a, b in zip(ours, single, strict=True)]
        cpu = [a.cpu / b.cpu for a, b in zip(ours, single, strict=True)]
        table[-1:] = [
            f"{len(languages)} site languages ({', '.join(languages)}) against one: "
            f"{statistics.median(ratios):.2f}× the wall time, {statistics.median(cpu):.2f}× the "
            "CPU time of a cold build (median of paired runs).",
            "",
        ]
    return table


def _folder(text: str) -> Path:
    """A folder given on the command line, as an absolute path (builds run elsewhere)."""
    return Path(text).expanduser().resolve()


def main() -> None:
    """Run the benchmark and print (and optionally write) the results."""
    parser = argparse.ArgumentParser(
        description="Benchmark Chapterhouse against Hugo and plain Pelican."
    )
    parser.add_argument("--sizes", default="2000,10000")
    parser.add_argument("--runs", type=int, default=3, help="runs of each kind of build")
    parser.add_argument("--chapters", type=int, default=20)
    parser.add_argument("--work", type=Path, default=ROOT / "benchmarks" / "sites")
    parser.add_argument("--report", type=Path, help="also write the Markdown tables to this file")
    parser.add_argument(
        "--content",
        type=_folder,
        action="append",
        default=[],
        help="a network's content folder to measure instead of generated ones (repeatable; "
        "copied into --work first)",
    )
    parser.add_argument(
        "--hugo-site",
        type=_folder,
        default=HUGO_SITE,
        help="the Hugo site to compare with (its source folder; default: benchmarks/hugo)",
    )
    parser.add_argument("--no-hugo", action="store_true")
    parser.add_argument("--no-pelican", action="store_true")
    parser.add_argument(
        "--one-language", action="store_true", help="also build with the first site language only"
    )
    arguments = parser.parse_args()

    has_hugo = not arguments.no_hugo and shutil.which("hugo") is not None
    lines = [machine(), ""]
    print(lines[0], flush=True)
    if arguments.hugo_site != HUGO_SITE:
        lines += [f"Hugo site: {arguments.hugo_site}.", ""]
    tables = (
        [partial(bench_content, source) for source in arguments.content]
        if arguments.content
        else [partial(bench_size, int(size)) for size in arguments.sizes.split(",")]
    )
    for measure_one in tables:
        table = measure_one(arguments, has_hugo)
        print("\n".join(table), flush=True)
        lines += table
    if arguments.report:
        arguments.report.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
