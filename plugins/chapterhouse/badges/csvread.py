"""Reading an RSVP form's CSV export: Google Forms, Tally, Framaforms, or a spreadsheet's re-save.

Exports are read as they come: UTF-8 with or without a byte-order mark, UTF-16
(Excel's "Unicode text"), Windows-1252 (Excel's and some Framaforms' "CSV"), and
files where rows in both were pasted together: each row that is not valid UTF-8
is read as Windows-1252 and named in a warning. The delimiter (``,`` ``;`` or
tab) is found from the header row, and the header names, which are the form's
questions, are recognised in English, French, German, Spanish, Italian,
Portuguese and Dutch. Every problem names the file, the row (the file's line
where the record starts, the header being row 1) and the field. Pure: no
Pelican, no clock.
"""

from __future__ import annotations

import codecs
import csv
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum

from chapterhouse.core.problems import quote

#: The fields a badge can show, as ``--columns`` names them.
FIELDS = ("name", "job", "company", "pronouns", "city")
#: Columns shown when ``--columns`` is not given.
DEFAULT_COLUMNS = ("name", "job", "company")
#: Longest field value kept whole (a longer one is cut and reported).
MAX_VALUE = 200
#: Exports whose first rows are not the header (Framaforms' grouped headings): rows looked at.
HEADER_SEARCH = 5

_IGNORED = "ignored"
#: Normalised header names (see :func:`normalise_header`) and the field each one is.
ALIASES: Mapping[str, str] = {
    # the attendee's name
    **dict.fromkeys(
        (
            "name",
            "full name",
            "your name",
            "what is your name",
            "names",
            "attendee",
            "attendee name",
            "participant",
            "nom complet",
            "nom et prenom",
            "prenom et nom",
            "prenom nom",
            "nom prenom",
            "votre nom",
            "quel est votre nom",
            "vollstandiger name",
            "ihr name",
            "nombre completo",
            "nombre y apellidos",
            "tu nombre",
            "nome completo",
            "nome e cognome",
            "volledige naam",
            "naam",
            "imie i nazwisko",
            "nom",
            "nombre",
            "nome",
        ),
        "name",
    ),
    **dict.fromkeys(
        (
            "first name",
            "given name",
            "firstname",
            "prenom",
            "vorname",
            "nombre de pila",
            "primeiro nome",
            "voornaam",
            "imie",
        ),
        "first_name",
    ),
    **dict.fromkeys(
        (
            "last name",
            "surname",
            "family name",
            "lastname",
            "nom de famille",
            "nachname",
            "familienname",
            "apellido",
            "apellidos",
            "sobrenome",
            "cognome",
            "achternaam",
            "nazwisko",
        ),
        "last_name",
    ),
    **dict.fromkeys(
        (
            "job",
            "job title",
            "title",
            "position",
            "role",
            "occupation",
            "poste",
            "fonction",
            "metier",
            "intitule du poste",
            "berufsbezeichnung",
            "beruf",
            "position im unternehmen",
            "cargo",
            "puesto",
            "profesion",
            "professione",
            "ruolo",
            "functie",
            "stanowisko",
        ),
        "job",
    ),
    **dict.fromkeys(
        (
            "company",
            "organisation",
            "organization",
            "employer",
            "affiliation",
            "entreprise",
            "societe",
            "structure",
            "organisme",
            "employeur",
            "firma",
            "unternehmen",
            "arbeitgeber",
            "empresa",
            "organizacion",
            "azienda",
            "bedrijf",
            "organisatie",
        ),
        "company",
    ),
    **dict.fromkeys(("pronouns", "pronoms", "pronomen", "pronombres"), "pronouns"),
    **dict.fromkeys(("city", "ville", "stadt", "ciudad", "citta", "stad"), "city"),
    **dict.fromkeys(
        (
            "email",
            "email address",
            "e mail",
            "adresse e mail",
            "adresse email",
            "courriel",
            "e mail adresse",
            "correo electronico",
            "correo",
        ),
        "email",
    ),
    # form metadata: Google Forms, Tally, Framaforms (Drupal Webform)
    **dict.fromkeys(
        (
            "timestamp",
            "horodateur",
            "zeitstempel",
            "marca temporal",
            "informazioni cronologiche",
            "carimbo de data hora",
            "tijdstempel",
            "submission id",
            "respondent id",
            "submitted at",
            "serial",
            "sid",
            "time",
            "submitted time",
            "completed time",
            "modified time",
            "draft",
            "ip address",
            "uid",
            "username",
            "numero de serie",
            "date de soumission",
            "adresse ip",
            "nom d utilisateur",
            "brouillon",
            "score",
        ),
        _IGNORED,
    ),
}
#: Words that make a header a field when it is a question rather than one of :data:`ALIASES`,
#: tried in this order (``Company name`` is a company, not a name).
KEYWORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("email", ("email", "e mail", "courriel")),
    ("first_name", ("first name", "prenom", "vorname", "given name")),
    ("last_name", ("last name", "nom de famille", "nachname", "surname", "apellido")),
    ("company", ("company", "organisation", "organization", "entreprise", "employer",
                 "societe", "unternehmen", "empresa", "azienda")),
    ("job", ("job", "poste", "position", "fonction", "beruf", "cargo", "puesto")),
    ("pronouns", ("pronoun", "pronom")),
    ("name", ("name", "nom", "nombre", "nome", "naam")),
)  # fmt: skip
_DELIMITERS = (",", ";", "\t")
_INVISIBLE = {"Cc", "Cf", "Zl", "Zp"}


