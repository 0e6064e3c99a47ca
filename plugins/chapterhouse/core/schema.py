"""The front-matter contract, declared as data.

Each content kind (chapter, event, page) is a :class:`Schema`: a tuple of
:class:`Field` (name, kind, required, aliases, documentation). A *kind*
converts one raw YAML value into a clean Python value or raises
:class:`~chapterhouse.core.problems.FieldError` with a message that quotes the
value. :func:`check` applies a schema to a whole front matter and returns the
clean values plus every problem, each located at its line.

Checks that involve several fields (end after start, a time zone for the
start, the chapter an event belongs to) live in :mod:`.loading`.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from functools import cache
from pathlib import PurePosixPath
from typing import Any, Protocol
from urllib.parse import urlsplit

from babel import Locale
from babel.numbers import list_currencies

from chapterhouse.core.frontmatter import FrontMatter, written
from chapterhouse.core.languages import language_tag
from chapterhouse.core.model import FREE
from chapterhouse.core.problems import FieldError, FieldErrors, Problem, quote
from chapterhouse.core.programme import WallTime, parse_wall_time
from chapterhouse.core.rsvp import check_template, example_url
from chapterhouse.core.slugs import is_slug, slugify
from chapterhouse.core.timing import parse_duration, zone

WEB = ("http", "https")
# Control characters, line/paragraph separators, bidirectional overrides (they can make a title
# read differently from what it is) and the two XML non-characters feeds cannot carry.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufffe\uffff]"
)


class Kind(Protocol):
    """Converts one raw value; ``describe`` is used in the documentation."""

    describe: str

    def convert(self, value: Any) -> Any:
        """Return the clean value or raise FieldError."""


@dataclass(frozen=True)
class Text:
    """One line of text (numbers are accepted as text)."""

    max_length: int = 200
    multiline: bool = False
    describe: str = "text"

    def convert(self, value: Any) -> str:
        if isinstance(value, bool) or value is None or not isinstance(value, str | int | float):
            raise FieldError(f"{quote(value)} is not text")
        text = unicodedata.normalize("NFC", written(value)).strip()
        if not text:
            raise FieldError("is empty")
        if not self.multiline and ("\n" in text or "\r" in text):
            text = " ".join(text.split())
        if _CONTROL.search(text):
            raise FieldError(f"{quote(text)} contains control characters")
        if len(text) > self.max_length:
            raise FieldError(f"is {len(text)} characters long; the limit is {self.max_length}")
        return text


@dataclass(frozen=True)
class Choice:
    """One of a fixed set of words; ``mistakes`` gives the hint for words often meant."""

    values: tuple[str, ...]
    describe: str = "one of"
    mistakes: Mapping[str, str] = field(default_factory=dict)

    def convert(self, value: Any) -> str:
        word = (
            value.strip().lower().replace("-", "_").replace(" ", "_")
            if isinstance(value, str)
            else value
        )
        if word in self.values:
            return word
        if isinstance(word, str) and word in self.mistakes:
            raise FieldError(f"{quote(value)} is not allowed", self.mistakes[word])
        close = difflib.get_close_matches(str(value).lower(), self.values, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'? " if close else ""
        raise FieldError(
            f"{quote(value)} is not allowed", hint + "allowed: " + ", ".join(self.values)
        )


@dataclass(frozen=True)
class Flag:
    """``true`` or ``false``."""

    describe: str = "true or false"

    def convert(self, value: Any) -> bool:
        if isinstance(value, bool):
            return value
        raise FieldError(f"{quote(value)} is not true or false")


@dataclass(frozen=True)
class Count:
    """A whole number, 1 or more."""

    maximum: int = 100_000
    describe: str = "a whole number"

    def convert(self, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise FieldError(f"{quote(value)} is not a whole number of 1 or more")
        if value > self.maximum:
            raise FieldError(f"{value} is more than {self.maximum:,}")
        return value


@dataclass(frozen=True)
class Tally:
    """A whole number, 0 or more (a count of people)."""

    maximum: int = 1_000_000
    describe: str = "a whole number, 0 or more"

    def convert(self, value: Any) -> int:
        if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
            value = int(value.strip()[:18])
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            hint = "write the number alone, like 68" if isinstance(value, str) else ""
            raise FieldError(f"{quote(value)} is not a whole number of 0 or more", hint)
        if value > self.maximum:
            raise FieldError(f"{value} is more than {self.maximum:,}")
        return value


@dataclass(frozen=True)
class ClockTime:
    """A programme item's time: ``18:30``, or ``2027-01-14 09:00`` (see ``core.programme``)."""

    describe: str = "a time like 18:30, or 2027-01-14 09:00"

    def convert(self, value: Any) -> WallTime:
        return parse_wall_time(value)


