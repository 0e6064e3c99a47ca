"""Badge layout: grids on A4 and Letter, crop marks on every cut line, names shrunk to fit."""

from __future__ import annotations

import pytest

from chapterhouse.badges.csvread import Attendee
from chapterhouse.badges.layout import (
    FORMATS,
    LINE_HEIGHT,
    MARK_GAP,
    MARK_LENGTH,
    PAPERS,
    PT_PER_MM,
    BadgeFormat,
    fit_text,
    pages,
    sheet,
)
from chapterhouse.badges.sheet import collation_key, sort_attendees


def _monospace(text: str) -> float:
    """Every character half an em wide."""
    return 0.5 * len(text)


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_eight_business_card_badges_are_centred_edge_to_edge(paper: str):
    layout = sheet(PAPERS[paper], FORMATS["90x55"])
    assert len(layout.slots) == 8
    first, last = layout.slots[0], layout.slots[-1]
    assert (first.width, first.height) == (90, 55)
    left, top = first.x, first.y
    right = PAPERS[paper].width - (last.x + last.width)
    bottom = PAPERS[paper].height - (last.y + last.height)
    assert left == pytest.approx(right) and top == pytest.approx(bottom)
    assert layout.slots[1].x == pytest.approx(first.x + 90)  # no gap: one cut between two
    assert layout.slots[2].y == pytest.approx(first.y + 55)


def test_a4_margins_of_the_eight_badge_grid():
    first = sheet(PAPERS["a4"], FORMATS["90x55"]).slots[0]
    assert (first.x, first.y) == pytest.approx((15.0, 38.5))


def test_crop_marks_continue_every_cut_line_in_the_margins_without_touching_a_badge():
    layout = sheet(PAPERS["a4"], FORMATS["90x55"])
    first, last = layout.slots[0], layout.slots[-1]
    vertical = sorted({m.x1 for m in layout.marks if m.x1 == m.x2})
    horizontal = sorted({m.y1 for m in layout.marks if m.y1 == m.y2})
    assert vertical == pytest.approx([15.0, 105.0, 195.0])
    assert horizontal == pytest.approx([38.5 + 55 * i for i in range(5)])
    assert len(layout.marks) == 2 * 3 + 2 * 5
    for mark in layout.marks:
        if mark.x1 == mark.x2:  # above or below the grid
            assert mark.y2 <= first.y - MARK_GAP + 1e-9 or mark.y1 >= last.y + 55 + MARK_GAP - 1e-9
            assert mark.y2 - mark.y1 == pytest.approx(MARK_LENGTH)
        else:
            assert mark.x2 <= first.x - MARK_GAP + 1e-9 or mark.x1 >= last.x + 90 + MARK_GAP - 1e-9


def test_narrow_margins_get_shorter_marks_and_none_when_there_is_no_room():
    inserts = sheet(PAPERS["a4"], FORMATS["4x3in"])  # 203.2 mm wide on 210 mm: 3.4 mm margins
    horizontal = [m for m in inserts.marks if m.y1 == m.y2]
    assert horizontal and all(m.x2 - m.x1 < MARK_LENGTH for m in horizontal)
    assert all(m.x1 >= 0 and m.x2 <= 210 for m in horizontal)
    full = BadgeFormat("x", "x", 105, 74.25, 2, 4)  # A4 in eight with no margin at all
    assert sheet(PAPERS["a4"], full).marks == ()


def test_a_format_too_large_for_the_paper_is_refused():
    with pytest.raises(ValueError, match="do not fit on US Letter"):
        sheet(PAPERS["letter"], BadgeFormat("a6", "105 × 148 mm", 105, 148, 2, 2))


@pytest.mark.parametrize(("count", "expected"), [(0, 1), (1, 1), (8, 1), (9, 2), (10_000, 1250)])
def test_pages_needed(count: int, expected: int):
    assert pages(count, 8) == expected


def test_a_short_name_gets_the_largest_size():
    fitted = fit_text("Ada", 82, 30, _monospace, 26, 9)
    assert fitted == fitted.__class__(("Ada",), 26, True)


def test_a_longer_name_is_shrunk_until_it_fits_the_width():
    name = "Christopher Wolfeschlegel"  # 25 characters: 12.5 em
    fitted = fit_text(name, 82, 12, _monospace, 26, 9)
    width_pt = 82 * PT_PER_MM
    assert fitted.lines == (name,)  # 12 mm is too low for two lines
    assert fitted.size == pytest.approx(int(width_pt / 12.5 * 2) / 2)
    assert _monospace(name) * fitted.size <= width_pt
    assert _monospace(name) * (fitted.size + 0.5) > width_pt  # not smaller than needed


def test_two_balanced_lines_when_they_allow_a_much_larger_size():
    name = "Maximiliane Alexandra von Hohenzollern-Sigmaringen"
    fitted = fit_text(name, 82, 30, _monospace, 26, 9)
    assert fitted.lines == ("Maximiliane Alexandra von", "Hohenzollern-Sigmaringen")
    assert fitted.fits
    assert 2 * fitted.size * LINE_HEIGHT <= 30 * PT_PER_MM
    single = fit_text(name, 82, 12, _monospace, 26, 9)
    assert fitted.size >= 1.25 * single.size


def test_a_name_too_long_even_at_the_smallest_size_is_marked_as_not_fitting():
    fitted = fit_text("W" * 300, 82, 30, _monospace, 26, 9)
    assert fitted == fitted.__class__(("W" * 300,), 9, False)


def test_attendance_order_ignores_accents_and_case_then_uses_family_names():
    people = [
        Attendee(2, {"name": "Zoé Aubert"}, "Aubert"),
        Attendee(3, {"name": "émile Zola"}, "Zola"),
        Attendee(4, {"name": "Élodie Bernard"}, "Bernard"),
        Attendee(5, {"name": "Eve Adams"}, ""),  # no family name given: her name as written
    ]
    assert [a.name for a in sort_attendees(people)] == [
        "Zoé Aubert",
        "Élodie Bernard",
        "Eve Adams",
        "émile Zola",
    ]
    assert collation_key("Émile") < collation_key("Eve") < collation_key("Zoé")


def test_two_lines_only_when_they_are_much_larger():
    name = "Abcdefghij Klmnopqrst"  # 10.5 em: 22 pt on one line, 26 pt (the largest) on two
    fitted = fit_text(name, 82, 30, _monospace, 26, 9)
    assert fitted == fitted.__class__((name,), 22, True)
