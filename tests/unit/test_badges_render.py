"""Badge documents: direction and CJK face of each name, nothing fetched, fonts that draw every name."""

from __future__ import annotations

import pytest

from chapterhouse.badges.csvread import Attendee
from chapterhouse.badges.layout import FORMATS, PAPERS, sheet
from chapterhouse.badges.render import (
    Branding,
    _fetcher,
    badges_html,
    direction,
    fit_badges,
    script_lang,
)

pytest.importorskip("weasyprint")


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Ada", "ltr"), ("محمد عبد الله", "rtl"), ("123 محمد", "rtl"), ("", "ltr"), ("דנה", "rtl")],
)
def test_direction_of_a_name(text: str, expected: str):
    assert direction(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("김민준", "ko"),
        ("やまだ たろう", "ja"),
        ("山田 タロウ", "ja"),
        ("王小明", "zh"),
        ("Ada", ""),
    ],
)
def test_cjk_face_of_a_name(text: str, expected: str):
    assert script_lang(text) == expected


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/logo.png", "file:///etc/passwd"])
def test_the_pdf_fetches_nothing_but_the_embedded_logo(url: str):
    fetch = _fetcher()
    fetch("data:text/plain;base64,QUJD")
    with pytest.raises(ValueError):
        fetch(url)


class _Monospace:
    @staticmethod
    def measure(text: str) -> float:
        return 0.6 * len(text)


def test_badge_document_places_each_name_in_its_slot_with_its_direction_and_face():
    layout = sheet(PAPERS["a4"], FORMATS["90x55"])
    people = [
        Attendee(2, {"name": "Ada Lovelace", "company": "<Engines & Co>"}),
        Attendee(3, {"name": "محمد عبد الله"}),
        Attendee(4, {"name": "김민준"}),
    ]
    texts = fit_badges(people, ("name", "company"), layout, _Monospace, _Monospace)
    branding = Branding("Workshop", "Cairo · 21 Jan", "#0f766e", "#ffffff", b"<svg/>", "l.svg")
    document = badges_html(texts, layout, branding)
    assert document.count('class="badge"') == 3
    assert document.count('class="page"') == 1
    assert document.count('class="mark"') == len(layout.marks)
    assert "left: 15.000mm; top: 38.500mm; width: 90.000mm; height: 55.000mm" in document
    assert "left: 105.000mm; top: 38.500mm" in document  # the second badge, beside it
    assert '<div class="name" dir="rtl"' in document
    assert 'lang="ko"' in document and "'Noto Sans CJK KR', 'Noto Sans'" in document
    assert "&lt;Engines &amp; Co&gt;" in document  # values are text, never markup
    assert "background: #0f766e; color: #ffffff" in document
    assert 'src="data:image/svg+xml;base64,PHN2Zy8+"' in document


def test_nine_badges_make_two_pages_with_marks_on_each():
    layout = sheet(PAPERS["letter"], FORMATS["90x55"])
    people = [Attendee(i, {"name": f"Person {i}"}) for i in range(9)]
    document = badges_html(
        fit_badges(people, ("name",), layout, _Monospace, _Monospace),
        layout,
        Branding("T", "S", "#000000", "#ffffff"),
    )
    assert document.count('class="page"') == 2
    assert document.count('class="mark"') == 2 * len(layout.marks)
    assert "@page { size: 215.900mm 279.400mm" in document


def test_a_failed_print_leaves_every_previous_pdf_as_it_was(tmp_path, monkeypatch):
    from chapterhouse.cli import badges as command

    badges_pdf, sheet_pdf = tmp_path / "b.pdf", tmp_path / "b-attendance.pdf"
    badges_pdf.write_bytes(b"old badges")
    sheet_pdf.write_bytes(b"old sheet")
    printed = []

    def write_pdf(document: str, target):
        if document == "sheet":
            raise OSError("disk full")
        target.write_bytes(b"%PDF new")
        printed.append(target)

    monkeypatch.setattr(command, "write_pdf", write_pdf)
    with pytest.raises(OSError, match="disk full"):
        command._write_all(((badges_pdf, "badges"), (sheet_pdf, "sheet")))
    assert printed  # the badges were printed, to a temporary file…
    assert badges_pdf.read_bytes() == b"old badges"  # …never moved in without the sheet
    assert sheet_pdf.read_bytes() == b"old sheet"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["b-attendance.pdf", "b.pdf"]
