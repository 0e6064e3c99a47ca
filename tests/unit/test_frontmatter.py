from chapterhouse.core.frontmatter import decode, parse


def test_times_and_dates_stay_text_and_norway_stays_a_country():
    front, problems = parse(
        "---\nstart: 2027-01-20 18:30\nend: 20:30\nday: 2027-01-20\ncountry: no\ngeo: [43.6, 1.44]\n---\nBody\n",
        "x.md",
    )
    assert problems == []
    assert front.data == {
        "start": "2027-01-20 18:30",
        "end": "20:30",
        "day": "2027-01-20",
        "country": "no",
        "geo": [43.6, 1.44],
    }
    assert front.body == "Body\n"


def test_every_key_keeps_its_line():
    front, _ = parse(
        "---\ntitle: A\nvenue:\n  name: B\n  geo: [1, 2]\nspeakers:\n  - Ann\n  - name: Bob\n---\n",
        "x.md",
    )
    assert front.line_of("title") == 2
    assert front.line_of("venue.geo") == 5
    assert front.line_of("speakers.1.name") == 8
    assert front.line_of("speakers.1.url") == 8  # falls back to the closest parent


def test_yaml_syntax_error_names_the_line_and_hints():
    _, problems = parse("---\ntitle: A\nsummary: Talk: the sequel\n---\n", "x.md")
    assert [p.line for p in problems] == [3]
    assert "mapping values are not allowed" in problems[0].message
    assert "quotes" in problems[0].hint


def test_duplicate_key_is_reported_with_both_lines():
    _, problems = parse("---\ntitle: A\nstart: 2027-01-01\ntitle: B\n---\n", "x.md")
    assert problems[0].field == "title"
    assert problems[0].line == 4
    assert "first on line 2" in problems[0].message


def test_unclosed_front_matter():
    front, problems = parse("---\ntitle: A\n", "x.md")
    assert front is None
    assert "never closed" in problems[0].message


def test_alias_bomb_is_refused_quickly():
    levels = ["a: &a [x,x,x,x,x,x,x,x,x]"]
    for index, name in enumerate("bcdefghi"):
        previous = "abcdefghi"[index]
        levels.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    # 9**9 values once expanded: refused before any of them is built.
    front, problems = parse("---\n" + "\n".join(levels) + "\n---\n", "bomb.md")
    assert front is None
    assert "expands to more than" in problems[0].message


def test_recursive_alias_is_refused():
    front, problems = parse("---\na: &a [*a]\n---\n", "x.md")
    assert front is None
    assert "refers to itself" in problems[0].message


def test_not_utf8_names_the_line():
    text, problems = decode(b"---\ntitle: ok\nsummary: caf\xe9\n---\n", "x.md", 1_000_000)
    assert text is None
    assert problems[0].line == 3
    assert "not valid UTF-8" in problems[0].message


def test_bom_and_crlf_are_tolerated():
    text, problems = decode("\ufeff---\r\ntitle: A\r\n---\r\n".encode(), "x.md", 1_000_000)
    assert problems == []
    front, _ = parse(text, "x.md")
    assert front.data == {"title": "A"}


def test_size_limit():
    text, problems = decode(b"x" * 2000, "big.md", 1000)
    assert text is None
    assert "limit is 1,000" in problems[0].message


def test_control_characters_are_refused():
    _, problems = parse("---\ntitle: A\x07B\n---\n", "x.md")
    assert problems and problems[0].line == 2
