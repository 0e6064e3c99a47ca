"""content/network.yml: members, and every problem at once with its line."""

from __future__ import annotations

import pytest

from chapterhouse.network.members import Member, NetworkError, load_members, parse_members


def problems_of(text: str) -> list[str]:
    with pytest.raises(NetworkError) as raised:
        parse_members(text.encode())
    return [problem.format() for problem in raised.value.problems]


def test_an_absent_file_means_no_network(tmp_path):
    assert load_members(tmp_path) == ()


def test_members_of_both_kinds_in_file_order():
    members = parse_members(
        b"- url: https://Lyon.example.org\n"
        b"  name: Python Lyon\n"
        b"- ics: https://cal.example.com/rust.ics\n"
        b"  name: Rust Nantes\n"
        b"  city: Nantes\n"
        b"  country: fr\n"
        b"  geo: [47.2184, -1.5536]\n"
        b"  lang: fr\n"
        b"  timezone: Europe/Paris\n"
        b"- url: http://127.0.0.1:8000/preview/\n"
    )
    assert members == (
        Member("chapterhouse", "https://lyon.example.org/", "Python Lyon", line=1),
        Member(
            "ics", "https://cal.example.com/rust.ics", "Rust Nantes", "Nantes", "FR",
            (47.2184, -1.5536), "fr", "Europe/Paris", line=3,
        ),
        Member("chapterhouse", "http://127.0.0.1:8000/preview/", line=10),
    )  # fmt: skip
    assert members[1].slug == "rust-nantes"
    assert [member.line for member in members] == [1, 3, 10]


def test_duplicates_are_found_case_blind_in_the_host_only():
    base = b"  name: N\n  city: Nantes\n  country: FR\n"
    members = parse_members(
        b"- ics: https://cal.example.com/Feed.ics\n" + base
        + b"- ics: https://cal.example.com/feed.ics\n" + base.replace(b"N\n", b"M\n", 1)
    )  # fmt: skip
    assert [m.url for m in members] == [
        "https://cal.example.com/Feed.ics",
        "https://cal.example.com/feed.ics",
    ]
    with pytest.raises(NetworkError, match="already a member"):
        parse_members(b"- url: https://Lyon.example.org/\n- url: HTTPS://lyon.EXAMPLE.org\n")


def test_every_problem_is_reported_in_one_pass_with_its_line_and_value():
    assert problems_of(
        "- url: https://a.example.org\n"
        "- urll: https://b.example.org\n"
        "- url: http://c.example.org/\n"
        "- url: https://A.example.org/\n"
        "- ics: https://cal.example.com/x.ics\n"
        "  name: Rust Nantes\n"
        "  city: Nantes\n"
        "  country: France\n"
        "  geo: [100, 2]\n"
        "  lang: fr_FR\n"
        "- url: javascript:alert(1)\n"
        "- 3\n"
    ) == [
        "content/network.yml:2: url: 'url' is required for a member",
        "content/network.yml:2: urll: unknown key 'urll' for a member (did you mean 'url'?)",
        "content/network.yml:3: url: 'http://c.example.org/' is not an https:// URL"
        " (plain http:// is accepted only for localhost)",
        "content/network.yml:4: url: 'https://a.example.org/' is already a member (line 1)"
        " (keep only one)",
        "content/network.yml:8: country: 'France' is not an ISO 3166 country code"
        " (write the code 'FR')",
        "content/network.yml:9: geo: '[100, 2]' is out of range: latitude -90..90,"
        " longitude -180..180",
        "content/network.yml:10: lang: 'fr_FR' is not a language tag (tags use '-', not '_')"
        " (did you mean 'fr'?)",
        "content/network.yml:11: url: 'javascript:alert(1)' uses javascript:,"
        " but only http:// or https:// links are allowed here",
        "content/network.yml:12: members: '3' is not a member"
        " (write '- url: https://…' or '- ics: https://…')",
    ]


def test_a_calendar_member_needs_its_place_and_a_name_of_its_own():
    assert problems_of(
        "- ics: https://cal.example.com/a.ics\n"
        "  name: Rust Nantes\n"
        "  city: Nantes\n"
        "  country: FR\n"
        "- ics: https://cal.example.com/b.ics\n"
        "  name: Rust  nantes\n"
        "  city: Nantes\n"
        "  country: FR\n"
        "- ics: https://cal.example.com/c.ics\n"
        "  url: https://c.example.org/\n"
        "- ics: https://cal.example.com/d.ics\n"
    ) == [
        "content/network.yml:5: name: 'Rust  nantes' gives the slug 'rust-nantes', already that"
        " of 'Rust Nantes' (line 1) (give each calendar member its own name)",
        "content/network.yml:10: url: a member has either 'url' (a Chapterhouse site) or 'ics'"
        " (a calendar), not both",
        "content/network.yml:11: city: 'city' is required for a calendar member",
        "content/network.yml:11: country: 'country' is required for a calendar member",
        "content/network.yml:11: name: 'name' is required for a calendar member",
    ]


def test_a_file_that_is_not_a_list_or_not_yaml():
    assert problems_of("url: https://a.example.org\n") == [
        "content/network.yml:1: members: the file must be a list ('- ' items)"
    ]
    assert problems_of("- url: [\n")[0].startswith(
        "content/network.yml:2: network.yml: YAML syntax error"
    )
