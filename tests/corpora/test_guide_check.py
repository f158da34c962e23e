"""The guide-check validation sets: well-formed, labelled by the guide's vocabulary, and sharing no sentences."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

GUIDE_CHECK = Path(__file__).resolve().parents[2] / "corpora" / "guide-check"
SETS = sorted(GUIDE_CHECK.glob("*.csv"))
COLUMNS = ["id", "text", "localism", "enabling", "ensuring", "commitment", "noisy", "coder", "note"]


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        assert reader.fieldnames == COLUMNS, path.name
        return list(reader)


def test_the_sets_are_there():
    assert {p.stem for p in SETS} >= {"study", "study2", "study3", "holdout", "holdout2"}


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_rows_are_coded_with_the_guide_labels(path):
    rows = _rows(path)
    assert len(rows) >= 100
    assert len({r["id"] for r in rows}) == len(rows)
    for r in rows:
        assert r["text"].strip(), r["id"]
        assert {r["localism"], r["enabling"], r["ensuring"], r["noisy"]} <= {"0", "1"}, r["id"]
        assert r["commitment"] in ("resourced", "pledge", "rhetoric", "other"), r["id"]


def test_no_sentence_is_in_two_sets():
    seen: dict[str, str] = {}
    for path in SETS:
        for r in _rows(path):
            key = " ".join(r["text"].lower().split())
            assert key not in seen, f"{r['id']} repeats {seen.get(key)}"
            seen[key] = r["id"]