@dataclass(frozen=True)
class Slug:
    """Lowercase letters, digits and hyphens."""

    describe: str = "a slug (lowercase letters, digits, hyphens)"

    def convert(self, value: Any) -> str:
        if is_slug(value):
            return value
        suggestion = slugify(str(value)) if isinstance(value, str | int) else ""
        raise FieldError(
            f"{quote(value)} is not a slug: use lowercase letters, digits and hyphens only",
            f"for example '{suggestion}'" if suggestion else "",
        )


@dataclass(frozen=True)
class Url:
    """An absolute URL with an allowed scheme (RSVP URLs may hold placeholders)."""

    schemes: tuple[str, ...] = WEB
    template: bool = False
    describe: str = "an https:// URL"

    def convert(self, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise FieldError(f"{quote(value)} is not a URL")
        url = value.strip()
        if self.template:
            check_template(url)
            where = urlsplit(url.replace("{", "%7B").replace("}", "%7D"))
            if "%7B" in where.scheme + where.netloc:
                raise FieldError(
                    f"{quote(url)} has a placeholder in its scheme or host name",
                    "placeholders may only fill the path or the query of the form's URL",
                )
        checked = example_url(url) if self.template else url
        if _CONTROL.search(checked) or any(c.isspace() for c in checked) or '"' in checked:
            raise FieldError(f"{quote(url)} contains spaces, quotes or control characters")
        try:
            parts = urlsplit(checked)
            parts.port  # noqa: B018 - raises on a malformed port
        except ValueError:
            raise FieldError(f"{quote(url)} is not a valid URL") from None
        scheme = parts.scheme.lower()
        if scheme not in self.schemes:
            starts = " or ".join(s + (":" if s == "mailto" else "://") for s in self.schemes)
            if scheme:
                raise FieldError(
                    f"{quote(url)} uses {scheme}:, but only {starts} links are allowed here"
                )
            raise FieldError(f"{quote(url)} is not a full address", f"it must start with {starts}")
        if scheme in WEB and not parts.hostname:
            raise FieldError(f"{quote(url)} has no host name")
        if scheme == "mailto" and "@" not in parts.path:
            raise FieldError(f"{quote(url)} is not an email address")
        return url


@dataclass(frozen=True)
class Image:
    """A picture: a path inside the content folder, or an https:// URL."""

    describe: str = "a path like images/x.jpg, or an https:// URL"

    def convert(self, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise FieldError(f"{quote(value)} is not an image path or URL")
        text = value.strip()
        if "://" in text or text.lower().startswith(("javascript:", "data:", "mailto:")):
            return Url(schemes=("https",)).convert(text)
        path = PurePosixPath(text.removeprefix("{static}").lstrip("/"))
        if ".." in path.parts or "\\" in text or _CONTROL.search(text):
            raise FieldError(f"{quote(text)} must be a path inside the content folder")
        if path.suffix.lower() not in (".jpg", ".jpeg", ".png", ".webp", ".gif", ".svg", ".avif"):
            raise FieldError(
                f"{quote(text)} is not a picture (.jpg, .png, .webp, .gif, .svg, .avif)"
            )
        return str(path)


_PLAIN_KEY = re.compile(r"[\w-]+")
_HEX_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}){1,2}")


@dataclass(frozen=True)
class Color:
    """A colour written as CSS hexadecimal: ``#c2410c`` or ``#c41``."""

    describe: str = "a colour like #c2410c"

    def convert(self, value: Any) -> str:
        text = value.strip() if isinstance(value, str) else ""
        if not _HEX_COLOR.fullmatch(text):
            hint = "quote it: a # starts a comment in YAML" if value is None else ""
            raise FieldError(f"{quote(value)} is not a colour like #c2410c", hint)
        if len(text) == 4:
            text = "#" + "".join(c * 2 for c in text[1:])
        return text.lower()


