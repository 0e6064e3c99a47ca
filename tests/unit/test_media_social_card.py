"""Social cards: 1200 × 630 PNG, stable bytes, every character drawn with a font that has it."""

from __future__ import annotations

import io

import pytest
from fontTools.ttLib import TTFont
from PIL import Image

from chapterhouse.media import text
from chapterhouse.media.contrast import AA_TEXT, contrast_ratio
from chapterhouse.media.social_card import (
    HEIGHT,
    PADDING_X,
    TITLE_LINES,
    WIDTH,
    CardFonts,
    CardSpec,
    render_card,
)
from chapterhouse.media.text import THEME_FONTS, Face, FontSet, raqm_available, theme_faces

NOTO_CJK = text.NOTO_OPENTYPE / "NotoSansCJK-Bold.ttc"
NOTO_ARABIC = text.NOTO_TRUETYPE / "NotoSansArabic-Bold.ttf"
needs_cjk = pytest.mark.skipif(not NOTO_CJK.is_file(), reason="fonts-noto-cjk is not installed")
NOTO_HEBREW = text.NOTO_TRUETYPE / "NotoSansHebrew-Regular.ttf"
needs_hebrew = pytest.mark.skipif(
    not NOTO_HEBREW.is_file() or not raqm_available(),
    reason="fonts-noto-core or Pillow's Raqm layout is missing",
)
needs_arabic = pytest.mark.skipif(
    not NOTO_ARABIC.is_file() or not raqm_available(),
    reason="fonts-noto-core or Pillow's Raqm layout is missing",
)

SPEC = CardSpec(
    title="Atelier : publier son premier paquet Python",
    when="mercredi 20 janvier 2027, 18 h 30",
    chapter="Python Toulouse",
    color="#c2410c",
    seed="toulouse",
    site="Chapterhouse",
    lang="fr",
)


def cmap(face: Face) -> set[int]:
    with TTFont(face.path, fontNumber=face.index, lazy=True) as font:
        return set(font.getBestCmap())


def assert_no_tofu(card) -> None:
    """Every character drawn is in the character map of the font that drew it."""
    maps: dict[Face, set[int]] = {}
    for line in card.lines:
        for run in line.runs:
            if run.face not in maps:
                maps[run.face] = cmap(run.face)
            for char in run.text:
                if char.isspace() or not char.isprintable():
                    continue
                assert ord(char) in maps[run.face], f"{char!r} drawn with {run.face.name}"


