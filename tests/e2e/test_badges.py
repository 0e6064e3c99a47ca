"""`invoke badges` end to end: real exports in, the PDFs read back (text, pages, fonts, marks)."""

from __future__ import annotations

import math
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from chapterhouse.badges.fonts import FAMILIES, PACKAGES, FontNotFound, find_faces
from chapterhouse.badges.layout import FORMATS, PAPERS, sheet
from chapterhouse.badges.render import MARK_WIDTH
from tests.conftest import FIXTURE_SITE, ROOT, command_environment

pypdf = pytest.importorskip("pypdf")


def _missing() -> str:
    """What this machine lacks to print badges (``""``: nothing)."""
    try:
        import weasyprint  # noqa: F401 - loads Pango
    except OSError as error:
        return f"WeasyPrint cannot load Pango ({error}): see docs/dependencies.md"
    try:
        found = {face.family for face in find_faces()}
    except FontNotFound as error:
        return str(error)
    lacking = [family for family in FAMILIES if family not in found]
    return f"fonts missing: {', '.join(lacking)} ({PACKAGES})" if lacking else ""


# Under CI everything is installed (.ci/run): a missing library fails there instead.
pytestmark = pytest.mark.skipif(
    os.environ.get("CI") != "true" and bool(_missing()), reason=_missing() or "-"
)

RSVP = ROOT / "tests" / "fixtures" / "rsvp"
NOW = "2026-11-22T12:00:00Z"
#: The sample network's Cairo workshop: an Arabic title, the chapter's colour #0f766e.
EVENT = "pandas-workshop"
TEAL = "0.058824 0.462745 0.431373 rg"
#: The site's logo (content/images/logo.svg) draws in #1f5fbf.
LOGO_BLUE = "0.121569 0.372549 0.74902 rg"
PX_PER_MM = 96 / 25.4


def _badges(*args: str, event: str = EVENT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "invoke", "badges", "--event", event, *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=command_environment(CHAPTERHOUSE_NOW=NOW),
        timeout=300,
        check=False,
    )


def _export(tmp_path: Path, name: str) -> Path:
    """A fixture export copied where an organiser keeps it: outside the repository."""
    copy = tmp_path / "downloads" / name
    copy.parent.mkdir(exist_ok=True)
    shutil.copy(RSVP / name, copy)
    return copy


def _text(pdf: Path) -> str:
    """The PDF's text, each run of blanks and line breaks as one space (names may wrap)."""
    return " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(pdf).pages)