@dataclass(frozen=True)
class Zone:
    """An IANA time zone name."""

    describe: str = "an IANA time zone (Europe/Paris)"

    def convert(self, value: Any) -> str:
        if not isinstance(value, str):
            raise FieldError(
                f"{quote(value)} is not a time zone name", "use an IANA name like Europe/Paris"
            )
        zone(value)
        return value


@dataclass(frozen=True)
class Language:
    """A BCP 47 language tag known to the Unicode CLDR (``fr``, ``en``, ``es``, ``pt-BR``)."""

    describe: str = "a language tag (fr, en, es, pt-BR…)"

    def convert(self, value: Any) -> str:
        return language_tag(value)


@dataclass(frozen=True)
class Country:
    """An ISO 3166 two-letter country code."""

    describe: str = "an ISO 3166 country code (FR, MX…)"

    def convert(self, value: Any) -> str:
        if isinstance(value, str) and value.strip().upper() in _territories():
            return value.strip().upper()
        hint = ""
        if isinstance(value, str):
            names = {name.lower(): code for code, name in _territories().items()}
            if value.strip().lower() in names:
                hint = f"write the code '{names[value.strip().lower()]}'"
        raise FieldError(
            f"{quote(value)} is not an ISO 3166 country code", hint or "for example FR or MX"
        )


#: Words that mean "no charge" in the site's languages.
#: "free" in the languages the interface is translated into (a price may say so in the
#: chapter's language); compared in lowercase.
FREE_WORDS = frozenset(
    {
        "free",
        "gratuit",
        "gratuite",
        "gratis",
        "gratuito",
        "gratuita",
        "kostenlos",
        "kostenloos",
        "darmowe",
        "bezpłatne",
        "bezpłatny",
        "مجاني",
        "مجانا",
        "مجانًا",
        "無料",
    }
)


_SMALLEST_PRICE = Decimal("0.0001")


@dataclass(frozen=True)
class Price:
    """An amount of 0 or more (a plain decimal number), or the word ``free``."""

    maximum: int = 1_000_000
    describe: str = "an amount such as 0, 12 or 12.50, or free"

    def convert(self, value: Any) -> str:
        if isinstance(value, str) and value.strip().lower() in FREE_WORDS:
            return FREE
        amount = None
        if isinstance(value, int | float | str) and not isinstance(value, bool):
            try:
                amount = Decimal(written(value).strip())
            except InvalidOperation:
                amount = None
        if amount is None or not amount.is_finite():
            hint = "write a number such as 12.50, or free"
            if isinstance(value, str) and re.search(r"\d", value):
                hint = "write the number alone (12.50, with a dot) and rsvp.currency apart"
            raise FieldError(f"{quote(value)} is not a price", hint)
        if amount < 0:
            raise FieldError(f"{quote(value)} is a negative price")
        if amount > self.maximum:
            raise FieldError(f"{quote(value)} is more than {self.maximum:,}")
        if amount != amount.quantize(_SMALLEST_PRICE):
            raise FieldError(f"{quote(value)} has more than 4 decimals")
        return FREE if amount == 0 else format(amount.normalize(), "f")


@dataclass(frozen=True)
class Currency:
    """An ISO 4217 currency code."""

    describe: str = "an ISO 4217 currency code (EUR, MXN…)"

    def convert(self, value: Any) -> str:
        if isinstance(value, str) and value.strip().upper() in _currencies():
            return value.strip().upper()
        symbols = {"€": "EUR", "£": "GBP", "¥": "JPY", "$": "USD, CAD, MXN…"}
        hint = f"write the code {symbols[value.strip()]}" if str(value).strip() in symbols else ""
        raise FieldError(
            f"{quote(value)} is not an ISO 4217 currency code", hint or "for example EUR or MXN"
        )


@cache
def _currencies() -> frozenset[str]:
    return frozenset(list_currencies())


@cache
def _territories() -> dict[str, str]:
    return {
        code: name
        for code, name in Locale("en").territories.items()
        if re.fullmatch("[A-Z]{2}", code)
    }