class Severity(Enum):
    """Whether a problem stops the badges from being printed."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class RowProblem:
    """One thing wrong with one row (or the header) of a CSV file.

    Attributes:
        path: The file as it was given on the command line.
        row: The file's line where the record starts (the header is row 1).
        field: The field (``name``, ``company``…), ``encoding``, ``columns`` or ``row``.
        message: What is wrong, quoting the value.
        severity: An error prints nothing; a warning is printed and the badges are made.
    """

    path: str
    row: int
    field: str
    message: str
    severity: Severity = field(default=Severity.WARNING, compare=False)

    def format(self) -> str:
        """``path:row N: field: message``, on one line."""
        return f"{self.path}:row {self.row}: {self.field}: {self.message}"


@dataclass(frozen=True)
class Attendee:
    """One person who answered the form.

    Attributes:
        row: The file's line where the record starts.
        values: The recognised fields (``name``, ``job``…) and every column by its
            header as written, each stripped of surrounding blanks and control characters.
        last_name: The family name when the form asked for it apart (for sorting), else ``""``.
    """

    row: int
    values: Mapping[str, str]
    last_name: str = ""

    @property
    def name(self) -> str:
        """The name as the badge shows it."""
        return self.values.get("name", "")

    def lines(self, columns: Sequence[str]) -> tuple[str, ...]:
        """The values of ``columns``, in order (empty ones included, as ``""``)."""
        return tuple(self.values.get(column, "") for column in columns)


@dataclass(frozen=True)
class Responses:
    """What a CSV export holds.

    Attributes:
        attendees: Every person, in the file's order.
        headers: The header row as written.
        fields: The field each header was recognised as (``""``: a question of its own).
        problems: Errors and warnings, in the file's order.
        encoding: How the file was read (``utf-8``, ``utf-8-sig``, ``utf-16``, ``cp1252``).
        delimiter: The delimiter found.
    """

    attendees: tuple[Attendee, ...]
    headers: tuple[str, ...]
    fields: tuple[str, ...]
    problems: tuple[RowProblem, ...]
    encoding: str
    delimiter: str

    @property
    def errors(self) -> tuple[RowProblem, ...]:
        """The problems that stop the badges."""
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    def available_columns(self) -> tuple[str, ...]:
        """What ``--columns`` may name: the recognised fields, then the other headers."""
        known = [f for f in FIELDS if f in self.fields or f == "name"]
        return (*known, *(h for h, f in zip(self.headers, self.fields, strict=True) if not f))


def normalise_header(text: str) -> str:
    """A header as compared with :data:`ALIASES`: no accents, case, punctuation or trailing ``*``.

    >>> normalise_header("  Prénom * ")
    'prenom'
    >>> normalise_header("E-mail address:")
    'email address'
    """
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    bare = bare.replace("e-mail", "email")
    return " ".join(re.sub(r"[^\w]+", " ", bare).split())


def field_of(header: str) -> str:
    """The field a header names (``name``, ``job``…, ``ignored``); ``""``: another question."""
    normal = normalise_header(header)
    if not normal:
        return ""
    exact = ALIASES.get(normal)
    if exact:
        return exact
    words = f" {normal} "
    for name, keywords in KEYWORDS:
        if any(f" {keyword} " in words for keyword in keywords):
            return name
    return ""


def decode(data: bytes, path: str) -> tuple[str, str, list[RowProblem]]:
    """The text of a CSV file, how it was decoded, and a warning per line read otherwise than UTF-8.

    A file with a byte-order mark is read in its encoding. Otherwise each line is
    read as UTF-8; when no line with non-ASCII characters is valid UTF-8 the whole
    file is Windows-1252 (one warning), and when some are and some are not, the
    file mixes encodings: each other line is read as Windows-1252 (Latin-1 for the
    five bytes it leaves undefined) and named.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16", []
        except UnicodeDecodeError as error:
            problem = f"the file starts as UTF-16 but byte {error.start} is not ({error.reason})"
            return "", "utf-16", [RowProblem(path, 1, "encoding", problem, Severity.ERROR)]
    encoding = "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        data, encoding = data[len(codecs.BOM_UTF8) :], "utf-8-sig"
    elif _looks_utf16(data):
        return data.decode("utf-16-le", errors="replace"), "utf-16-le", []
    lines = data.split(b"\n")
    decoded: list[str] = []
    foreign: list[int] = []
    utf8_non_ascii = 0
    for number, line in enumerate(lines, start=1):
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            text = _windows_1252(line)
            foreign.append(number)
        else:
            utf8_non_ascii += not line.isascii()
        decoded.append(text)
    text = "\n".join(decoded)
    if not foreign:
        return text, encoding, []
    if not utf8_non_ascii:
        note = (
            "the file is not UTF-8: read as Windows-1252 (check accented names; export "
            "as UTF-8 to be sure)"
        )
        return text, "cp1252", [RowProblem(path, foreign[0], "encoding", note)]
    problems = [
        RowProblem(
            path,
            number,
            "encoding",
            f"this line is not UTF-8 like the rest of the file (mixed encodings): read as "
            f"Windows-1252: {_quote(decoded[number - 1])}",
        )
        for number in foreign
    ]
    return text, "mixed", problems


