"""Project tasks: `invoke --list` shows them all."""

import os
import shutil
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
CONTENT = ROOT / "content"
OUTPUT = ROOT / "output"
CACHES = [ROOT / "cache", ROOT / "benchmarks" / "sites", ROOT / "tests" / "artifacts"]


def _pelican(c, settings, output=OUTPUT, content=CONTENT, extra="", env=None):
    c.run(
        f'"{sys.executable}" -m pelican "{content}" -s "{settings}" -o "{output}" {extra}',
        pty=False,
        env=env or {},
    )


@task(help={"content": "Content folder (default: the settings' PATH, content/)"})
def validate(c, content=None):
    """Check every chapter, event and page without building; exit 1 on any problem."""
    from chapterhouse.cli.validate import validate as run

    status = run(ROOT / "pelicanconf.py", content)
    if status:
        raise Exit(code=status)


@task(
    name="new-event",
    help={
        "chapter": "Chapter slug",
        "title": "Event title",
        "start": 'Local start, "YYYY-MM-DD HH:MM"',
        "end": 'Local end, "YYYY-MM-DD HH:MM" or "HH:MM"',
        "duration": "Duration instead of an end: 90m, 2h, 2h30m",
        "venue": '"Venue name, street, city"',
        "rsvp": "RSVP form URL",
        "content": "Content folder",
        "series": "A series' slug: write its next edition (date from its rhythm)",
        "from": "An edition's slug: write the edition that follows it",
    },
)
def new_event(
    c,
    chapter=None,
    title=None,
    start=None,
    end=None,
    duration=None,
    venue=None,
    rsvp=None,
    content=None,
    series=None,
    from_=None,
):
    """Write a valid, commented event file (asks for what is missing in a terminal).

    With --series (or --from), the next edition of a series, on the next date of its rhythm.
    """
    from chapterhouse.cli.scaffold import EventAnswers
    from chapterhouse.cli.scaffold import new_event as run

    answers = EventAnswers(chapter, title, start, end, duration, venue, rsvp, series, from_)
    status = run(ROOT / "pelicanconf.py", answers, content)
    if status:
        raise Exit(code=status)


@task(
    name="new-chapter",
    help={
        "title": "Chapter name",
        "slug": "URL name (default: from the title)",
        "city": "City",
        "country": "ISO 3166 country code",
        "timezone": "IANA time zone",
        "lang": "Language of its events",
        "content": "Content folder",
    },
)
def new_chapter(
    c, title=None, slug=None, city=None, country=None, timezone=None, lang=None, content=None
):
    """Write a valid, commented chapter file (asks for what is missing in a terminal)."""
    from chapterhouse.cli.scaffold import ChapterAnswers
    from chapterhouse.cli.scaffold import new_chapter as run

    status = run(
        ROOT / "pelicanconf.py", ChapterAnswers(title, slug, city, country, timezone, lang), content
    )
    if status:
        raise Exit(code=status)


@task(
    name="import",
    help={
        "source": "An iCalendar file, or the https:// URL of a calendar feed",
        "chapter": "Slug of the chapter the events belong to",
        "content": "Content folder (default: the settings' PATH, content/)",
        "dry-run": "Report what would be created, updated or skipped; write nothing",
    },
)
def import_calendar(c, source, chapter, content=None, dry_run=False):
    """Import events from an iCalendar file or feed (re-running updates, never duplicates)."""
    from chapterhouse.cli.importer import import_events

    status = import_events(ROOT / "pelicanconf.py", source, chapter, content, dry_run)
    if status:
        raise Exit(code=status)


@task(
    help={
        "event": "Slug of the event to announce",
        "network": "email, linkedin or mastodon (default: all three, each under a heading)",
        "date": "YYYY-MM-DD: the date of a recurring event (default: the next one)",
        "content": "Content folder (default: the settings' PATH, content/)",
        "settings": "Settings file (default: publishconf.py, links on the published SITEURL)",
    },
)
def announce(c, event, network="", date="", content=None, settings=None):
    """Print a ready-to-paste announcement of an event for email, LinkedIn and Mastodon."""
    from chapterhouse.cli.announce import AnnounceRequest
    from chapterhouse.cli.announce import announce as run

    settings_file = Path(settings) if settings else ROOT / "publishconf.py"
    status = run(settings_file, AnnounceRequest(event, network, date, content))
    if status:
        raise Exit(code=status)


