"""Whole content folders: discovery and checks across files."""

from chapterhouse.core.catalog import load_catalog

PARIS = "---\ntitle: Paris\ntimezone: Europe/Paris\n---\n"
MEXICO = "---\ntitle: CDMX\ntimezone: America/Mexico_City\n---\n"


def test_single_chapter_site_needs_no_chapter_key(content_tree, settings):
    root = content_tree(
        {
            "chapters/paris.md": PARIS,
            "events/2027/talk.md": "---\ntitle: Talk\nstart: 2027-01-20 18:30\n---\n",
        }
    )
    catalog = load_catalog(root, settings)
    assert catalog.problems == ()
    assert [e.chapter for e in catalog.events] == ["paris"]


def test_multi_chapter_site_requires_the_chapter(content_tree, settings):
    root = content_tree(
        {
            "chapters/paris.md": PARIS,
            "chapters/cdmx.md": MEXICO,
            "events/talk.md": "---\ntitle: Talk\nstart: 2027-01-20 18:30\n---\n",
        }
    )
    problems = load_catalog(root, settings).problems
    assert [(p.field, p.message) for p in problems] == [
        ("chapter", "'chapter' is required: this site has 2 chapters")
    ]
    assert problems[0].hint == "one of cdmx, paris"


def test_event_takes_its_chapter_zone(content_tree, settings):
    root = content_tree(
        {
            "chapters/paris.md": PARIS,
            "chapters/cdmx.md": MEXICO,
            "events/taller.md": "---\ntitle: Taller\nchapter: cdmx\nstart: 2026-12-05 10:00\n---\n",
        }
    )
    (event,) = load_catalog(root, settings).events
    assert event.start.isoformat() == "2026-12-05T10:00:00-06:00"


def test_duplicate_slugs_name_both_files(content_tree, settings):
    root = content_tree(
        {
            "chapters/paris.md": PARIS,
            "events/a/talk.md": "---\ntitle: One\nstart: 2027-01-20 18:30\n---\n",
            "events/b/talk.md": "---\ntitle: Two\nstart: 2027-01-21 18:30\n---\n",
        }
    )
    (problem,) = load_catalog(root, settings).problems
    assert problem.path.endswith("events/b/talk.md")
    assert problem.field == "slug"
    assert "also used by" in problem.message and "events/a/talk.md" in problem.message


def test_every_file_is_reported_in_one_run(content_tree, settings):
    root = content_tree(
        {
            "chapters/paris.md": PARIS,
            "events/one.md": "---\ntitle: One\n---\n",
            "events/two.md": "---\ntitle: Two\nstart: 2027-01-20 18:30\ntimezone: Paris\n---\n",
            "events/three.md": b"---\ntitle: caf\xe9\nstart: 2027-01-20\n---\n",
            "pages/events.md": "---\ntitle: Clash\n---\n",
        }
    )
    problems = load_catalog(root, settings).problems
    files = sorted({p.path.rsplit("/", 1)[-1] for p in problems})
    assert files == ["events.md", "one.md", "three.md", "two.md"]


def test_event_of_a_broken_chapter_is_not_blamed(content_tree, settings):
    root = content_tree(
        {
            "chapters/paris.md": "---\ntitle: Paris\ntimezone: Nowhere/Land\n---\n",
            "events/talk.md": "---\ntitle: Talk\nchapter: paris\nstart: 2027-01-20 18:30\n---\n",
        }
    )
    problems = load_catalog(root, settings).problems
    assert [p.path.rsplit("/", 1)[-1] for p in problems] == ["paris.md"]


def test_drafts_are_loaded_but_not_published(content_tree, settings):
    root = content_tree(
        {
            "events/draft.md": "---\ntitle: Draft\nstart: 2027-01-20 18:30\nstatus: draft\n---\n",
            "events/shown.md": "---\ntitle: Shown\nstart: 2027-01-20 18:30\n---\n",
        }
    )
    catalog = load_catalog(root, settings)
    assert [e.slug for e in catalog.published_events] == ["shown"]


def test_hidden_and_ignored_files_are_skipped(content_tree, settings):
    root = content_tree(
        {
            "events/.talk.md.swp": "garbage",
            "events/_template.md": "---\n---\n",
            "events/notes.txt": "not content",
            "events/talk.md": "---\ntitle: Talk\nstart: 2027-01-20 18:30\n---\n",
        }
    )
    assert [e.slug for e in load_catalog(root, settings).events] == ["talk"]
