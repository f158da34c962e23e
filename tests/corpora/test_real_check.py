"""The real-check labels: well-formed, text-free, and pointing at sentences that exist in the shared corpora."""

from __future__ import annotations

import csv
import importlib.util
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LABELS = ROOT / "corpora" / "real-check" / "labels.csv"
COLUMNS = ["id", "set", "source", "page", "text_sha1", "n_chars", "localism", "enabling", "ensuring", "commitment",
           "noisy"]


def _rows() -> list[dict[str, str]]:
    with LABELS.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == COLUMNS
        return list(reader)


def _bench():
    spec = importlib.util.spec_from_file_location("realcheck", ROOT / "bench" / "realcheck.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_labels_are_well_formed_and_hold_no_text():
    rows = _rows()
    assert len(rows) >= 800
    assert len({r["id"] for r in rows}) == len(rows)
    assert {r["set"] for r in rows} == {"read", "read2", "measure"}
    for r in rows:
        assert re.fullmatch(r"[0-9a-f]{16}", r["text_sha1"]), r["id"]
        assert all(r[c] in ("0", "1") for c in ("localism", "enabling", "ensuring", "noisy")), r["id"]
        assert r["commitment"] in ("resourced", "pledge", "rhetoric", "other"), r["id"]
        assert r["source"].startswith(("pdf/", "manifesto ", "Irish budget statement ", "Speech from the Throne ")), r["id"]


def test_no_sentence_is_in_two_sets():
    rows = _rows()
    assert len({r["text_sha1"] for r in rows}) == len(rows)


def test_the_key_ignores_layout_whitespace_only():
    key = _bench().text_key
    assert key("We will  build\n100 homes.") == key("We will build 100 homes.")
    assert key("We will build 100 homes.") != key("We will build 101 homes.")


@pytest.mark.shared
@pytest.mark.slow
def test_every_label_finds_its_sentence(shared_corpora, tmp_path, monkeypatch):
    bench = _bench()
    monkeypatch.setattr(bench, "SHARED", shared_corpora)
    store = bench._ensure_store(None, str(tmp_path))
    rows, missing = bench.rebuild(store)
    # The PDF sentences come from discourse's own extraction and splitter: a change there that alters a labelled
    # sentence shows here. Re-key such rows (match old and new text by hand), do not drop them.
    assert not missing, f"{len(missing)} labelled sentences not found: {missing[:10]}"
    assert len(rows) == len(_rows())
    assert rows.text.str.len().min() > 0
