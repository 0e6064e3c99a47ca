"""The attendance sheet: every attendee in a table to tick and sign at the door.

Sorted by family name when the form asked for it apart, else by the name as
written, comparing letters without their accents or case first (Émile sorts
with Emile, before Zoé), then as written; names in other scripts follow in code
point order. Its headings are in the event's language, with the event's title
and its date and time in the event's zone, and every page is numbered.
"""

from __future__ import annotations

import html
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from chapterhouse.badges.csvread import Attendee
from chapterhouse.badges.fonts import FAMILIES
from chapterhouse.badges.layout import Paper
from chapterhouse.badges.render import SHEET_CSS, direction, families_css, html_document


@dataclass(frozen=True)
class SheetText:
    """The sheet's words, in the event's language.

    Attributes:
        title: ``Attendance sheet``.
        event: The event's title.
        when: Its date and time, in its zone.
        headers: Column headings, by column (``name``, ``job``…).
        present: Heading of the box to tick.
        signature: Heading of the signature column.
        page: ``Page %(page)s of %(pages)s``.
        lang: The language.
    """

    title: str
    event: str
    when: str
    headers: Mapping[str, str]
    present: str
    signature: str
    page: str
    lang: str = "en"


def collation_key(text: str) -> tuple[str, str]:
    """The sorting key of a name: its base letters, case-folded, then the name itself.

    >>> sorted(["Zoé", "émile", "Eve", "Émile"], key=collation_key)
    ['Émile', 'émile', 'Eve', 'Zoé']
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    return (" ".join(base.split()), text)


def sort_attendees(attendees: Sequence[Attendee]) -> list[Attendee]:
    """The attendees in the sheet's order: by family name when known, then by name."""
    return sorted(
        attendees,
        key=lambda a: (collation_key(a.last_name or a.name), collation_key(a.name), a.row),
    )


def sheet_html(
    attendees: Sequence[Attendee],
    columns: Sequence[str],
    paper: Paper,
    words: SheetText,
    color: str,
) -> str:
    """The attendance sheet's document."""
    heads = "".join(f"<th>{html.escape(words.headers.get(c, c))}</th>" for c in columns)
    head = (
        f"<thead><tr><th>#</th>{heads}<th>{html.escape(words.present)}</th>"
        f"<th>{html.escape(words.signature)}</th></tr></thead>"
    )
    rows = []
    for number, person in enumerate(sort_attendees(attendees), start=1):
        cells = "".join(
            f'<td dir="{direction(value)}">{html.escape(value)}</td>'
            for value in person.lines(columns)
        )
        rows.append(
            f'<tr><td class="number">{number}</td>{cells}'
            '<td class="check"><span></span></td><td class="signature"></td></tr>'
        )
    body = (
        f'<h1 dir="{direction(words.event)}">{html.escape(words.event)}</h1>'
        f'<p class="when">{html.escape(words.title)} · {html.escape(words.when)}</p>'
        f"<table>{head}<tbody>{''.join(rows)}</tbody></table>"
    )
    style = SHEET_CSS % {
        "width": f"{paper.width:.3f}mm",
        "height": f"{paper.height:.3f}mm",
        "header": _css_string(f"{words.event} · {words.title}"),
        "page": _page_counter(words.page),
        "families": families_css(FAMILIES),
        "color": color,
    }
    return html_document(words.lang, f"{words.title}: {words.event}", style, body)


def _page_counter(template: str) -> str:
    """``Page %(page)s of %(pages)s`` as the inside of a CSS ``content`` string with counters."""
    text = _css_string(template)
    return text.replace("%(page)s", '" counter(page) "').replace("%(pages)s", '" counter(pages) "')


def _css_string(text: str) -> str:
    return "".join(f"\\{ord(c):x} " if c in '"\\\n' or not c.isprintable() else c for c in text)