def _fonts(pdf: Path) -> set[str]:
    names = set()
    for page in pypdf.PdfReader(pdf).pages:
        for font in page["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor")
            embedded = descriptor and any(
                k in descriptor.get_object() for k in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            if embedded:
                names.add(str(font["/BaseFont"]).split("+", 1)[-1])
    return names


def _rectangles(pdf: Path, page: int = 0) -> list[tuple[float, ...]]:
    content = pypdf.PdfReader(pdf).pages[page].get_contents().get_data().decode("latin-1")
    return [
        tuple(float(v) for v in match.groups())
        for match in re.finditer(
            r"(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) re\n(?:W\nn\n)?f\n", content
        )
    ]


def _content(pdf: Path, page: int = 0) -> str:
    return pypdf.PdfReader(pdf).pages[page].get_contents().get_data().decode("latin-1")


def test_every_script_is_printed_with_its_font_and_the_chapter_identity(tmp_path: Path):
    output = tmp_path / "badges.pdf"
    result = _badges("--csv", str(_export(tmp_path, "scripts.csv")), "--output", str(output))
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith("7 badges on 1 page (A4, 90 × 55 mm, 8 per page")
    reader = pypdf.PdfReader(output)
    assert len(reader.pages) == 1
    text = _text(output)
    for name in (
        "Élodie Bernard",
        "Дмитрий",
        "Иванов",
        "محمد عبد الله",
        "王小明",
        "山田 太郎",
        "김민준",
        "Νίκος",
    ):
        assert name in text
    assert "株式会社サンプル" in text and "Разработчик" in text
    fonts = _fonts(output)
    assert "Noto-Sans-Arabic-Bold" in fonts
    assert "Noto-Sans-CJK-KR-Bold" in fonts  # the Korean name in the Korean face
    assert "Noto-Sans-CJK-JP" in fonts  # kana: the Japanese face
    assert "Noto-Sans-CJK-SC-Bold" in fonts  # Han only: the Chinese face
    assert "Noto-Sans-Bold" in fonts
    content = _content(output)
    assert TEAL in content  # the band in the chapter's colour
    assert LOGO_BLUE in content  # the site's logo, drawn from its SVG
    # A4 portrait
    assert [round(float(v)) for v in reader.pages[0].mediabox] == [0, 0, 595, 842]


def test_crop_marks_are_drawn_where_the_layout_puts_them(tmp_path: Path):
    output = tmp_path / "badges.pdf"
    result = _badges(
        "--csv", str(_export(tmp_path, "google-forms-en.csv")), "--output", str(output)
    )
    assert result.returncode == 0, result.stderr
    rectangles = _rectangles(output)
    layout = sheet(PAPERS["a4"], FORMATS["90x55"])
    assert len(layout.marks) == 16
    for mark in layout.marks:
        if mark.x1 == mark.x2:
            expected = (mark.x1 - MARK_WIDTH / 2, mark.y1, MARK_WIDTH, mark.y2 - mark.y1)
        else:
            expected = (mark.x1, mark.y1 - MARK_WIDTH / 2, mark.x2 - mark.x1, MARK_WIDTH)
        in_px = tuple(v * PX_PER_MM for v in expected)
        assert any(
            all(abs(a - b) < 0.01 for a, b in zip(r, in_px, strict=True)) for r in rectangles
        ), f"no crop mark at {expected} mm"
    # marks on the second page too
    assert len(_rectangles(output, 1)) >= 16


def test_nine_google_forms_answers_on_letter_paper(tmp_path: Path):
    output = tmp_path / "us" / "badges.pdf"
    output.parent.mkdir()
    result = _badges(
        "--csv", str(_export(tmp_path, "google-forms-en.csv")), "--output", str(output), "--paper", "letter"
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    reader = pypdf.PdfReader(output)
    assert len(reader.pages) == math.ceil(9 / 8)
    assert [round(float(v)) for v in reader.pages[0].mediabox] == [0, 0, 612, 792]
    text = _text(output)
    for name in ("Ada Lovelace", "Grace Hopper", "Tim Berners-Lee", "Radia Perlman"):
        assert name in text
    assert "Analytical Engines, Ltd." in text
    assert "ada@example.org" not in text  # e-mail addresses are never printed
    assert text.count("Tim Berners-Lee") == 1


@pytest.mark.parametrize(
    ("export", "names"),
    [
        ("google-forms-fr.csv", ["Élodie Bernard", "François Lefèvre", "Émile Zola"]),
        ("tally.csv", ["Sofía Hernández", "Jürgen Müller", "Aoife Ní Bhriain"]),
        ("framaforms.csv", ["Hélène Dubois", "Jérôme Gaël", "Ségolène Château"]),
        ("excel-utf16.csv", ["Jürgen Müller", "Анна Смирнова", "Łukasz Żółć"]),
        ("mixed-encodings.csv", ["René Müller", "Zoë Brontë", "Françoise Hardy"]),
    ],
)
def test_exports_of_each_form_print_every_name(tmp_path: Path, export: str, names: list[str]):
    output = tmp_path / "badges.pdf"
    result = _badges("--csv", str(_export(tmp_path, export)), "--output", str(output))
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    text = _text(output)
    for name in names:
        assert name in text
    sheet_text = _text(tmp_path / "badges-attendance.pdf")
    for name in names:
        assert name in sheet_text


def test_the_attendance_sheet_is_sorted_numbered_and_in_the_events_language(tmp_path: Path):
    output = tmp_path / "badges.pdf"
    result = _badges(
        "--csv", str(_export(tmp_path, "google-forms-fr.csv")), "--output", str(output)
    )
    assert result.returncode == 0, result.stderr
    attendance = tmp_path / "badges-attendance.pdf"
    assert result.stdout.endswith(f"attendance sheet: {attendance}\n")
    reader = pypdf.PdfReader(attendance)
    assert len(reader.pages) == 1
    text = _text(attendance)
    # by family name, accents aside: Aubert, Bernard, Lefèvre, Zola
    order = [
        text.index(n) for n in ("Zoé Aubert", "Élodie Bernard", "François Lefèvre", "Émile Zola")
    ]
    assert order == sorted(order)
    assert "1 Zoé Aubert" in text and "4 Émile Zola" in text
    assert "ورشة تحليل البيانات باستخدام" in text  # the event's title
    assert "ورقة الحضور" in text  # "Attendance sheet" in the event's language
    assert "2027" in text and "21" in text  # its date


def test_a_long_attendance_list_is_numbered_over_several_pages(tmp_path: Path):
    csv = tmp_path / "many.csv"
    csv.write_text(
        "Full name,Company\n" + "".join(f"Person {i:03},Company\n" for i in range(60)),
        encoding="utf-8",
    )
    output = tmp_path / "badges.pdf"
    result = _badges(
        "--csv", str(csv), "--output", str(output), "--format", "4x3in",
        "--settings", str(FIXTURE_SITE / "fixtureconf.py"),
        "--content", str(FIXTURE_SITE / "content"),
        event="workshop",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("60 badges on 10 pages (A4, 4 × 3 in, 6 per page")
    assert len(pypdf.PdfReader(output).pages) == math.ceil(60 / 6)
    attendance = pypdf.PdfReader(tmp_path / "badges-attendance.pdf")
    count = len(attendance.pages)
    assert count >= 2
    first = " ".join(attendance.pages[0].extract_text().split())
    last = " ".join(attendance.pages[-1].extract_text().split())
    assert "Packaging workshop: from pyproject to PyPI" in first
    assert "Attendance sheet" in first and "Signature" in first
    assert f"Page 1 of {count}" in first and f"Page {count} of {count}" in last
    assert "60 Person 059" in last and "1 Person 000" in first
    # the workshop is at 18:30 in Berlin, shown in Berlin's zone
    assert re.search(r"6:30\s?PM", first) and "Central European" in first


@pytest.mark.parametrize(
    ("where", "reason"),
    [
        ("content/badges.pdf", "inside the content folder"),
        ("output/badges.pdf", "inside the site's output folder"),
        ("badges.pdf", "inside the Git working tree"),
    ],
)
def test_output_inside_the_site_or_repository_is_refused(tmp_path: Path, where: str, reason: str):
    project = tmp_path / "site"
    shutil.copytree(ROOT / "content", project / "content")
    shutil.copy(ROOT / "pelicanconf.py", project / "pelicanconf.py")
    (project / "output").mkdir()
    if "Git" in reason:
        subprocess.run(["git", "init", "-q", str(project)], check=True)
    target = project / where
    result = _badges(
        "--csv", str(RSVP / "scripts.csv"), "--output", str(target),
        "--settings", str(project / "pelicanconf.py"), "--content", str(project / "content"),
    )  # fmt: skip
    assert result.returncode == 1
    assert result.stderr.startswith(f"error: --output: {target.resolve()} is {reason}")
    assert "attendee data is personal" in result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert not target.exists()
    assert not (target.parent / "badges-attendance.pdf").exists()


def test_the_repository_itself_is_refused():
    result = _badges("--csv", str(RSVP / "scripts.csv"), "--output", str(ROOT / "docs" / "b.pdf"))
    assert result.returncode == 1
    assert f"inside the Git working tree {ROOT}" in result.stderr
    assert not (ROOT / "docs" / "b.pdf").exists()


def test_a_missing_name_column_prints_nothing_and_keeps_the_previous_pdf(tmp_path: Path):
    output = tmp_path / "badges.pdf"
    output.write_bytes(b"%PDF- previous run")
    result = _badges("--csv", str(_export(tmp_path, "no-name-column.csv")), "--output", str(output))
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith(
        f"{tmp_path / 'downloads' / 'no-name-column.csv'}:row 1: name: no column for the "
        "attendee's name"
    )
    assert lines[-1].startswith("error: no badges printed: 1 problem(s)")
    assert "Traceback" not in result.stderr
    assert output.read_bytes() == b"%PDF- previous run"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["badges.pdf", "downloads"]  # no temporary


def test_messy_rows_are_warned_about_by_row_and_the_rest_printed(tmp_path: Path):
    output = tmp_path / "badges.pdf"
    csv = _export(tmp_path, "messy.csv")
    result = _badges("--csv", str(csv), "--output", str(output))
    assert result.returncode == 0, result.stderr
    assert result.stderr.splitlines() == [
        f"{csv}:row 3: row: empty row: skipped",
        f"{csv}:row 4: name: no name on this row: no badge printed for it",
        f"{csv}:row 5: name: 'ada lovelace' is also on row 2 (a second answer?): printed twice",
        f"{csv}:row 6: row: 5 fields for 3 columns: 'extra', 'fields' left out "
        "(a delimiter inside an unquoted value?)",
    ]
    text = _text(output)
    for name in (
        "Ada Lovelace",
        "ada lovelace",
        "Grace Hopper",
        "Alan Turing",
        "Katherine Johnson",
    ):
        assert name in text


def test_ten_thousand_rows_with_one_unprintable_name_name_that_row(tmp_path: Path):
    csv = tmp_path / "big.csv"
    rows = [f"2026-11-01,Person {i},Company {i % 13}\n" for i in range(10_000)]
    rows[9_875] = "2026-11-01,Linear \U00010000 B,Knossos\n"  # no installed font has U+10000
    csv.write_text("Timestamp,Full name,Company\n" + "".join(rows), encoding="utf-8")
    output = tmp_path / "badges.pdf"
    result = _badges("--csv", str(csv), "--output", str(output))
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{csv}:row 9877: name: no installed font has a glyph for '\U00010000' (U+10000) in "
        f"'Linear \U00010000 B': it would print as an empty box (install a font for it, or "
        "change the value)",
        f"error: no badges printed: 1 problem(s) above to fix in {csv}",
    ]
    assert not output.exists()


def test_columns_choose_and_order_the_lines(tmp_path: Path):
    output = tmp_path / "badges.pdf"
    result = _badges(
        "--csv", str(_export(tmp_path, "google-forms-en.csv")), "--output", str(output),
        "--columns", "name,company",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = _text(output)
    assert "MIT Instrumentation Lab" in text and "Rear Admiral" not in text
    bad = _badges(
        "--csv", str(_export(tmp_path, "google-forms-en.csv")), "--output", str(output),
        "--columns", "name,compnay",
    )  # fmt: skip
    assert bad.returncode == 1
    assert bad.stderr == (
        "error: --columns: 'compnay' is not a column of the CSV (did you mean 'company'? "
        "available: name, job, company)\n"
    )


def test_an_export_kept_in_the_repository_is_read_with_a_warning_to_move_it(tmp_path: Path):
    csv = RSVP / "tally.csv"
    result = _badges("--csv", str(csv), "--output", str(tmp_path / "badges.pdf"))
    assert result.returncode == 0, result.stderr
    assert result.stderr == (
        f"warning: --csv: {csv} is inside the Git working tree {ROOT}, where it could be "
        "committed: move it out\n"
    )