@dataclass(frozen=True)
class Raw:
    """A value kept for a later, multi-field check (dates, rules)."""

    describe: str = "text"
    accept: tuple[type, ...] = (str, date)

    def convert(self, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, self.accept):
            raise FieldError(f"{quote(value)} is not {self.describe}")
        return value


@dataclass(frozen=True)
class Duration:
    """``90m``, ``2h``, ``2h30m``, ``3d`` or ISO ``PT2H``."""

    describe: str = "a duration (90m, 2h, PT2H)"

    def convert(self, value: Any) -> timedelta:
        return parse_duration(value)


@dataclass(frozen=True)
class Geo:
    """``[latitude, longitude]`` in degrees."""

    describe: str = "[latitude, longitude]"

    def convert(self, value: Any) -> tuple[float, float]:
        if (
            isinstance(value, list | tuple)
            and len(value) == 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        ):
            lat, lon = float(value[0]), float(value[1])
            if -90 <= lat <= 90 and -180 <= lon <= 180:
                return (lat, lon)
            raise FieldError(
                f"{quote(value)} is out of range: latitude -90..90, longitude -180..180"
            )
        raise FieldError(
            f"{quote(value)} is not [latitude, longitude]", "for example [43.6045, 1.4440]"
        )


@dataclass(frozen=True)
class ListOf:
    """A list of values (a single value counts as a list of one).

    A single text with commas where a list is expected (``topics: python, web``)
    is refused rather than taken as one item: it is almost always a list
    written without its brackets.
    """

    item: Kind
    max_items: int = 50
    describe: str = "a list"

    def convert(self, value: Any) -> tuple[Any, ...]:
        if isinstance(value, str) and "," in value:
            words = [word.strip() for word in value.split(",")]
            raise FieldError(
                f"{quote(value)} is one text with commas, not a list",
                "write a list: [" + ", ".join(words) + "]",
            )
        items = value if isinstance(value, list) else [value]
        if len(items) > self.max_items:
            raise FieldError(f"has {len(items)} entries; the limit is {self.max_items}")
        clean = []
        errors: list[FieldError] = []
        for index, item in enumerate(items):
            try:
                clean.append(self.item.convert(item))
            except FieldError as error:
                errors.append(error.within(str(index)))
        if errors:
            raise FieldErrors(errors)
        return tuple(clean)


@dataclass(frozen=True)
class Record:
    """A mapping with known keys; a plain value fills the ``shorthand`` key.

    Every wrong key and value of the mapping is reported, not only the first;
    ``needs_one_of`` names keys of which at least one must be given.
    """

    fields: tuple[Field, ...]
    shorthand: str = ""
    describe: str = "a mapping"
    needs_one_of: tuple[str, ...] = ()

    def convert(self, value: Any) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            if self.shorthand and not isinstance(value, list | bool) and value is not None:
                value = {self.shorthand: value}
            else:
                keys = ", ".join(f.name for f in self.fields)
                raise FieldError(f"{quote(value)} should be a mapping", f"with keys {keys}")
        known = {f.name: f for f in self.fields}
        clean: dict[str, Any] = {}
        errors: list[FieldError] = []
        for key, raw in value.items():
            spec = known.get(str(key))
            if spec is None:
                # A key that is not a plain name (``:``, spaces) is located at its parent and
                # named in the message: `path:line: field: message` stays readable.
                where = str(key) if _PLAIN_KEY.fullmatch(str(key)) else ""
                errors.append(
                    FieldError(
                        f"unknown key {quote(str(key))}", _did_you_mean(str(key), known), where
                    )
                )
                continue
            try:
                clean[spec.name] = spec.kind.convert(raw)
            except FieldError as error:
                errors.append(error.within(spec.name))
        for spec in self.fields:
            if spec.required and spec.name not in value:
                errors.append(FieldError(f"'{spec.name}' is required here", spec.doc))
        if self.needs_one_of and not any(name in value for name in self.needs_one_of):
            names = " or ".join(f"'{name}'" for name in self.needs_one_of)
            errors.append(FieldError(f"is empty: give at least {names}"))
        if errors:
            raise FieldErrors(errors)
        return clean


