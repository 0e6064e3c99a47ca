"""The layers of the plugin: data flows one way, and no import goes back up.

    core ──► render, history ──► config ──► calendar, feeds ──► site ──► adapters ──► cli
                                                                    └─► announce ──────────┤
         └─► media (pictures, cards, icons) ─────────────────────┤                     │
                                              incremental ─────────┘  (knows none of them)
    core ──► remote (HTTPS fetch) ──► importer (iCalendar → content files) ┘
    core ──► badges (RSVP CSV → badge and attendance PDFs) ───────────────────────────────┘
                     └──────────────┴──► network (a hub's member sites) ──► site, adapters

Only ``adapters`` (and the command-line tools) may import Pelican; the core
never imports Jinja or the site's full settings.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import chapterhouse

#: The package's source (plugins/chapterhouse; src/chapterhouse in the mutation-testing copy).
PACKAGE = Path(chapterhouse.__file__).resolve().parent

#: What each part may import of the others (besides itself).
ALLOWED = {
    "core": set(),
    "render": {"core"},
    "media": {"core"},
    "history": {"core"},
    "config": {"core"},
    "calendar": {"core", "history", "render"},
    "feeds": {"core", "history", "render"},
    "incremental": set(),
    "remote": {"core"},
    "importer": {"core", "render", "config", "remote"},
    "network": {"core", "render", "remote", "importer"},
    "site": {
        "core", "history", "render", "media", "config", "calendar", "feeds", "incremental",
        "network",
    },
    "adapters": {
        "core", "history", "render", "media", "config", "calendar", "feeds", "incremental", "site",
        "network",
    },
    "announce": {"core", "render", "config", "calendar", "site"},
    "badges": {"core"},
    "cli": {
        "core", "history", "render", "media", "config", "calendar", "feeds", "site", "adapters",
        "importer", "remote", "announce", "network", "badges",
    },
    "__init__": {"adapters"},
}  # fmt: skip
MAY_IMPORT_PELICAN = {"adapters", "cli"}
THIRD_PARTY_KEPT_OUT = {
    "core": {"pelican", "jinja2", "markupsafe"},
    "incremental": {"pelican", "jinja2"},
    "media": {"pelican", "jinja2"},
    "remote": {"pelican", "jinja2", "markupsafe"},
    "importer": {"pelican", "jinja2", "markupsafe"},
    "network": {"pelican", "jinja2", "markupsafe", "recurring_ical_events"},
    "badges": {"pelican", "jinja2", "markupsafe"},
}


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _part(path: Path) -> str:
    relative = path.relative_to(PACKAGE)
    return relative.parts[0].removesuffix(".py") if len(relative.parts) > 1 else relative.stem


MODULES = sorted(p for p in PACKAGE.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_module_belongs_to_a_known_part():
    assert MODULES
    assert {_part(p) for p in MODULES} <= set(ALLOWED)


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_imports_follow_the_layers(path):
    part = _part(path)
    for name in _imports(path):
        top = name.split(".")[0]
        if top == "chapterhouse" and "." in name:
            target = name.split(".")[1]
            assert target == part or target in ALLOWED[part], f"{part} imports {name}"
        if top == "pelican":
            assert part in MAY_IMPORT_PELICAN, f"{part} imports {name}"
        assert top not in THIRD_PARTY_KEPT_OUT.get(part, set()), f"{part} imports {name}"


def test_a_build_imports_no_library_it_only_needs_for_other_commands():
    """Every build pays for its imports: HTTP, font files, HTML conversion and PDF wait.

    httpx (a hub's fetches), fontTools (a font's character map, for a card or a
    badge), markdownify and Beautiful Soup (the importer), WeasyPrint (badges)
    are imported where they are used.
    """
    code = (
        "import sys, chapterhouse.adapters.runner, chapterhouse.adapters.generator\n"
        "print(' '.join(sorted(m for m in sys.modules if m.split('.')[0] in "
        "{'httpx', 'fontTools', 'markdownify', 'bs4', 'weasyprint'})))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert found == []
