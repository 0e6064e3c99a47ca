"""The pure parts of `invoke livereload`: the added script, the command, editors' files."""

from __future__ import annotations

from pathlib import Path

import pytest

from chapterhouse.cli.livereload import Project, is_editor_file, script_tag, with_script


def test_the_script_goes_before_the_last_closing_body_with_the_pages_build_number():
    page = b"<html><body><p>a</p></body></html>"
    assert with_script(page, 7) == (
        b'<html><body><p>a</p><script src="/__chapterhouse/livereload.js?build=7"></script>'
        b"</body></html>"
    )
    assert with_script(b"<p>no body</p>", 0) == b"<p>no body</p>" + script_tag(0)


def test_every_override_goes_in_one_e_option_and_a_new_value_replaces_the_old():
    project = Project(Path("c"), Path("s.py"), Path("o"), overrides=(("CACHE_PATH", '"x"'),))
    project = project.override("SITEURL", '"http://localhost:8765"').override(
        "SITEURL", '"http://localhost:9000"'
    )
    assert project.arguments() == [
        "c", "-s", "s.py", "-o", "o",
        "-e", 'CACHE_PATH="x"', 'SITEURL="http://localhost:9000"',
    ]  # fmt: skip
    assert Project(Path("c"), Path("s.py"), Path("o")).arguments() == ["c", "-s", "s.py", "-o", "o"]


def test_a_change_to_a_plugin_or_the_settings_file_is_code():
    project = Project(Path("c"), Path("/p/pelicanconf.py"), Path("o"),
                      code=(Path("/p/plugins"), Path("/p/pelicanconf.py")))  # fmt: skip
    assert project.is_code({Path("/p/plugins/chapterhouse/x.py")})
    assert project.is_code({Path("/p/pelicanconf.py")})
    assert not project.is_code({Path("/p/content/events/a.md"), Path("/p/plugins-old/x.py")})


@pytest.mark.parametrize(
    ("name", "editor"),
    [
        ("sedAb12Cd", True), ("4913", True), (".#workshop.md", True), ("#workshop.md#", True),
        ("workshop.md~", True), (".workshop.md.swp", True), ("x.tmp", True),
        ("workshop.md", False), ("sedentary.md", False), ("base.html", False),
    ],
)  # fmt: skip
def test_editors_temporary_files_are_not_changes(name, editor):
    assert is_editor_file(Path("content/events") / name) is editor
