"""Property: whatever files and links a content tree holds, nothing outside the content folder
is read or published, nothing is written outside the output folder, no file that could run
script is published, and every refusal is a located message."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import FIXTURE_SITE, run_pelican
from tests.fuzz_strategies import TREE_ENTRIES

PROBLEM_LINE = re.compile(r"^.+:\d+: [^:]+: .+")
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f"
    b"\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81\x84\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
SECRET = "TOP-SECRET-OUTSIDE-THE-CONTENT-FOLDER"


def _add(entry: str, content: Path, outside: Path) -> None:
    images, events, pages = content / "images", content / "events", content / "pages"
    if entry == "link-to-outside-file":
        (images / "passwd.txt").symlink_to(outside / "secret.txt")
    elif entry == "link-to-outside-folder":
        (images / "elsewhere").symlink_to(outside, target_is_directory=True)
    elif entry == "link-to-dev-zero":
        (pages / "zero.md").symlink_to("/dev/zero")
    elif entry == "link-to-inside-file":
        (images / "alias.png").symlink_to(images / "good.png")
    elif entry == "linked-event":
        (events / "stolen.md").symlink_to(outside / "event.md")
    elif entry == "html-in-images":
        (images / "page.html").write_text("<script>alert(1)</script>")
    elif entry == "js-in-images":
        (images / "app.js").write_text("alert(1)")
    elif entry == "svg-with-script":
        (images / "logo.svg").write_text(
            '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'
        )
    elif entry == "png-named-jpg":
        (images / "photo.jpg").write_bytes(PNG)
    elif entry == "html-named-png":
        (images / "fake.png").write_text("<html><script>alert(1)</script></html>")
    elif entry == "page-links-outside":
        (pages / "outside.md").write_text(
            "---\ntitle: Out\n---\n[x]({static}/../outside/secret.txt)\n"
        )
    elif entry == "page-attaches-html":
        (pages / "evil.html").write_text("<script>alert(1)</script>")
        (pages / "attach.md").write_text("---\ntitle: Attach\n---\n[x]({attach}evil.html)\n")
    elif entry == "event-image-is-html":
        (images / "cover.png").write_text("<script>alert(1)</script>")
        (events / "cover.md").write_text(
            "---\ntitle: Cover\nchapter: berlin\nstart: 2027-01-20 19:00\nimage: images/cover.png\n---\n"
        )
    elif entry == "fifo":
        os.mkfifo(images / "pipe.png")
    elif entry == "empty-image":
        (images / "empty.png").write_bytes(b"")
    # "good-image": only the real picture every tree has


@settings(
    max_examples=int(os.environ.get("FUZZ_BUILDS", "8")),
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(entries=st.lists(TREE_ENTRIES, min_size=1, max_size=4, unique=True))
def test_a_content_tree_never_publishes_what_it_should_not(tmp_path_factory, entries):
    root = tmp_path_factory.mktemp("files")
    content, outside, output = root / "content", root / "outside", root / "site" / "output"
    shutil.copytree(FIXTURE_SITE / "content", content)
    (content / "images").mkdir(exist_ok=True)
    (content / "images" / "good.png").write_bytes(PNG)
    outside.mkdir()
    output.parent.mkdir()
    (outside / "secret.txt").write_text(SECRET)
    (outside / "event.md").write_text(
        f"---\ntitle: {SECRET}\nchapter: berlin\nstart: 2027-01-20 19:00\n---\n"
    )
    for entry in entries:
        _add(entry, content, outside)
    before = sorted(p.name for p in root.iterdir())
    try:
        result = run_pelican(content, output, FIXTURE_SITE / "fixtureconf.py")
    except subprocess.TimeoutExpired as error:  # /dev/zero read whole would never end
        raise AssertionError("the build hung") from error
    assert "Traceback" not in result.stdout + result.stderr
    assert sorted(p.name for p in root.iterdir()) == before, "something was written outside"
    assert [p.name for p in output.parent.iterdir()] in ([], ["output"]), "staging left behind"
    # Every entry but a real picture breaks the rule (even a link that stays inside: links are
    # refused, not followed); the build must say so, and otherwise publish nothing it should not.
    assert (result.returncode == 0) == (set(entries) <= {"good-image"}), (entries, result.stderr)
    if result.returncode == 0:
        published = [p for p in output.rglob("*") if p.is_file()]
        assert (output / "images" / "good.png").read_bytes() == PNG
        assert not any(SECRET in p.read_text(errors="ignore") for p in published)
    else:
        assert result.returncode == 1
        lines = [
            line
            for line in result.stderr.splitlines()
            if line and not line.startswith("Build failed")
        ]
        assert lines and all(PROBLEM_LINE.match(line) for line in lines), result.stderr
        assert not output.exists()
    shutil.rmtree(root, ignore_errors=True)