@dataclass(frozen=True)
class Links:
    """Named links: ``website``, ``mastodon``, ``linkedin``, ``email`` and others."""

    describe: str = "a mapping of names to URLs"

    def convert(self, value: Any) -> tuple[tuple[str, str], ...]:
        if not isinstance(value, Mapping):
            raise FieldError(f"{quote(value)} should be a mapping", "like  website: https://…")
        links = []
        errors: list[FieldError] = []
        for key, raw in value.items():
            name = str(key)
            if not is_slug(name.replace("_", "-")):
                errors.append(
                    FieldError(f"{quote(name)} is not a link name", "use a word like website", name)
                )
                continue
            try:
                if name == "email" and isinstance(raw, str) and "@" in raw and ":" not in raw:
                    raw = "mailto:" + raw.strip()
                schemes = ("mailto",) if name == "email" else WEB
                links.append((name, Url(schemes=schemes).convert(raw)))
            except FieldError as error:
                errors.append(error.within(name))
        if errors:
            raise FieldErrors(errors)
        return tuple(links)


@dataclass(frozen=True)
class DateChanges:
    """``occurrences:``: changes to single dates of a series, keyed by the date.

    :meth:`convert` only checks the shape (a mapping, of bounded size), so that
    the entries are checked one by one with :meth:`entry` in :mod:`.loading`,
    which also matches each key against the rule: every wrong entry is then
    reported, and the good ones still checked against the series.
    """

    change: Record
    max_items: int = 500
    describe: str = "a mapping of dates to {start, end, duration, venue, speakers, event_status}"

    def convert(self, value: Any) -> dict[Any, Any]:
        if not isinstance(value, Mapping):
            raise FieldError(
                f"{quote(value)} should be a mapping of dates",
                "like  2027-04-01: {start: 2027-04-02 19:00}",
            )
        if len(value) > self.max_items:
            raise FieldError(f"has {len(value)} entries; the limit is {self.max_items}")
        return dict(value)

    def entry(self, key: Any, raw: Any) -> dict[str, Any]:
        """The clean change of the date ``key``; errors are located under the key.

        A sub-key the change does not know is refused with the list of those it does.
        """
        where = str(key)
        names = [f.name for f in self.change.fields]
        allowed = ", ".join(names)
        if isinstance(key, bool) or not isinstance(key, str | date):
            raise FieldError(f"{quote(key)} is not a date", "write it like 2027-04-01", where)
        if not isinstance(raw, Mapping) or not raw:
            said = "is empty" if raw is None or raw == {} else f"{quote(raw)} is not a mapping"
            raise FieldError(
                f"the change to {where} {said}", f"give one or more of {allowed}", where
            )
        errors: list[FieldError] = []
        unknown = [name for name in raw if str(name) not in names]
        for name in unknown:
            hint = _did_you_mean(str(name), names)
            errors.append(
                FieldError(
                    f"unknown key {quote(str(name))} for one date",
                    (hint + " " if hint else "") + f"allowed: {allowed}",
                    f"{where}.{name}" if _PLAIN_KEY.fullmatch(str(name)) else where,
                )
            )
        try:
            clean = self.change.convert({k: v for k, v in raw.items() if k not in unknown})
        except FieldError as error:
            errors.append(error.within(where))
        if errors:
            raise FieldErrors(errors)
        return clean


@dataclass(frozen=True)
class Field:
    """One front-matter key."""

    name: str
    kind: Kind
    required: bool = False
    aliases: tuple[str, ...] = ()
    doc: str = ""


@dataclass(frozen=True)
class Schema:
    """The keys allowed in one kind of content file."""

    name: str
    fields: tuple[Field, ...]
    mistakes: Mapping[str, str] = field(default_factory=dict)

    def names(self) -> list[str]:
        """Canonical key names."""
        return [f.name for f in self.fields]


