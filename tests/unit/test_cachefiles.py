"""Cache files are written atomically, beside their target, under a name a look clears."""

from __future__ import annotations

import os
import time
from pathlib import Path

from chapterhouse.core.cachefiles import DAY, BlobStore, read_kept, write_kept


def _renames(monkeypatch) -> list[tuple[Path, Path]]:
    """Record every rename (and do it)."""
    done: list[tuple[Path, Path]] = []
    rename = os.replace

    def recorded(source, target):
        done.append((Path(source), Path(target)))
        rename(source, target)

    monkeypatch.setattr(os, "replace", recorded)
    return done


def test_a_kept_value_is_renamed_into_place_from_a_dot_file_beside_it(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "elsewhere"))
    renames = _renames(monkeypatch)
    target = tmp_path / "cache" / "history.pickle"
    assert write_kept(target, {"walk": "abc"})
    assert read_kept(target, dict) == {"walk": "abc"}
    ((source, into),) = renames
    assert into == target
    assert source.parent == target.parent  # one filesystem: the rename is atomic
    assert source.name.startswith(".") and source.name.endswith(".tmp")
    assert sorted(p.name for p in target.parent.iterdir()) == ["history.pickle"]


def test_a_stored_blob_is_renamed_from_a_dot_file_a_later_look_clears(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "elsewhere"))
    renames = _renames(monkeypatch)
    store = BlobStore(tmp_path / "cards")
    store.put("key", b"png")
    ((source, into),) = renames
    assert into == tmp_path / "cards" / "key"
    assert source.parent == into.parent and source.name.startswith(".")
    # What a crashed build leaves behind under such a name goes a day later.
    left = tmp_path / "cards" / source.name
    left.write_bytes(b"half")
    old = time.time() - DAY - 60
    os.utime(left, (old, old))
    assert store.prune(lambda key: True) == 1
    assert not left.exists() and store.get("key") == b"png"


def test_a_value_that_cannot_be_kept_is_not_and_leaves_nothing_behind(tmp_path):
    target = tmp_path / "cache" / "kept.pickle"
    assert write_kept(target, {"make": lambda: None}) is False  # a function: not picklable
    assert list(target.parent.iterdir()) == []
    assert read_kept(target, dict) is None


def test_a_kept_value_of_another_type_counts_as_none(tmp_path):
    target = tmp_path / "kept.pickle"
    assert write_kept(target, ["a", "list"])
    assert read_kept(target, dict) is None
    assert read_kept(target, list) == ["a", "list"]