@task(
    help={
        "event": "Slug of the event",
        "csv": "The RSVP form's CSV export (Google Forms, Tally, Framaforms)",
        "output": "The badges' PDF, outside the site and the repository (the attendance sheet "
        "is written beside it)",
        "columns": "Lines of a badge, comma-separated (default name,job,company)",
        "paper": "a4 or letter (default a4)",
        "format": "90x55 (8 per page, default) or 4x3in (6 per page)",
        "date": "YYYY-MM-DD: the date of a recurring event (default: the next one)",
        "content": "Content folder (default: the settings' PATH, content/)",
        "settings": "Settings file (default: pelicanconf.py)",
    },
)
def badges(
    c,
    event,
    csv,
    output,
    columns="",
    paper="a4",
    format="90x55",
    date="",
    content=None,
    settings=None,
):
    """Print name badges and an attendance sheet (PDF) from an RSVP form's CSV export."""
    from chapterhouse.cli.badges import BadgesRequest
    from chapterhouse.cli.badges import badges as run

    settings_file = Path(settings) if settings else ROOT / "pelicanconf.py"
    request = BadgesRequest(event, csv, output, columns, paper, format, date, content)
    status = run(settings_file, request)
    if status:
        raise Exit(code=status)


@task(
    name="feed-diff",
    help={"base": "Git ref to compare with (e.g. origin/main)", "content": "Content folder"},
)
def feed_diff(c, base, content="content"):
    """Compare calendars built at BASE and at the working tree; fail on breaking changes."""
    from chapterhouse.cli.feed_diff import feed_diff as run

    status = run(ROOT, base, content)
    if status:
        raise Exit(code=status)


@task(
    help={
        "output": "Folder to build into (default: output/)",
        "content": "Content folder",
        "offline": "A hub: fetch nothing, use the stored copies of its members' data",
    }
)
def build(c, output=str(OUTPUT), content=str(CONTENT), offline=False):
    """Build the site with the development settings (pelicanconf.py)."""
    env = {"CHAPTERHOUSE_OFFLINE": "1"} if offline else {}
    _pelican(c, ROOT / "pelicanconf.py", output, content, env=env)


@task(help={"output": "Folder to build into (default: output/)"})
def publish(c, output=str(OUTPUT)):
    """Build with the publishing settings (publishconf.py; SITEURL from the environment)."""
    if not os.environ.get("SITEURL", "").strip():
        print(
            "error: SITEURL is not set. Feeds and calendars need the site's public address:\n"
            "  SITEURL=https://<user>.github.io/<repository> invoke publish\n"
            "(the deploy workflow sets it from GitHub Pages; `invoke build` is for previews)",
            file=sys.stderr,
        )
        raise Exit(code=1)
    _pelican(c, ROOT / "publishconf.py", output, extra="--fatal warnings")


@task(help={"port": "Port to serve on (default 8000)", "output": "Folder to serve"})
def serve(c, port=8000, output=str(OUTPUT)):
    """Serve the built site on http://127.0.0.1:PORT (missing pages get the site's 404 page)."""
    from chapterhouse.cli.project import load_project
    from chapterhouse.cli.serve import serve as run

    prefix = load_project(ROOT / "pelicanconf.py").config.site_path
    status = run(Path(output), int(port), prefix)
    if status:
        raise Exit(code=status)


@task(help={"port": "Port to serve on (default 8000)"})
def livereload(c, port=8000):
    """Serve the site, rebuild it on every change to content, theme or code, reload the browser."""
    from chapterhouse.cli.livereload import Project
    from chapterhouse.cli.livereload import livereload as run

    settings = ROOT / "pelicanconf.py"
    project = Project(
        content=CONTENT,
        settings=settings,
        output=OUTPUT,
        code=(ROOT / "plugins", settings),
        theme=(ROOT / "theme",),
    )
    status = run(project, int(port))
    if status:
        raise Exit(code=status)


@task
def clean(c):
    """Remove the built site and every cache."""
    for path in [OUTPUT, *CACHES]:
        shutil.rmtree(path, ignore_errors=True)
    for stale in ROOT.glob(".output.*"):
        shutil.rmtree(stale, ignore_errors=True)


