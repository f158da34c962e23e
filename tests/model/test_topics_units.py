import numpy as np
import pandas as pd
import pytest

from discourse.errors import UsageError
from discourse.model.units import load_units, stratified_sample, time_bins

from topics_corpus import corpus, fill


@pytest.mark.parametrize(
    "bin, date, label, start",
    [
        ("year", "2019-08-14", "2019", "2019-01-01"),
        ("quarter", "2019-08-14", "2019-Q3", "2019-07-01"),
        ("month", "2019-08-14", "2019-08", "2019-08-01"),
        ("decade", "2019-08-14", "2010s", "2010-01-01"),
        ("decade", "1911-02-06", "1910s", "1910-01-01"),
    ],
)
def test_time_bins(bin, date, label, start):
    out = time_bins(pd.Series(pd.to_datetime([date])), bin)
    assert out["bin"].tolist() == [label]
    assert out["bin_start"].iloc[0] == pd.Timestamp(start)


@pytest.mark.parametrize("bin", ["year", "quarter", "month", "decade"])
def test_missing_dates_get_no_bin(bin):
    out = time_bins(pd.Series(pd.to_datetime(["2001-03-01", None])), bin)
    assert out["bin"].iloc[1] is None
    assert pd.isna(out["bin_start"].iloc[1])


def test_unknown_bin_is_refused():
    with pytest.raises(UsageError, match="bin must be one of"):
        time_bins(pd.Series(pd.to_datetime(["2001-01-01"])), "week")


def test_stratified_sample_is_proportional_and_repeatable():
    strata = ["1990"] * 600 + ["2000"] * 300 + [None] * 100
    a = stratified_sample(strata, 100, seed=3)
    b = stratified_sample(strata, 100, seed=3)
    assert np.array_equal(a, b)
    assert len(a) == 100 and len(set(a)) == 100
    picked = pd.Series(strata, dtype=object).iloc[a]
    assert (picked == "1990").sum() == 60 and (picked == "2000").sum() == 30 and picked.isna().sum() == 10


def test_stratified_sample_changes_with_the_seed():
    strata = ["x"] * 500
    assert not np.array_equal(stratified_sample(strata, 50, seed=1), stratified_sample(strata, 50, seed=2))


def test_stratified_sample_larger_than_the_data_takes_everything():
    assert stratified_sample(["a", "b"], 10).tolist() == [0, 1]


def test_sentence_units_are_the_sentences_with_docvars(store):
    fill(store, n_docs=4, per_doc=6)
    units = load_units(store, "sentence")
    assert len(units) == 24
    assert list(units.table.columns) == ["doc_id", "unit_id", "text", "date", "doc_type", "actor"]
    assert (units.members["unit_id"] == units.members["sentence_id"]).all()


def test_paragraph_units_follow_the_lines_of_the_page(store):
    fill(store, n_docs=4, per_doc=6)  # the corpus puts two sentences on each line
    units = load_units(store, "paragraph")
    assert len(units) == 12
    first = units.members[units.members["doc_id"] == units.table["doc_id"].iloc[0]]
    assert first["unit_id"].tolist() == [0, 0, 1, 1, 2, 2]
    _, _, sents = corpus(n_docs=4, per_doc=6)
    doc = sents[sents["doc_id"] == units.table["doc_id"].iloc[0]].sort_values("sentence_id")
    assert units.table["text"].iloc[0] == " ".join(doc["text"].iloc[:2])


def test_paragraph_units_need_the_pages(store):
    docs, _, sents = corpus(n_docs=2, per_doc=4)
    store.insert("documents", docs)
    store.insert("sentences", sents)
    with pytest.raises(UsageError, match="use --unit sentence"):
        load_units(store, "paragraph")


def test_only_ok_documents_are_modelled(store):
    docs, pages, sents = corpus(n_docs=3, per_doc=4)
    docs.loc[0, "status"] = "corrupt"
    store.insert("documents", docs)
    store.insert("sentences", sents)
    assert load_units(store).table["doc_id"].nunique() == 2


def test_empty_store_is_a_clear_error(store):
    with pytest.raises(UsageError, match="no sentences to model"):
        load_units(store)


def test_unknown_unit_is_refused(store):
    with pytest.raises(UsageError, match="unit must be one of"):
        load_units(store, "page")