def sniff_delimiter(header_line: str) -> str:
    """The delimiter of a CSV file from its header line: the most frequent of ``,`` ``;`` tab."""
    outside = re.sub(r'"[^"]*"', "", header_line)
    counts = {d: outside.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_responses(data: bytes, path: str) -> Responses:
    """Every attendee of a CSV export, and every problem with it.

    Args:
        data: The file's bytes.
        path: The file's name in messages.

    Returns:
        The attendees (rows without a name are left out and reported), the header,
        and the problems: a missing name column or an unreadable file is an error;
        an empty row, a row without a name, a repeated name, a row with more fields
        than the header, a value cut to :data:`MAX_VALUE` are warnings.
    """
    text, encoding, problems = decode(data, path)
    if not text.strip():
        if not problems:
            problems.append(RowProblem(path, 1, "file", "the file is empty", Severity.ERROR))
        return Responses((), (), (), tuple(problems), encoding, ",")
    first_line = text.split("\n", 1)[0]
    delimiter = sniff_delimiter(first_line)
    records = _records(text, delimiter)
    header_at = _header_index(records)
    header_row, headers = records[header_at] if records else (1, [])
    headers = [_clean(h) for h in headers]
    fields = _fields(headers)
    if "name" not in fields and not ("first_name" in fields or "last_name" in fields):
        shown = ", ".join(_quote(h) for h in headers if h) or "none"
        problems.append(
            RowProblem(
                path,
                header_row,
                "name",
                f"no column for the attendee's name among the headers ({shown}); expected one "
                "such as 'Full name', 'Name', 'Nom complet', 'First name' and 'Last name', "
                "'Prénom' and 'Nom'",
                Severity.ERROR,
            )
        )
        return Responses((), tuple(headers), tuple(fields), tuple(problems), encoding, delimiter)
    attendees = _attendees(records[header_at + 1 :], headers, fields, path, problems)
    problems.sort(key=lambda p: p.row)
    return Responses(
        tuple(attendees), tuple(headers), tuple(fields), tuple(problems), encoding, delimiter
    )


def _records(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(text.splitlines(keepends=True), delimiter=delimiter)
    records = []
    start = 1
    for record in reader:
        records.append((start, record))
        start = reader.line_num + 1
    return records


def _header_index(records: list[tuple[int, list[str]]]) -> int:
    """The header row: the first of the first rows naming the attendee's name."""
    for index, (_, record) in enumerate(records[:HEADER_SEARCH]):
        found = {field_of(cell) for cell in record}
        if "name" in found or "first_name" in found or "last_name" in found:
            return index
    return 0


def _fields(headers: list[str]) -> list[str]:
    """The field of each header; each field once (the first column naming it)."""
    fields = [field_of(h) for h in headers]
    if "first_name" in fields and "name" in fields and "last_name" not in fields:
        # "Prénom" and "Nom": the bare "Nom" is the family name.
        fields[fields.index("name")] = "last_name"
    seen: set[str] = set()
    for index, name in enumerate(fields):
        if name in seen and name != _IGNORED:
            fields[index] = ""
        seen.add(name)
    return fields


def _attendees(
    records: list[tuple[int, list[str]]],
    headers: list[str],
    fields: list[str],
    path: str,
    problems: list[RowProblem],
) -> list[Attendee]:
    attendees = []
    seen: dict[str, int] = {}
    for row, record in records:
        cells = [_clean(cell) for cell in record]
        if not any(cells):
            if record:
                problems.append(RowProblem(path, row, "row", "empty row: skipped"))
            continue
        if len(cells) > len(headers):
            extra = ", ".join(_quote(c) for c in cells[len(headers) :] if c)
            if extra:
                problems.append(
                    RowProblem(
                        path,
                        row,
                        "row",
                        f"{len(cells)} fields for {len(headers)} columns: {extra} left out "
                        "(a delimiter inside an unquoted value?)",
                    )
                )
        values: dict[str, str] = {}
        for index, header in enumerate(headers):
            value = cells[index] if index < len(cells) else ""
            name = fields[index] or header
            if len(value) > MAX_VALUE:
                problems.append(
                    RowProblem(
                        path,
                        row,
                        _field_label(fields[index], header),
                        f"{_quote(value)} is longer than {MAX_VALUE} characters: cut",
                    )
                )
                value = value[:MAX_VALUE]
            if name and name != _IGNORED:
                values.setdefault(name, value)
        first, last = values.get("first_name", ""), values.get("last_name", "")
        if not values.get("name"):
            values["name"] = " ".join(part for part in (first, last) if part)
        name = values["name"]
        if not name:
            problems.append(
                RowProblem(path, row, "name", "no name on this row: no badge printed for it")
            )
            continue
        key = " ".join(name.casefold().split())
        if key in seen:
            problems.append(
                RowProblem(
                    path,
                    row,
                    "name",
                    f"{_quote(name)} is also on row {seen[key]} (a second answer?): printed twice",
                )
            )
        else:
            seen[key] = row
        attendees.append(Attendee(row, values, last))
    return attendees


def _field_label(field_name: str, header: str) -> str:
    return field_name if field_name and field_name != _IGNORED else header


def _clean(value: str) -> str:
    """A cell without surrounding blanks, its control characters and line breaks as spaces."""
    if not value.isprintable():
        value = "".join(
            " " if unicodedata.category(c) in _INVISIBLE and c not in "\u200c\u200d" else c
            for c in value
        )
    return " ".join(value.split())


def _windows_1252(line: bytes) -> str:
    return "".join(
        bytes([b]).decode("cp1252", errors="ignore") or chr(b) if b >= 0x80 else chr(b)
        for b in line
    )


def _looks_utf16(data: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte of the start is zero."""
    sample = data[:200]
    return len(sample) >= 4 and sample[1::2].count(0) > 0.9 * (len(sample) // 2)


def _quote(value: str) -> str:
    return quote(value, 60)
