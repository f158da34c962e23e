"""The resourcing index, its document bootstrap, evidence tables and the store loader."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from discourse.errors import UsageError
from discourse.measure.resourcing import (
    ResourcingInputs,
    evidence,
    evidence_table,
    load_inputs,
    measure,
    resourcing_index,
    write_table,
)

# Three documents (2014, 2014, 2015) and the labels of their sentences.
#   d1 (plan, 2014-02): resourced, rhetoric, pledge, other
#   d2 (plan, 2014-08): rhetoric, rhetoric, resourced
#   d3 (budget, 2015-05): pledge, resourced
LABELS = {"d1": ["resourced", "rhetoric", "pledge", "other"], "d2": ["rhetoric", "rhetoric", "resourced"],
          "d3": ["pledge", "resourced"]}
DOCS = {"d1": ("2014-02-10", "plan", "Council A"), "d2": ("2014-08-01", "plan", "Council B"),
        "d3": ("2015-05-20", "budget", "Council A")}


def _inputs(frames: bool = True) -> ResourcingInputs:
    s_rows, c_rows = [], []
    for doc_id, labels in LABELS.items():
        date, doc_type, actor = DOCS[doc_id]
        for i, label in enumerate(labels):
            s_rows.append({"doc_id": doc_id, "sentence_id": i, "date": date, "doc_type": doc_type, "actor": actor,
                           "title": f"Title {doc_id}", "path": f"/docs/{doc_id}.pdf", "page_no": i + 1,
                           "text": f"Sentence {i} of {doc_id}."})
            ev = [{"label": "MONEY", "text": "£1m", "start_char": 0, "end_char": 3}] if label == "resourced" else []
            c_rows.append({"tag_run_id": "t1", "doc_id": doc_id, "sentence_id": i, "label": label, "score": 0.9,
                           "evidence_json": json.dumps(ev)})
    f = pd.DataFrame([
        ("d1", 0, "localism", False), ("d1", 1, "localism", False), ("d1", 1, "enabling", False),
        ("d2", 0, "localism", True), ("d2", 2, "localism", False), ("d3", 0, "enabling", False),
    ], columns=["doc_id", "sentence_id", "frame", "negated"]) if frames else None
    return ResourcingInputs(pd.DataFrame(s_rows), pd.DataFrame(c_rows), f, "t1")


def _row(df: pd.DataFrame, **keys) -> pd.Series:
    mask = pd.Series(True, index=df.index)
    for k, v in keys.items():
        mask &= df[k] == v
    (i,) = df.index[mask]
    return df.loc[i]


def test_counts_and_index_by_year():
    df = resourcing_index(_inputs(), by="year", n_boot=0)
    y14 = _row(df, year="2014")
    # 2014: d1 (1 resourced, 1 rhetoric, 1 pledge, 1 other) + d2 (2 rhetoric, 1 resourced)
    assert (y14.rhetoric, y14.pledge, y14.resourced, y14.other) == (3, 1, 2, 1)
    assert y14.commitments == 6 and y14.n_sentences == 7 and y14.n_documents == 2
    assert y14.resourcing_index == pytest.approx(2 / 6)
    assert y14.pledge_rate == pytest.approx(1 / 6)
    y15 = _row(df, year="2015")
    assert y15.resourcing_index == pytest.approx(1 / 2)


def test_a_sentence_with_two_frames_counts_in_both():
    df = resourcing_index(_inputs(), by="frame", n_boot=0)
    loc, ena = _row(df, frame="localism"), _row(df, frame="enabling")
    # localism: d1 s0 resourced, d1 s1 rhetoric, d2 s0 rhetoric, d2 s2 resourced
    assert (loc.resourced, loc.rhetoric, loc.pledge) == (2, 2, 0)
    assert loc.resourcing_index == pytest.approx(0.5)
    # enabling: d1 s1 rhetoric, d3 s0 pledge
    assert (ena.resourced, ena.rhetoric, ena.pledge) == (0, 1, 1)


def test_unframed_and_negated_options():
    df = resourcing_index(_inputs(), by="frame", n_boot=0, include_unframed=True)
    none = _row(df, frame="(none)")
    assert none.n_sentences == 9 - 5  # sentences with no frame row
    df = resourcing_index(_inputs(), by="frame", n_boot=0, exclude_negated=True)
    assert _row(df, frame="localism").rhetoric == 1


def test_several_keys_and_periods():
    df = resourcing_index(_inputs(), by=["doc_type", "quarter"], n_boot=0)
    assert set(zip(df.doc_type, df.quarter)) == {("plan", "2014-Q1"), ("plan", "2014-Q3"), ("budget", "2015-Q2")}
    df = resourcing_index(_inputs(), by="month,actor", n_boot=0)
    assert _row(df, month="2015-05", actor="Council A").resourced == 1


def test_one_overall_cell():
    df = resourcing_index(_inputs(), by=[], n_boot=0)
    assert len(df) == 1
    assert df.resourcing_index[0] == pytest.approx(3 / 8)


def test_bootstrap_resamples_documents():
    df = resourcing_index(_inputs(), by=[], n_boot=500, seed=1)
    est, lo, hi = df.resourcing_index[0], df.resourcing_lo[0], df.resourcing_hi[0]
    assert lo <= est <= hi
    # with three documents the resampled ratios can only take values of whole-document mixtures
    per_doc = {"d1": (1, 3), "d2": (1, 3), "d3": (1, 2)}
    assert lo >= min(r / c for r, c in per_doc.values()) - 1e-9
    assert hi <= max(r / c for r, c in per_doc.values()) + 1e-9
    again = resourcing_index(_inputs(), by=[], n_boot=500, seed=1)
    assert (again.resourcing_lo[0], again.resourcing_hi[0]) == (lo, hi)


def test_single_document_cells_have_no_interval():
    df = resourcing_index(_inputs(), by="year", n_boot=200)
    y15 = df[df.year == "2015"]
    assert y15.resourcing_lo.isna().all() and y15.resourcing_hi.isna().all()
    assert y15.resourcing_index.notna().all()


def test_cells_without_commitments_have_no_index():
    inp = _inputs()
    only_other = ResourcingInputs(inp.sentences, inp.commitments.assign(label="other"), inp.frames)
    df = resourcing_index(only_other, by="year", n_boot=0)
    assert df.commitments.tolist() == [0, 0]
    assert df.resourcing_index.isna().all()


@pytest.mark.parametrize("change, message", [
    (lambda i: ResourcingInputs(i.sentences, i.commitments.assign(label="maybe"), i.frames), "Unknown commitment"),
    (lambda i: ResourcingInputs(i.sentences, i.commitments.assign(
        tag_run_id=["t1", "t2"] * 4 + ["t1"]), i.frames), "several tag runs"),
    (lambda i: ResourcingInputs(i.sentences.drop(columns="date"), i.commitments, i.frames), "date"),
    (lambda i: ResourcingInputs(i.sentences, i.commitments.drop(columns="label"), i.frames), "label"),
])
def test_bad_inputs(change, message):
    with pytest.raises(UsageError, match=message):
        resourcing_index(change(_inputs()), by="year", n_boot=0)


def test_frame_grouping_needs_frames():
    with pytest.raises(UsageError, match="frames table"):
        resourcing_index(_inputs(frames=False), by="frame", n_boot=0)


def test_repeated_keys_are_refused():
    with pytest.raises(UsageError, match="repeat"):
        resourcing_index(_inputs(), by="year,year", n_boot=0)


def test_evidence_table_for_a_cell():
    df = evidence_table(_inputs(), {"frame": "localism", "year": 2014, "label": "resourced"})
    assert list(zip(df.doc_id, df.sentence_id)) == [("d1", 0), ("d2", 2)]
    assert df.evidence.tolist() == ["MONEY £1m", "MONEY £1m"]
    assert {"title", "path", "page_no", "text", "evidence_json"} <= set(df.columns)
    assert df.page_no.tolist() == [1, 3]


def test_evidence_table_filters_and_limit():
    df = evidence_table(_inputs(), {"doc_type": "plan"}, limit=3)
    assert len(df) == 3 and set(df.doc_type) == {"plan"}
    with pytest.raises(UsageError, match="label must be one of"):
        evidence_table(_inputs(), {"label": "maybe"})


def test_write_table(tmp_path):
    df = resourcing_index(_inputs(), by="year", n_boot=0)
    assert pd.read_csv(write_table(df, tmp_path / "ri.csv")).shape == df.shape
    assert pd.read_parquet(write_table(df, tmp_path / "ri.parquet")).shape == df.shape
    with pytest.raises(UsageError, match=".csv or .parquet"):
        write_table(df, tmp_path / "ri.xlsx")


# -- from a store ---------------------------------------------------------------------------------------------
def fill_store(store, *, frames: bool = True, runs: tuple[str, ...] = ("t1",)) -> None:
    """Documents, sentences and commitments (and a frames table) as the tag stage writes them."""
    inp = _inputs()
    docs = pd.DataFrame([{"doc_id": d, "sha256": d * 8, "path": f"/docs/{d}.pdf", "title": f"Title {d}",
                          "date": pd.Timestamp(DOCS[d][0]).date(), "doc_type": DOCS[d][1], "actor": DOCS[d][2],
                          "status": "ok"} for d in DOCS])
    with store.transaction():
        store.insert("documents", docs)
        store.insert("sentences", inp.sentences[["doc_id", "sentence_id", "page_no", "text"]])
        for run in runs:
            store.insert("commitments", inp.commitments.assign(tag_run_id=run))
        if frames:
            f = inp.frames.assign(tag_run_id=runs[-1], subframe="x", score=1.0)  # noqa: F841 (read by DuckDB)
            store.con.execute("INSERT INTO frames SELECT tag_run_id, doc_id, sentence_id, frame, subframe, [], "
                              "negated, score FROM f")


def test_load_inputs_and_measure_from_a_store(store):
    fill_store(store)
    inp = load_inputs(store)
    assert inp.tag_run_id == "t1" and len(inp.commitments) == 9 and inp.frames is not None
    df = measure(store, "frame,year", n_boot=0)
    assert _row(df, frame="localism", year="2014").resourced == 2


def test_the_newest_tag_run_is_measured(store):
    fill_store(store, runs=("20250101T000000-a", "20250301T000000-b"))
    assert load_inputs(store).tag_run_id == "20250301T000000-b"
    assert load_inputs(store, tag_run_id="20250101T000000-a").tag_run_id == "20250101T000000-a"


def test_evidence_from_a_store(store):
    fill_store(store)
    df = evidence(store, {"frame": "enabling", "label": "pledge"})
    assert df[["doc_id", "sentence_id", "title", "path"]].values.tolist() == [["d3", 0, "Title d3", "/docs/d3.pdf"]]


def test_store_without_commitments(store):
    with pytest.raises(UsageError, match="discourse tag"):
        load_inputs(store)


def test_unknown_tag_run(store):
    fill_store(store)
    with pytest.raises(UsageError, match="no commitments for tag run"):
        load_inputs(store, tag_run_id="nope")


def test_money_counts_only_resourced_money_into_the_authors_action():
    import json

    from discourse.measure.resourcing import money_committed

    def ev(*spans):
        return json.dumps([{"label": "MONEY", "currency": c, "value": v, "role": r} for v, c, r in spans])

    s = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "sentence_id": [0, 1, 0, 1]})
    c = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "sentence_id": [0, 1, 0, 1],
                      "label": ["resourced", "pledge", "resourced", "resourced"],
                      "evidence_json": [ev((2e6, "GBP", "into_action"), (9e9, "GBP", "yield")),
                                        ev((5e6, "GBP", "into_action")),  # a pledge: not committed money
                                        ev((1e6, "GBP", "into_action"), (3e5, "EUR", "into_action")),
                                        "not json"]})
    f = pd.DataFrame({"doc_id": ["a", "a", "b", "b"], "sentence_id": [0, 1, 0, 0],
                      "frame": ["localism", "localism", "localism", "enabling"]})
    m = money_committed(ResourcingInputs(s, c, f), by="frame").set_index(["frame", "currency"])
    assert m.loc[("localism", "GBP"), "amount"] == 3e6 and m.loc[("localism", "GBP"), "n_documents"] == 2
    assert m.loc[("localism", "EUR"), "amount"] == 3e5  # currencies are never added together
    assert m.loc[("enabling", "GBP"), "amount"] == 1e6  # a sentence with two frames counts in both
    assert len(m) == 4
