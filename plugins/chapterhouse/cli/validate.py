"""``invoke validate``: check every chapter, event and page without building.

Prints each problem as ``path:line: field: message``, every problem of every
file in one run, plus ``::error`` annotations under GitHub Actions. Exit
status 1 when anything is wrong, 0 otherwise; never a traceback.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TextIO

from chapterhouse.cli.project import UsageError, load_project
from chapterhouse.core.catalog import Catalog, load_catalog
from chapterhouse.core.model import Visibility
from chapterhouse.core.problems import Problem
from chapterhouse.core.programme import event_warnings, recap_problems
from chapterhouse.core.timing import build_now, system_clock
from chapterhouse.render.markdown import MarkdownRenderer, render_body, render_writeup


def validate(settings_file: Path, content: str | None = None, out: TextIO | None = None) -> int:
    """Validate the content folder; return the exit status."""
    out = out or sys.stdout
    try:
        project = load_project(settings_file, content)
        catalog = load_catalog(
            project.content,
            project.config,
            static_folders=tuple(project.settings.get("STATIC_PATHS") or ()),
        )
        now = build_now(os.environ, system_clock)
    except UsageError as error:
        print(f"error: {error}", file=out)
        return 1
    except Exception as error:  # an unexpected failure is still one readable line
        print(f"error: validation stopped: {type(error).__name__}: {error}", file=out)
        return 1
    problems = sorted(
        {*catalog.problems, *_body_problems(catalog), *recap_problems(catalog.events, now)}
    )
    for problem in problems:
        print(problem.format(), file=out)
    for event in catalog.events:
        for warning in event_warnings(event):
            print(f"warning: {warning.format()}", file=out)
    if os.environ.get("GITHUB_ACTIONS") == "true":
        for problem in problems:
            print(problem.github_annotation(), file=out)
    if problems:
        files = len({p.path for p in problems})
        print(f"{len(problems)} problem(s) in {files} file(s).", file=out)
        return 1
    print(
        f"OK: {len(catalog.chapters)} chapter(s), "
        + (f"{len(catalog.series)} series, " if catalog.series else "")
        + f"{len(catalog.events)} event(s) and "
        f"{len(catalog.pages)} page(s) in {project.content} are valid.",
        file=out,
    )
    return 0


def _body_problems(catalog: Catalog) -> list[Problem]:
    """Bodies the build would refuse (too slow or too deep to render), as the build renders them.

    The build renders the Markdown of every chapter, series, event and page it publishes; so does
    this, with the same limits, so that a file ``validate`` accepts also builds.
    """
    renderer = MarkdownRenderer()
    problems = []
    for item in (*catalog.chapters, *catalog.series, *catalog.events, *catalog.pages):
        if item.visibility is Visibility.DRAFT:
            continue
        _, problem = render_body(renderer, item.body, item.source)
        if problem is not None:
            problems.append(problem)
        recap = getattr(item, "recap", None)
        if recap is not None and recap.writeup:
            _, problem = render_writeup(renderer, recap.writeup, item.source)
            if problem is not None:
                problems.append(problem)
    return problems
