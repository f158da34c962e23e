"""Keyword in context over the store."""

import pandas as pd
import pytest

from discourse.errors import UsageError
from discourse.tag.kwic import KWIC_COLUMNS, kwic


@pytest.fixture
def filled(store):
    store.insert("documents", pd.DataFrame([{"doc_id": "d1", "sha256": "x" * 64, "status": "ok", "title": "Plan"}]))
    store.insert("sentences", pd.DataFrame([
        {"doc_id": "d1", "sentence_id": 0, "page_no": 2, "text": "The county wants to devolve budgets to parishes."},
        {"doc_id": "d1", "sentence_id": 1, "page_no": 3, "text": "Devolution deals and a Community Right to Bid."},
        {"doc_id": "d1", "sentence_id": 2, "page_no": 3, "text": "Nothing relevant."},
    ]))
    return store


def test_glob_matches_with_context_and_provenance(filled):
    df = kwic(filled, "devol*", window=2)
    assert df.columns.tolist() == list(KWIC_COLUMNS)
    assert df[["sentence_id", "page_no", "from", "to", "pre", "keyword", "post"]].values.tolist() == [
        [0, 2, 5, 5, "wants to", "devolve", "budgets to"],
        [1, 3, 1, 1, "", "Devolution", "deals and"],
    ]
    assert df["title"].unique().tolist() == ["Plan"]


def test_multi_word_pattern_and_limit(filled):
    df = kwic(filled, "community right to *", window=1)
    assert df["keyword"].tolist() == ["Community Right to Bid"]
    assert len(kwic(filled, "devolv*", limit=1)) == 1


def test_no_match_gives_an_empty_table(filled):
    assert kwic(filled, "zebra*").empty


@pytest.mark.parametrize("pattern", ["*", "", "  "])
def test_pattern_must_have_letters(filled, pattern):
    with pytest.raises(UsageError):
        kwic(filled, pattern)