@task
def i18n(c):
    """Extract interface strings and update every translation catalog (Babel's pybabel).

    A new language: `pybabel init -i plugins/chapterhouse/locale/chapterhouse.pot
    -d plugins/chapterhouse/locale -D chapterhouse -l <tag>`, translate, run this again.
    """
    pybabel = f'"{sys.executable}" -m babel.messages.frontend'
    locale = ROOT / "plugins" / "chapterhouse" / "locale"
    pot = locale / "chapterhouse.pot"
    c.run(
        f"{pybabel} extract -F babel.cfg -k _ -k ngettext:1,2 -k plural_variants:1,2 "
        f'--no-location --sort-output --omit-header -o "{pot}" .'
    )
    for po_file in sorted(locale.glob("*/LC_MESSAGES/chapterhouse.po")):
        lang = po_file.parent.parent.name
        c.run(
            f'{pybabel} update -i "{pot}" -d "{locale}" -D chapterhouse -l {lang} '
            "--ignore-obsolete --no-fuzzy-matching --ignore-pot-creation-date"
        )


@task
def golden(c):
    """Rebuild the test fixture site and rewrite the golden files that changed.

    Each rewritten file fails its test, so the command lists what changed and exits 1:
    review it with `git diff tests/e2e/golden`, then run the tests again.
    """
    if os.environ.get("CI") == "true":
        raise Exit("golden files are never rewritten under CI=true", code=1)
    env = dict(os.environ, CHAPTERHOUSE_UPDATE_GOLDEN="1")
    result = c.run(f'"{sys.executable}" -m pytest tests/e2e -q -k golden', env=env, warn=True)
    if result.failed:
        raise Exit("golden files were rewritten (or a test failed): review git diff", code=1)


@task(
    help={
        "paths": "Packages of chapterhouse to mutate (default core,calendar,render)",
        "max_children": "Processes (default 2)",
    }
)
def mutate(c, paths="core,calendar,render", max_children=2):
    """Mutation testing (mutmut) of the pure modules against the unit tests; prints the score."""
    c.run(
        f'"{sys.executable}" tools/mutation.py --paths {paths} --max-children {int(max_children)}',
        pty=False,
    )


@task
def lint(c):
    """ruff check and format check."""
    c.run("ruff check .")
    c.run("ruff format --check .")


@task
def test(c):
    """Run the whole test suite."""
    c.run(f'"{sys.executable}" -m pytest')


@task(
    help={
        "sizes": "Comma-separated event counts (default 2000,10000)",
        "runs": "Paired cold runs per size (default 3)",
        "report": "Write the Markdown table to this file too",
        "hub": "Also build a hub of 600 member sites, 30,000 events (benchmarks/hub.py --build)",
        "hub_only": "Only the hub case (no synthetic networks, no Hugo)",
        "members": "Hub case: member sites (default 600)",
        "events": "Hub case: events over all members (default 30000)",
        "history": "Also a network kept in Git, 10,000 events over 5,000 commits (history.py)",
        "livereload": "Also an edit to one event seen in Chromium via livereload (livereload.py)",
        "content": "Measure this content folder (a network of one's own) instead of generated ones",
        "hugo_site": "Compare with this Hugo site instead of benchmarks/hugo",
    }
)
def bench(
    c,
    sizes="2000,10000",
    runs=3,
    report="",
    hub=False,
    hub_only=False,
    members=600,
    events=30_000,
    history=False,
    livereload=False,
    content="",
    hugo_site="",
):
    """Benchmark cold, unchanged and one-edit builds against Hugo and plain Pelican.

    With --hub (or --hub-only), also the hub case of issue 16: a hub of 600 member sites
    served on 127.0.0.1, built cold, warm (all 304), with nothing changed and offline.
    With --history, a network kept in Git (10,000 events over 5,000 commits) built with and
    without its history, cold and after a one-event commit.
    """
    if not hub_only:
        command = f'"{sys.executable}" benchmarks/bench.py --sizes {sizes} --runs {int(runs)}'
        if report:
            command += f' --report "{report}"'
        if content:
            command += f' --content "{content}"'
        if hugo_site:
            command += f' --hugo-site "{hugo_site}"'
        c.run(command, pty=False)
    if hub or hub_only:
        c.run(
            f'"{sys.executable}" benchmarks/hub.py --build --members {int(members)} '
            f"--events {int(events)}",
            pty=False,
        )
    if history:
        c.run(f'"{sys.executable}" benchmarks/history.py', pty=False)
    if livereload:
        c.run(f'"{sys.executable}" benchmarks/livereload.py', pty=False)