PERSON = Record(
    (
        Field("name", Text(), required=True, doc="the person's name"),
        Field("role", Text()),
        Field("url", Url()),
        Field("photo", Image(), doc="a portrait: a path like images/ada.jpg"),
    ),
    shorthand="name",
    describe="a name, or {name, role, url, photo}",
)
RSVP = Record(
    (
        Field("url", Url(template=True), required=True, doc="the form's https:// URL"),
        Field("capacity", Count()),
        Field("opens", Raw(describe="a date and time")),
        Field("closes", Raw(describe="a date and time")),
        Field("waitlist_url", Url()),
        Field("full", Flag(), doc="true once every place is taken (the waiting list is offered)"),
        Field("price", Price()),
        Field("currency", Currency()),
    ),
    shorthand="url",
    describe="a form URL, or {url, capacity, opens, closes, waitlist_url, full, price, currency}",
)
VENUE = Record(
    (
        Field("name", Text(), doc="the place's name"),
        Field("address", Text(max_length=300, multiline=True)),
        Field("geo", Geo()),
        Field("url", Url()),
    ),
    shorthand="name",
    describe="{name, address, geo: [lat, lon]}",
    needs_one_of=("name", "address"),
)
ONLINE = Record((Field("url", Url(), required=True, doc="the meeting link"),), shorthand="url")
PROGRAMME_KINDS = ("talk", "workshop", "icebreaker", "quiz", "break", "networking")
PROGRAMME = ListOf(
    Record(
        (
            Field("time", ClockTime(), required=True, doc="a time like 18:30"),
            Field("title", Text(), required=True, doc="what happens"),
            Field("speaker", Text(), doc="a name, as in speakers"),
            Field("kind", Choice(PROGRAMME_KINDS)),
            Field("day", Count(maximum=366), doc="1 for the first day of the event, 2 the next"),
        ),
        describe="{time, title, speaker, kind, day}",
    ),
    max_items=100,
    describe="a list of {time, title, speaker, kind, day}",
)
RECAP = Record(
    (
        Field("slides", Url()),
        Field("recording", Url()),
        Field(
            "photos",
            ListOf(Image(), max_items=100, describe="a list of pictures"),
            doc="paths like images/x.jpg, or https:// URLs",
        ),
        Field("writeup", Text(max_length=20_000, multiline=True), doc="Markdown"),
        Field("attended", Tally()),
    ),
    describe="{slides, recording, photos, writeup, attended}",
    needs_one_of=("slides", "recording", "photos", "writeup", "attended"),
)
TOPICS = ListOf(Text(max_length=60), max_items=30, describe="a list of words")
PEOPLE = ListOf(PERSON, max_items=100, describe="a list of names or {name, role, url, photo}")
_EVENT_STATUS_HINT = (
    "status is the publication state (published, hidden or draft); "
    "for the event itself write  event_status: {}"
)
STATUS = Field(
    "status",
    Choice(
        ("published", "hidden", "draft"),
        mistakes={
            word: _EVENT_STATUS_HINT.format(meant)
            for word, meant in (
                ("cancelled", "cancelled"),
                ("canceled", "cancelled"),
                ("postponed", "postponed"),
                ("rescheduled", "rescheduled"),
                ("scheduled", "scheduled"),
            )
        },
    ),
    doc="Pelican's publication state: draft (nowhere), hidden (page only) or published",
)

DATE_CHANGE = Record(
    (
        Field("start", Raw(describe="a date and time"), doc="the date's new start"),
        Field("end", Raw(describe="a date and time")),
        Field("duration", Duration()),
        Field("venue", VENUE),
        Field("speakers", PEOPLE),
        Field("event_status", Choice(("scheduled", "cancelled", "postponed"))),
    ),
    describe="{start, end, duration, venue, speakers, event_status}",
)
EVENT_DATE_CHANGES = DateChanges(DATE_CHANGE)

