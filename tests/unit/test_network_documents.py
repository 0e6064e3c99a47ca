"""The JSON documents' envelope, times and schema files, without a build."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import jsonschema
import pytest

from chapterhouse.feeds.document import assemble, utc_text
from chapterhouse.feeds.schemas import SCHEMA_FILES, schema_bytes, schema_path
from chapterhouse.history.stamps import NO_HISTORY, Stamp, last_modified


def test_an_empty_document_is_valid_and_keeps_its_envelope():
    for key, schema in (("events", "events.schema.json"), ("chapters", "chapters.schema.json")):
        raw = assemble(key, [], "Network", "https://x.org", f"https://x.org/{schema}")
        document = json.loads(raw)
        assert document == {
            key: [],
            "schema": f"https://x.org/{schema}",
            "site": {"name": "Network", "url": "https://x.org/"},
            "version": 2,
        }
        assert list(document) == sorted(document)
        jsonschema.Draft202012Validator(json.loads(schema_bytes(schema))).validate(document)


def test_items_are_one_per_line_in_the_order_given():
    raw = assemble("events", ['{"b":1}', '{"a":2}'], "N", "https://x.org", "https://x.org/s")
    assert raw.decode().splitlines()[1:3] == ['{"b":1},', '{"a":2}']
    assert raw.endswith(b'"version":2}\n')


def test_instants_are_written_in_utc_to_the_second():
    paris = timezone(timedelta(hours=1))
    assert utc_text(datetime(2027, 1, 20, 18, 30, 5, 999, tzinfo=paris)) == "2027-01-20T17:30:05Z"


def test_last_modified_is_the_stamps_in_utc_else_the_epoch():
    moment = datetime(2026, 5, 1, 12, tzinfo=timezone(timedelta(hours=2)))
    stamp = Stamp(created=moment, modified=moment, sequence=3)
    assert last_modified(stamp) == datetime(2026, 5, 1, 10, tzinfo=UTC)
    assert last_modified(stamp).tzinfo == UTC
    assert last_modified(None) == NO_HISTORY


def test_schema_files_are_named_after_their_documents():
    assert [schema_path(name) for name in ("events.json", "chapters.json")] == list(SCHEMA_FILES)
    with pytest.raises(ValueError, match="no schema"):
        schema_bytes("../pyproject.toml")
