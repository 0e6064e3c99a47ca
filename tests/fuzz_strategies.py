"""Hypothesis strategies for random and adversarial content files."""

from __future__ import annotations

from datetime import date

import yaml
from hypothesis import strategies as st

from chapterhouse.core.schema import EVENT

ADVERSARIAL = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "</script><script>alert(1)</script>",
    "]]>",
    "<![CDATA[x]]>",
    "\r\nATTENDEE:mailto:evil@example.org",
    "line\nEND:VEVENT\nBEGIN:VEVENT",
    "javascript:alert(1)",
    " JaVaScRiPt:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "//evil.example/x",
    "../../../etc/passwd",
    "{title}{date}{unknown}",
    "{{7*7}}{% raw %}",
    "%(name)s %s %n",
    "\u202eevil\u202c",
    "\x00\x07\x1b[31m",
    "\ufeffbom",
    "'; DROP TABLE events; --",
    "😀" * 40,
    "a" * 600,
    "&amp;&lt;&#x3C;",
    "\\,;:",
    "FREQ=SECONDLY;COUNT=99999999",
    "FREQ=DAILY;COUNT=100000",
    "FREQ=MONTHLY;BYMONTHDAY=31;BYMONTH=2",
    "9999-12-31 23:59",
    "0001-01-01",
    "2027-03-28 02:30",
    "2026-10-25 02:30",
    "2027-02-29",
    "24:00",
    "PT999999H",
    "Europe/Paris",
    "Etc/GMT+14",
    "America/Sao_Paulo",
]
DATES = st.dates(min_value=date(1890, 1, 1), max_value=date(2210, 12, 31))
TEXT = st.one_of(st.text(max_size=60), st.sampled_from(ADVERSARIAL))
SCALARS = st.one_of(
    TEXT,
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.none(),
    DATES.map(str),
    st.builds(
        lambda d, h, m: f"{d} {h:02d}:{m:02d}",
        DATES,
        st.integers(0, 25),
        st.integers(0, 61),
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=8,
)
KEYS = st.sampled_from([*EVENT.names(), "tags", "date", "location", "x-custom"])
BODIES = st.one_of(
    st.text(max_size=300), st.lists(st.sampled_from(ADVERSARIAL), max_size=6).map("\n\n".join)
)


@st.composite
def event_front_matter(draw: st.DrawFn) -> dict:
    """Mostly-valid events with adversarial values, or anything at all."""
    if draw(st.integers(0, 3)) == 0:
        return draw(st.dictionaries(KEYS, VALUES, max_size=10))
    front = {
        "title": draw(TEXT),
        "start": draw(
            st.sampled_from(
                ["2027-01-20 18:30", "2027-03-27 23:00", "2027-05-10", "2026-12-20T18:00:00-05:00"]
            )
        ),
    }
    optional = {
        "summary": TEXT,
        "duration": st.sampled_from(["90m", "2h", "3d", "PT2H", "0m", "PT999999H"]),
        "end": st.sampled_from(["21:00", "2027-01-21 02:00", "2027-05-14", "2020-01-01"]),
        "venue": st.fixed_dictionaries(
            {"name": TEXT}, optional={"address": TEXT, "geo": st.lists(st.floats(), max_size=3)}
        ),
        "online": st.sampled_from(
            ["https://meet.example.org/x", "javascript:alert(1)", "https://x"]
        ),
        "rsvp": st.one_of(
            st.sampled_from(
                [
                    "https://forms.example.org/?t={title}&d={date}",
                    "ftp://x",
                    "https://f.example/{nope}",
                ]
            ),
            st.fixed_dictionaries(
                {"url": st.just("https://forms.example.org/f")},
                optional={"capacity": st.integers(-5, 10**7)},
            ),
        ),
        "speakers": st.lists(
            st.one_of(TEXT, st.fixed_dictionaries({"name": TEXT}, optional={"url": TEXT})),
            max_size=3,
        ),
        "topics": st.lists(TEXT, max_size=4),
        "event_status": st.sampled_from(["scheduled", "cancelled", "postponed", "canceled"]),
        "repeat": st.sampled_from(
            ["FREQ=WEEKLY;COUNT=3", "FREQ=MONTHLY;BYDAY=3WE", "FREQ=DAILY;COUNT=100000", "x"]
        ),
        "except": st.lists(DATES.map(str), max_size=2),
        "timezone": st.sampled_from(
            ["Europe/Paris", "America/Mexico_City", "UTC", "Mars/Base", "Etc/GMT+14"]
        ),
        "lang": st.sampled_from(["fr", "en", "zz", "<x>"]),
        "uid": TEXT,
    }
    for key in draw(st.lists(st.sampled_from(sorted(optional)), unique=True, max_size=6)):
        front[key] = draw(optional[key])
    return front


@st.composite
def event_files(draw: st.DrawFn) -> bytes:
    """Whole event files: YAML front matter and a body, or raw bytes."""
    if draw(st.integers(0, 9)) == 0:
        return draw(st.binary(max_size=300))
    front = draw(event_front_matter())
    text = (
        "---\n"
        + yaml.safe_dump(front, allow_unicode=True, sort_keys=False)
        + "---\n"
        + draw(BODIES)
    )
    return text.encode("utf-8", "surrogatepass")


# RRULE parts: every part, with values at and beyond RFC 5545's bounds -------------------------

_RULE_NUMBERS = st.one_of(
    st.sampled_from([0, 1, -1, 5, -5, 6, 12, 13, 31, 32, -31, 53, 54, 366, 367, 1000, 1001]),
    st.integers(-(10**6), 10**6),
    st.just(10**30),
)
_WEEKDAYS = st.sampled_from(["MO", "TU", "WE", "TH", "FR", "SA", "SU", "XX", ""])
RULE_PARTS = {
    "FREQ": st.sampled_from(
        ["DAILY", "WEEKLY", "MONTHLY", "YEARLY", "HOURLY", "SECONDLY", "", "X"]
    ),
    "INTERVAL": _RULE_NUMBERS.map(str),
    "COUNT": _RULE_NUMBERS.map(str),
    "UNTIL": st.sampled_from(
        ["20271231", "20271231T235959Z", "99991231", "18000101", "20261301", "x", ""]
    ),
    "BYMONTH": st.lists(_RULE_NUMBERS, min_size=1, max_size=3).map(lambda v: ",".join(map(str, v))),
    "BYMONTHDAY": st.lists(_RULE_NUMBERS, min_size=1, max_size=3).map(
        lambda v: ",".join(map(str, v))
    ),
    "BYYEARDAY": _RULE_NUMBERS.map(str),
    "BYWEEKNO": _RULE_NUMBERS.map(str),
    "BYSETPOS": _RULE_NUMBERS.map(str),
    "BYDAY": st.lists(
        st.builds(
            lambda n, d: f"{n}{d}",
            st.sampled_from(["", "1", "-1", "3", "5", "6", "+2", "0", "54"]),
            _WEEKDAYS,
        ),
        min_size=1,
        max_size=3,
    ).map(",".join),
    "WKST": _WEEKDAYS,
}


@st.composite
def rrule_texts(draw: st.DrawFn) -> str:
    """RRULE values: a frequency and any other parts, with values in and out of range."""
    names = draw(
        st.lists(st.sampled_from(sorted(set(RULE_PARTS) - {"FREQ"})), unique=True, max_size=4)
    )
    parts = [f"FREQ={draw(RULE_PARTS['FREQ'])}"] + [
        f"{name}={draw(RULE_PARTS[name])}" for name in names
    ]
    return ";".join(draw(st.permutations(parts)))


# Numbers at their bounds, written as YAML --------------------------------------------------

NUMBERS_AT_BOUNDS = st.one_of(
    st.sampled_from(
        [
            "0",
            "-0",
            "1",
            "-1",
            "100000",
            "100001",
            "1000000",
            "1000001",
            "999999999999999999",
            "9999999999999999999",
            "9" * 400,
            "9" * 5000,
            "1.0e-400",
            "1e-7",
            "1.0e-7",
            "0.00001",
            "0.0001",
            "12.50",
            "1.0e999",
            "-1.0e999",
            ".5",
            "1.",
            "+1",
            "0x10",
            "1_000",
        ]
    ),
    st.integers(-(10**20), 10**20).map(str),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
)
NUMBER_KEYS = {
    "capacity": "rsvp: {{url: https://f.example/x, capacity: {value}}}",
    "price": "rsvp: {{url: https://f.example/x, price: {value}, currency: EUR}}",
    "geo": "venue: {{name: Hall, geo: [{value}, {value}]}}",
    "duration": "duration: {value}h",
    "duration-iso": "duration: PT{value}H",
    "title": "summary: {value}",
}


# Content trees with links and odd files ------------------------------------------------------

TREE_ENTRIES = st.sampled_from(
    [
        "link-to-outside-file",
        "link-to-outside-folder",
        "link-to-dev-zero",
        "link-to-inside-file",
        "linked-event",
        "html-in-images",
        "js-in-images",
        "svg-with-script",
        "png-named-jpg",
        "html-named-png",
        "page-links-outside",
        "page-attaches-html",
        "event-image-is-html",
        "fifo",
        "empty-image",
        "good-image",
    ]
)
