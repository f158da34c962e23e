"""Stratified, seeded samples for hand coding."""

import pandas as pd
import pytest

from discourse.errors import UsageError
from discourse.measure.sample import allocate, sample
from discourse.tag import tag_store


@pytest.mark.parametrize(
    "sizes, n, expected",
    [
        ({"a": 100, "b": 3, "c": 50}, 30, {"a": 14, "b": 3, "c": 13}),
        ({"a": 5, "b": 5}, 20, {"a": 5, "b": 5}),
        ({"a": 10, "b": 10, "c": 10}, 7, {"a": 3, "b": 2, "c": 2}),
        ({"a": 0, "b": 4}, 3, {"a": 0, "b": 3}),
    ],
)
def test_allocate(sizes, n, expected):
    assert allocate(sizes, n) == expected


@pytest.fixture
def tagged(store):
    texts = (["We will devolve powers to councils."] * 5 + ["Volunteers run the library."] * 5
             + ["The minutes were agreed."] * 30)
    docs = pd.DataFrame([{"doc_id": f"d{i % 4}", "sha256": f"{i % 4}" * 64, "status": "ok", "title": f"T{i % 4}",
                          "doc_type": "plan" if i % 2 else "budget"} for i in range(4)])
    store.insert("documents", docs)
    store.insert("sentences", pd.DataFrame([{"doc_id": f"d{i % 4}", "sentence_id": i, "page_no": 1 + i % 3,
                                             "text": t} for i, t in enumerate(texts)]))
    tag_store(store)
    return store


def test_frame_strata_are_equally_allocated_and_weighted(tagged):
    df = sample(tagged, 12, stratify="frame", seed=1)
    assert df["stratum"].value_counts().to_dict() == {"none": 4, "localism": 4, "enabling": 4}
    assert df.groupby("stratum")["weight"].first().to_dict() == {"enabling": 5 / 4, "localism": 5 / 4, "none": 30 / 4}
    assert df["weight"].sum() == pytest.approx(40)


def test_gold_layout_with_empty_labels_and_provenance(tagged):
    df = sample(tagged, 5, seed=0)
    assert df.columns.tolist()[:8] == ["id", "text", "localism", "enabling", "ensuring", "commitment", "noisy", "note"]
    assert (df[["localism", "enabling", "ensuring", "commitment", "noisy", "note"]] == "").all().all()
    assert {"doc_id", "sentence_id", "page_no", "path", "title"} <= set(df.columns)
    assert df["id"].tolist() == (df["doc_id"] + ":" + df["sentence_id"].astype(str)).tolist()


def test_seeded_and_reproducible(tagged):
    a, b, c = (sample(tagged, 9, seed=s) for s in (7, 7, 8))
    assert a["id"].tolist() == b["id"].tolist()
    assert a["id"].tolist() != c["id"].tolist()


def test_crossed_strata_and_no_strata(tagged):
    crossed = sample(tagged, 40, stratify="frame,doc_type")
    assert set(crossed["stratum"]) <= {f"{f}|{t}" for f in ("none", "localism", "enabling") for t in ("plan", "budget")}
    assert len(sample(tagged, 100, stratify="none")) == 40


def test_errors(store, tagged):
    with pytest.raises(UsageError, match="choose from"):
        sample(tagged, 5, stratify="colour")
    with pytest.raises(UsageError, match="at least 1"):
        sample(tagged, 0)


def test_frame_strata_need_a_tag_run(store):
    store.insert("documents", pd.DataFrame([{"doc_id": "d", "sha256": "d" * 64, "status": "ok"}]))
    store.insert("sentences", pd.DataFrame([{"doc_id": "d", "sentence_id": 0, "text": "x"}]))
    with pytest.raises(UsageError, match="discourse tag"):
        sample(store, 1)
