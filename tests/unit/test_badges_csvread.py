"""Reading RSVP exports: encodings, delimiters, header names, and every problem named by row."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from chapterhouse.badges.csvread import (
    Severity,
    decode,
    field_of,
    read_responses,
    sniff_delimiter,
)

RSVP = Path(__file__).resolve().parents[1] / "fixtures" / "rsvp"


def _read(name: str):
    return read_responses((RSVP / name).read_bytes(), f"rsvp/{name}")


def _names(responses) -> list[str]:
    return [a.name for a in responses.attendees]


def _lines(responses) -> list[str]:
    return [p.format() for p in responses.problems]


def test_google_forms_english_export_reads_every_answer_and_skips_its_metadata():
    responses = _read("google-forms-en.csv")
    assert responses.problems == ()
    assert responses.delimiter == "," and responses.encoding == "utf-8"
    assert _names(responses)[:2] == ["Ada Lovelace", "Grace Hopper"]
    assert len(responses.attendees) == 9
    ada = responses.attendees[0]
    assert ada.row == 2
    assert ada.lines(("name", "job", "company")) == (
        "Ada Lovelace",
        "Analyst",
        "Analytical Engines, Ltd.",
    )
    assert "Timestamp" not in ada.values and "email" in ada.values


def test_french_first_and_last_name_columns_make_the_name_and_the_family_name():
    responses = _read("google-forms-fr.csv")
    assert _names(responses) == ["Élodie Bernard", "François Lefèvre", "Zoé Aubert", "Émile Zola"]
    assert responses.attendees[0].last_name == "Bernard"
    assert responses.attendees[2].values["company"] == "Université Toulouse III – Paul Sabatier"
    assert responses.attendees[1].values["job"] == "Développeur"


def test_tally_export_with_a_byte_order_mark_and_question_headers():
    responses = _read("tally.csv")
    assert responses.encoding == "utf-8-sig"
    assert responses.headers[0] == "Submission ID"  # the BOM is not part of the first header
    assert _names(responses) == ["Sofía Hernández", "Jürgen Müller", "Aoife Ní Bhriain"]
    assert responses.attendees[1].values["company"] == "Müller & Söhne, GmbH"
    assert responses.problems == ()


def test_framaforms_semicolons_windows_1252_and_a_heading_row_above_the_header():
    responses = _read("framaforms.csv")
    assert responses.delimiter == ";"
    assert responses.encoding == "cp1252"
    assert _names(responses) == ["Hélène Dubois", "Jérôme Gaël", "Ségolène Château"]
    assert responses.attendees[0].row == 3  # two header rows above
    assert responses.attendees[1].values["company"] == "Association Œuvre"
    assert "SID" in responses.headers
    assert _lines(responses) == [
        "rsvp/framaforms.csv:row 2: encoding: the file is not UTF-8: read as Windows-1252 "
        "(check accented names; export as UTF-8 to be sure)"
    ]
    assert responses.errors == ()


def test_excel_utf16_tab_separated_resave():
    responses = _read("excel-utf16.csv")
    assert responses.encoding == "utf-16" and responses.delimiter == "\t"
    assert _names(responses) == ["Jürgen Müller", "Анна Смирнова", "Łukasz Żółć"]
    assert responses.attendees[1].values["job"] == "Аналитик"


def test_mixed_encodings_are_read_and_each_foreign_row_is_named():
    responses = _read("mixed-encodings.csv")
    assert _names(responses) == ["Élodie Bernard", "René Müller", "Zoë Brontë", "Françoise Hardy"]
    assert responses.encoding == "mixed"
    lines = _lines(responses)
    assert len(lines) == 2
    assert lines[0].startswith(
        "rsvp/mixed-encodings.csv:row 3: encoding: this line is not UTF-8 like the rest"
    )
    assert "René Müller" in lines[0]
    assert lines[1].startswith("rsvp/mixed-encodings.csv:row 5: encoding: ")
    assert all(p.severity is Severity.WARNING for p in responses.problems)


def test_a_missing_name_column_is_an_error_naming_the_headers_found():
    responses = _read("no-name-column.csv")
    assert responses.attendees == ()
    (error,) = responses.errors
    assert error.format().startswith(
        "rsvp/no-name-column.csv:row 1: name: no column for the attendee's name among the "
        "headers ('Timestamp', 'Email Address', 'Company', 'Dietary requirements')"
    )


def test_messy_rows_are_each_reported_and_nothing_else_is_lost():
    responses = _read("messy.csv")
    assert _names(responses) == [
        "Ada Lovelace",
        "ada lovelace",
        "Grace Hopper",
        "Alan Turing",  # a line break inside a quoted cell
        "Katherine Johnson",
    ]
    assert [a.row for a in responses.attendees] == [2, 5, 6, 7, 9]
    assert _lines(responses) == [
        "rsvp/messy.csv:row 3: row: empty row: skipped",
        "rsvp/messy.csv:row 4: name: no name on this row: no badge printed for it",
        "rsvp/messy.csv:row 5: name: 'ada lovelace' is also on row 2 (a second answer?): "
        "printed twice",
        "rsvp/messy.csv:row 6: row: 5 fields for 3 columns: 'extra', 'fields' left out "
        "(a delimiter inside an unquoted value?)",
    ]
    assert responses.errors == ()


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Full name", "name"),
        ("Nom complet", "name"),
        ("What is your name?", "name"),
        ("Prénom *", "first_name"),
        ("First name", "first_name"),
        ("Last name", "last_name"),
        ("Nom de famille", "last_name"),
        ("Job title", "job"),
        ("Poste", "job"),
        ("Entreprise", "company"),
        ("Company name", "company"),
        ("Organisation", "company"),
        ("Horodateur", "ignored"),
        ("Timestamp", "ignored"),
        ("Submitted at", "ignored"),
        ("Respondent ID", "ignored"),
        ("E-mail", "email"),
        ("Any dietary requirements?", ""),
    ],
)
def test_header_names_of_the_forms_in_several_languages(header: str, field: str):
    assert field_of(header) == field


def test_delimiter_is_found_from_the_header_not_from_commas_inside_quotes():
    assert sniff_delimiter('"Nom, prénom";"Organisme";"Poste"') == ";"
    assert sniff_delimiter("Name\tCompany") == "\t"
    assert sniff_delimiter("Name") == ","


def test_utf16_without_bom_and_utf8_bom_are_decoded():
    text, encoding, problems = decode("Name,Company\nZoé,X\n".encode("utf-16-le"), "f.csv")
    assert (text.splitlines()[1], encoding, problems) == ("Zoé,X", "utf-16-le", [])
    text, encoding, _ = decode(codecs.BOM_UTF8 + "Name\nZoé\n".encode(), "f.csv")
    assert text == "Name\nZoé\n" and encoding == "utf-8-sig"


def test_control_characters_in_a_name_are_not_printed():
    data = 'Full name,Company\n"Ada\x1b[31m Lovelace\u202e",X\n'.encode()
    (ada,) = read_responses(data, "f.csv").attendees
    assert ada.name == "Ada [31m Lovelace"


def test_an_empty_file_is_an_error():
    responses = read_responses(b"", "empty.csv")
    assert [p.format() for p in responses.errors] == ["empty.csv:row 1: file: the file is empty"]


def test_ten_thousand_rows_are_all_read():
    rows = "".join(f"2026-11-01,Person {i},Company {i % 7}\n" for i in range(10_000))
    responses = read_responses(f"Timestamp,Full name,Company\n{rows}".encode(), "big.csv")
    assert len(responses.attendees) == 10_000
    assert responses.attendees[-1].name == "Person 9999"
    assert responses.attendees[-1].row == 10_001
    assert responses.problems == ()


def test_columns_available_are_the_fields_then_the_other_questions():
    data = b"Full name,Company,T-shirt size\nAda,X,M\n"
    responses = read_responses(data, "f.csv")
    assert responses.available_columns() == ("name", "company", "T-shirt size")
    assert responses.attendees[0].lines(("name", "T-shirt size")) == ("Ada", "M")


def test_a_broken_utf16_file_is_one_error_at_row_1_and_reads_nothing():
    data = codecs.BOM_UTF16_LE + "Name\n".encode("utf-16-le") + b"\x00\xd8"  # a lone surrogate
    text, encoding, problems = decode(data, "rsvp/broken.csv")
    assert text == "" and encoding == "utf-16"
    (problem,) = problems
    assert problem.severity is Severity.ERROR
    assert problem.format().startswith("rsvp/broken.csv:row 1: encoding: the file starts as UTF-16")


def test_a_short_row_has_empty_values_and_a_long_value_is_cut_with_a_warning():
    long_job = "J" * 201
    data = (
        "Full name,Job title,Company\n"
        "Ada Lovelace\n"  # the spreadsheet dropped the empty trailing cells
        f"Grace Hopper,{long_job},Navy\n"
        f"Katherine Johnson,{'K' * 200},NASA\n"
    ).encode()
    responses = read_responses(data, "rsvp/x.csv")
    ada, grace, katherine = responses.attendees
    assert (ada.name, ada.values.get("job", ""), ada.values.get("company", "")) == (
        "Ada Lovelace", "", "",
    )  # fmt: skip
    assert len(grace.values["job"]) == 200 and len(katherine.values["job"]) == 200
    (line,) = _lines(responses)  # exactly 200 characters is no problem
    assert line.startswith("rsvp/x.csv:row 3: job: 'JJJJ")
    assert line.endswith("is longer than 200 characters: cut")