EVENT = Schema(
    "event",
    (
        Field("title", Text(), required=True),
        Field(
            "chapter",
            ListOf(Slug(), max_items=20, describe="a chapter's slug, or a list of them"),
            doc="slug of a chapter file; several when chapters co-host (the first is the host)",
        ),
        Field(
            "all_chapters",
            Flag(),
            doc="true for a network-wide event, listed by every chapter",
        ),
        Field("start", Raw(describe="a date and time"), required=True),
        Field("end", Raw(describe="a date and time")),
        Field("duration", Duration()),
        Field("all_day", Flag()),
        Field("timezone", Zone()),
        Field("venue", VENUE),
        Field("attendance_mode", Choice(("in_person", "online", "hybrid"))),
        Field("online", ONLINE),
        Field("rsvp", RSVP),
        Field("event_status", Choice(("scheduled", "cancelled", "postponed", "rescheduled"))),
        Field("previous_start", Raw(describe="a date and time")),
        Field("speakers", PEOPLE),
        Field("hosts", PEOPLE),
        Field("programme", PROGRAMME, aliases=("program",)),
        Field("recap", RECAP, doc="after the event: slides, recording, photos, writeup, attended"),
        Field("topics", TOPICS, aliases=("tags",)),
        Field("summary", Text(max_length=500, multiline=True)),
        Field("image", Image()),
        Field("lang", Language()),
        Field("slug", Slug()),
        Field("series", Slug(), doc="slug of a series file: the event is one of its editions"),
        Field("uid", Text(max_length=200)),
        Field("repeat", Raw(describe="a recurrence rule", accept=(str,))),
        Field("except", ListOf(Raw(describe="a date"), max_items=500, describe="a list of dates")),
        STATUS,
        Field(
            "occurrences",
            EVENT_DATE_CHANGES,
            doc="changes to single dates of a repeating event, keyed by the date the rule gives",
        ),
    ),
    mistakes={
        "date": "start",
        "time": "start",
        "begin": "start",
        "starts": "start",
        "start_time": "start",
        "ends": "end",
        "end_time": "end",
        "finish": "end",
        "location": "venue",
        "place": "venue",
        "address": "venue",
        "where": "venue",
        "speaker": "speakers",
        "host": "hosts",
        "organizers": "hosts",
        "organizer": "hosts",
        "tag": "topics",
        "category": "chapter",
        "group": "chapter",
        "description": "summary",
        "tz": "timezone",
        "rrule": "repeat",
        "recurrence": "repeat",
        "exdate": "except",
        "exceptions": "except",
        "url": "rsvp",
        "registration": "rsvp",
        "allday": "all_day",
        "mode": "attendance_mode",
        "cancelled": "event_status",
        "state": "event_status",
        "agenda": "programme",
        "schedule": "programme",
        "timetable": "programme",
        "talks": "programme",
        "recording": "recap",
        "slides": "recap",
        "photos": "recap",
        "writeup": "recap",
        "attended": "recap",
    },
)

CHAPTER = Schema(
    "chapter",
    (
        Field("title", Text(), required=True),
        Field("slug", Slug()),
        Field("city", Text(max_length=100)),
        Field("country", Country()),
        Field("geo", Geo(), doc="[lat, lon]: where the chapter is on the map of chapters"),
        Field("timezone", Zone()),
        Field("topics", TOPICS, aliases=("tags",)),
        Field("organizers", PEOPLE),
        Field("links", Links()),
        Field(
            "rsvp",
            Record(
                (
                    Field("url", Url(template=True), required=True),
                    Field("capacity", Count()),
                    Field("waitlist_url", Url()),
                    Field("price", Price()),
                    Field("currency", Currency()),
                ),
                shorthand="url",
            ),
            doc="default RSVP form for the chapter's events",
        ),
        Field("lang", Language()),
        Field("summary", Text(max_length=500, multiline=True)),
        Field("image", Image()),
        Field("banner", Image(), doc="a wide picture at the top of the chapter's page"),
        Field("color", Color(), doc="the chapter's accent colour, like #c2410c"),
        STATUS,
    ),
    mistakes={
        "name": "title",
        "colour": "color",
        "accent": "color",
        "tz": "timezone",
        "description": "summary",
        "hosts": "organizers",
        "organisers": "organizers",
        "website": "links",
        "location": "city",
    },
)

PAGE = Schema(
    "page",
    (
        Field("title", Text(), required=True),
        Field("slug", Slug()),
        Field("lang", Language()),
        Field("summary", Text(max_length=500, multiline=True)),
        Field("image", Image()),
        STATUS,
    ),
    mistakes={"name": "title", "description": "summary"},
)