def photo(color: tuple[int, int, int] = (255, 255, 255), size=(1600, 1000)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


def test_the_card_is_a_1200_by_630_png():
    card = render_card(SPEC)
    image = Image.open(io.BytesIO(card.png))
    # On a pattern: 256 colours hold the flat shapes and the text's edges (a smaller file).
    assert (image.format, image.size, image.mode) == ("PNG", (WIDTH, HEIGHT), "P")
    assert (WIDTH, HEIGHT) == (1200, 630)
    assert len(card.png) < 80_000
    # Over a photo: full colour (256 would band its gradients).
    over = Image.open(io.BytesIO(render_card(SPEC, photo((120, 80, 40))).png))
    assert (over.format, over.size, over.mode) == ("PNG", (WIDTH, HEIGHT), "RGB")


def test_it_shows_the_chapter_the_title_the_date_and_the_site():
    card = render_card(SPEC)
    texts = [line.text for line in card.lines]
    assert texts[0] == "Python Toulouse"
    assert "mercredi 20 janvier 2027, 18 h 30" in texts
    assert "Chapterhouse" in texts
    assert " ".join(line.text for line in card.title.lines) == SPEC.title
    assert card.missing == ""
    assert_no_tofu(card)


def test_the_same_inputs_give_the_same_bytes():
    fonts = CardFonts("fr")
    assert render_card(SPEC, fonts=fonts).png == render_card(SPEC).png
    cover = photo((90, 140, 200))
    assert render_card(SPEC, cover).png == render_card(SPEC, cover, fonts).png
    assert SPEC.key(cover) == SPEC.key(cover) != SPEC.key(None)


def test_latin_greek_and_cyrillic_are_drawn_with_the_theme_font_only():
    spec = CardSpec(
        "Ωραία συνάντηση · Встреча питонистов · Đà Nẵng café",
        "20.01.2027",
        "Αθήνα",
        "#1f5fbf",
        "athens",
    )
    card = render_card(spec)
    assert card.missing == ""
    assert {run.face.path for line in card.lines for run in line.runs} == {
        str(THEME_FONTS / "NotoSans-Bold.ttf"),
        str(THEME_FONTS / "NotoSans-Regular.ttf"),
    }
    assert_no_tofu(card)


def test_a_long_title_is_shrunk_to_three_lines_and_cut_with_an_ellipsis():
    long = CardSpec(" ".join(["Interopérabilité"] * 30), "demain", "Paris", "#1f5fbf", "paris")
    card = render_card(long)
    assert len(card.title.lines) == TITLE_LINES
    assert card.title.truncated and card.title.lines[-1].text.endswith("…")
    assert card.title.size == 44  # the smallest size
    assert all(line.width <= WIDTH - 2 * PADDING_X for line in card.title.lines)
    short = render_card(CardSpec("Apéro", "demain", "Paris", "#1f5fbf", "paris"))
    assert short.title.size == 76 and not short.title.truncated


def test_characters_no_font_has_are_left_out_and_reported_never_drawn_as_boxes():
    fonts = CardFonts()
    only_theme = FontSet([Face(str(THEME_FONTS / "NotoSans-Bold.ttf"))])
    fonts.bold = only_theme
    spec = CardSpec("Python 東京 🐍 meetup", "demain", "Tokyo", "#0f766e", "tokyo")
    card = render_card(spec, fonts=fonts)
    assert card.missing == "東京🐍"
    assert [line.text for line in card.title.lines] == ["Python meetup"]
    assert_no_tofu(card)


@needs_cjk
def test_japanese_is_drawn_with_the_cjk_fallback():
    spec = CardSpec(
        "Python 東京 もくもく会：型ヒントを学ぶ",
        "2027年1月20日",
        "東京",
        "#0f766e",
        "tokyo",
        lang="ja",
    )
    card = render_card(spec)
    assert card.missing == ""
    faces = {run.face for line in card.title.lines for run in line.runs}
    assert Face(str(NOTO_CJK), 0) in faces  # index 0: the Japanese face of the collection
    assert_no_tofu(card)


@needs_arabic
def test_arabic_is_shaped_and_laid_out_right_to_left():
    spec = CardSpec(
        "لقاء Python الشهري", "الأربعاء 20 يناير", "القاهرة", "#fde68a", "cairo", lang="ar"
    )
    card = render_card(spec)
    assert card.missing == ""
    (line,) = card.title.lines
    assert line.rtl
    # Visual order, left to right: the last Arabic words, then Python, then the first word.
    assert [run.text.strip() for run in line.runs if run.text.strip()] == [
        "الشهري",
        "Python",
        "لقاء",
    ]
    assert_no_tofu(card)
    # Shaped: the joined word is not as wide as its letters drawn apart.
    fonts = FontSet(theme_faces("Bold", "ar"))
    font = fonts.font(Face(str(NOTO_ARABIC)), 60)
    joined = font.getlength("الشهري", direction="rtl")
    apart = sum(font.getlength(letter, direction="rtl") for letter in "الشهري")
    assert abs(joined - apart) > 5


def test_without_shaping_arabic_is_left_out_rather_than_drawn_unjoined():
    fonts = FontSet(theme_faces("Bold", "ar"), shaping=False)
    block = fonts.fit("Python لقاء", 1000, 1, [40])
    assert block.missing == "لقاء"
    assert block.lines[0].text == "Python"


def test_text_on_a_cover_reaches_aa_contrast_even_on_a_white_picture():
    blank = CardSpec("", "", "", "#c2410c", "x")
    card = render_card(blank, photo((255, 255, 255)))
    image = Image.open(io.BytesIO(card.png))
    lightest = max(
        image.crop((0, 0, WIDTH, HEIGHT - 20)).getcolors(WIDTH * HEIGHT), key=lambda c: sum(c[1])
    )[1]
    assert contrast_ratio(lightest, card.text_color) >= AA_TEXT
    assert card.text_color == "#ffffff"


@pytest.mark.parametrize(
    "color", ["#c2410c", "#fde68a", "#777777", "#ffffff", "#000000", "#22c55e"]
)
def test_text_on_a_pattern_reaches_aa_contrast_on_every_colour_of_it(color):
    card = render_card(CardSpec("", "", "", color, "seed"))
    image = Image.open(io.BytesIO(card.png)).convert("RGB").crop((0, 0, WIDTH, HEIGHT - 20))
    colours = [colour for _, colour in image.getcolors(WIDTH * HEIGHT)]
    assert len(colours) > 1  # a pattern, not a plain colour
    # Every pixel, edges of shapes included.
    assert min(contrast_ratio(c, card.text_color) for c in colours) >= AA_TEXT


@needs_hebrew
def test_a_right_to_left_date_line_moves_the_site_name_to_the_left():
    spec = CardSpec("Meetup", "יום רביעי", "Tel Aviv", "#1f5fbf", "tlv", site="Chapterhouse")
    card = render_card(spec)
    image = Image.open(io.BytesIO(card.png)).convert("L")
    bottom_line = image.crop((0, HEIGHT - 110, WIDTH, HEIGHT - 20))
    ink_left = bottom_line.crop((0, 0, 300, 90)).getextrema()[1]
    assert ink_left > 200, "the site's name is drawn on the left"