SERIES = Schema(
    "series",
    (
        Field("title", Text(), required=True),
        Field("chapter", Slug(), required=True, doc="slug of the chapter the series belongs to"),
        Field(
            "rhythm",
            Raw(describe="a recurrence rule", accept=(str,)),
            required=True,
            doc="an RFC 5545 rule like FREQ=MONTHLY;INTERVAL=3;BYDAY=2TH",
        ),
        Field("slug", Slug()),
        Field("timezone", Zone()),
        Field("venue", VENUE),
        Field(
            "rsvp",
            Record(
                (
                    Field("url", Url(template=True), required=True),
                    Field("capacity", Count()),
                    Field("waitlist_url", Url()),
                    Field("price", Price()),
                    Field("currency", Currency()),
                ),
                shorthand="url",
            ),
            doc="the usual RSVP form of the editions",
        ),
        Field("duration", Duration(), doc="the usual length of an edition"),
        Field("topics", TOPICS, aliases=("tags",)),
        Field("image", Image()),
        Field("lang", Language()),
        Field("summary", Text(max_length=500, multiline=True)),
        STATUS,
    ),
    mistakes={
        "name": "title",
        "rrule": "rhythm",
        "recurrence": "rhythm",
        "frequency": "rhythm",
        "tz": "timezone",
        "description": "summary",
        "location": "venue",
        "place": "venue",
    },
)


def check(
    front: FrontMatter,
    schema: Schema,
    path: str,
    extra_keys: frozenset[str] = frozenset(),
) -> tuple[dict[str, Any], dict[str, Any], list[Problem]]:
    """Validate every key of ``front`` against ``schema``.

    Returns the clean values (by canonical name), the undeclared-but-allowed
    extra keys (from the ``extra_keys`` setting) and the problems.
    """
    fields_by_name: dict[str, Field] = {}
    for spec in schema.fields:
        fields_by_name[spec.name] = spec
        for alias in spec.aliases:
            fields_by_name[alias] = spec
    values: dict[str, Any] = {}
    extra: dict[str, Any] = {}
    problems: list[Problem] = []
    seen_as: dict[str, str] = {}
    for key, raw in front.data.items():
        name = str(key)
        spec = fields_by_name.get(name)
        if spec is None:
            if name in extra_keys:
                extra[name] = raw
                continue
            problems.append(
                Problem(
                    path,
                    front.line_of(name),
                    name,
                    f"unknown key {quote(name)} in {_article(schema.name)} file",
                    _unknown_key_hint(name, schema, fields_by_name),
                )
            )
            continue
        if spec.name in seen_as:
            problems.append(
                Problem(
                    path,
                    front.line_of(name),
                    name,
                    f"'{name}' and '{seen_as[spec.name]}' mean the same thing",
                    "keep one of them",
                )
            )
            continue
        seen_as[spec.name] = name
        try:
            values[spec.name] = spec.kind.convert(raw)
        except FieldError as error:
            for single in error.within(name).errors:
                problems.append(
                    Problem(
                        path, front.line_of(single.field), single.field, single.message, single.hint
                    )
                )
    for spec in schema.fields:
        if spec.required and spec.name not in seen_as:
            problems.append(
                Problem(
                    path,
                    front.line_of(""),
                    spec.name,
                    f"'{spec.name}' is required in {_article(schema.name)} file",
                    spec.doc,
                )
            )
    return values, extra, problems


def _unknown_key_hint(name: str, schema: Schema, known: Mapping[str, Field]) -> str:
    lowered = name.lower().replace("-", "_")
    if lowered in known:
        return f"did you mean '{lowered}'? (keys are lowercase)"
    if name == "status" or lowered in ("cancelled", "canceled"):
        return "write 'event_status: cancelled'"
    if lowered in schema.mistakes:
        return f"did you mean '{schema.mistakes[lowered]}'?"
    return _did_you_mean(name, known) or "known keys: " + ", ".join(schema.names())


def _did_you_mean(name: str, known: Mapping[str, Any] | Sequence[str]) -> str:
    close = difflib.get_close_matches(name.lower(), list(known), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _article(word: str) -> str:
    return ("an " if word[:1] in "aeiou" else "a ") + word


def describe(schema: Schema) -> list[tuple[str, str, bool]]:
    """(key, what it takes, required) for each field, for documentation."""
    return [(f.name, f.kind.describe, f.required) for f in schema.fields]
