import numpy as np
import pandas as pd
import pytest

from discourse.errors import UsageError
from discourse.model.topic_tables import (
    category_shares_ci,
    over_time_table,
    per_class_table,
    topic_frames_table,
)
from discourse.stats import grouped_ratio_ci


def _units(seed=0, n_docs=30, per_doc=12, n_topics=4):
    rng = np.random.default_rng(seed)
    rows = []
    for d in range(n_docs):
        bias = rng.integers(n_topics)
        for i in range(per_doc):
            topic = bias if rng.random() < 0.6 else rng.integers(n_topics)
            rows.append({"doc_id": f"d{d}", "unit_id": i, "topic_id": int(topic), "bin": f"{2000 + d % 3}",
                         "bin_start": pd.Timestamp(2000 + d % 3, 1, 1), "actor": ["a", "b", None][d % 3]})
    return pd.DataFrame(rows)


def test_shares_agree_with_grouped_ratio_ci():
    units = _units()
    ours = category_shares_ci(units, group="bin", cluster="doc_id", category="topic_id", n_boot=2000)
    grid = units.assign(one=1)
    rows = []
    for t in range(4):
        rows.append(grid.assign(topic=t, hit=(grid["topic_id"] == t).astype(int)))
    ref = grouped_ratio_ci(pd.concat(rows), by=["topic", "bin"], cluster="doc_id", num="hit", den="one",
                           n_boot=2000)
    merged = ours.merge(ref, left_on=["topic_id", "bin"], right_on=["topic", "bin"])
    assert len(merged) == 12
    assert np.allclose(merged["share"], merged["estimate"])
    assert (merged["n_clusters_x"] == merged["n_clusters_y"]).all()
    # same estimator, different random draws: the bounds agree to Monte Carlo error
    assert np.allclose(merged["share_lo"], merged["lo"], atol=0.03)
    assert np.allclose(merged["share_hi"], merged["hi"], atol=0.03)


def test_shares_of_a_group_sum_to_one_and_bracket_the_estimate():
    out = category_shares_ci(_units(), group="bin", cluster="doc_id", category="topic_id", n_boot=300)
    assert np.allclose(out.groupby("bin")["share"].sum(), 1.0)
    assert ((out["share_lo"] <= out["share"] + 1e-12) & (out["share"] <= out["share_hi"] + 1e-12)).all()


def test_shares_are_repeatable_with_the_seed():
    a = category_shares_ci(_units(), group="bin", cluster="doc_id", category="topic_id", n_boot=200, seed=4)
    b = category_shares_ci(_units(), group="bin", cluster="doc_id", category="topic_id", n_boot=200, seed=4)
    pd.testing.assert_frame_equal(a, b)


@pytest.mark.parametrize("n_boot", [0, 1, 50])
def test_one_document_groups_get_no_interval(n_boot):
    units = pd.DataFrame({"g": ["x"] * 3, "doc": ["d1"] * 3, "t": [0, 0, 1]})
    out = category_shares_ci(units, group="g", cluster="doc", category="t", n_boot=n_boot)
    assert out["share"].tolist() == pytest.approx([2 / 3, 1 / 3])
    assert out["share_lo"].isna().all()


def test_category_not_listed_is_refused():
    units = pd.DataFrame({"g": ["x"], "doc": ["d"], "t": [5]})
    with pytest.raises(UsageError, match="not among the categories"):
        category_shares_ci(units, group="g", cluster="doc", category="t", categories=[0, 1])


def test_over_time_has_every_topic_in_every_bin_and_skips_undated():
    units = _units()
    units.loc[units["doc_id"] == "d0", ["bin", "bin_start"]] = [None, pd.NaT]
    units.loc[units["bin"] == "2001", "topic_id"] = 0  # topics 1-3 absent from 2001
    out = over_time_table(units, [-1, 0, 1, 2, 3], n_boot=100)
    assert len(out) == 3 * 5
    zero = out[(out["bin"] == "2001") & (out["topic_id"] != 0)]
    assert (zero["count"] == 0).all() and (zero["share"] == 0).all()
    assert out.loc[out["bin"] == "2000", "n_units"].iloc[0] == 9 * 12  # d0 (undated) left out
    assert out["bin_start"].notna().all()
    assert list(out["bin"].unique()) == ["2000", "2001", "2002"]


def test_per_class_keeps_documents_without_the_variable_as_their_own_class():
    out = per_class_table(_units(), [0, 1, 2, 3], "actor", n_boot=50)
    assert set(out["class_var"]) == {"actor"}
    assert out["class_value"].isna().sum() == 4
    assert np.allclose(out.groupby(out["class_value"].fillna("none"))["share"].sum(), 1.0)


def test_per_class_unknown_variable_is_refused():
    with pytest.raises(UsageError, match="doc_type, actor"):
        per_class_table(_units(), [0], "party")


@pytest.fixture
def tagged():
    # 4 documents x 5 sentences; topic 0 holds sentences 0-2, topic 1 sentences 3-4
    assign = pd.DataFrame([(f"d{d}", s, 0 if s < 3 else 1) for d in range(4) for s in range(5)],
                          columns=["doc_id", "sentence_id", "topic_id"])
    frames = pd.DataFrame(
        [(f"d{d}", 0, "localism") for d in range(4)] + [(f"d{d}", 1, "localism") for d in range(2)]
        + [(f"d{d}", 1, "enabling") for d in range(4)] + [("d0", 3, "ensuring")],
        columns=["doc_id", "sentence_id", "frame"])
    labels = {0: "resourced", 1: "rhetoric", 2: "other", 3: "pledge", 4: "rhetoric"}
    commitments = pd.DataFrame([(f"d{d}", s, labels[s]) for d in range(4) for s in range(5)],
                               columns=["doc_id", "sentence_id", "label"])
    return assign, frames, commitments


def _row(df, topic, frame):
    return df[(df["topic_id"] == topic) & (df["frame"] == frame)].iloc[0]


def test_topic_frames_shares_and_resourcing_index(tagged):
    assign, frames, commitments = tagged
    out = topic_frames_table(assign, frames, commitments, n_boot=200)
    loc = _row(out, 0, "localism")
    assert loc["n_sentences"] == 12 and loc["count"] == 6 and loc["share"] == pytest.approx(0.5)
    # localism sentences of topic 0: 4 resourced (sentence 0), 2 rhetoric (sentence 1)
    assert loc["resourced"] == 4 and loc["rhetoric"] == 2
    assert loc["resourcing_index"] == pytest.approx(4 / 6)
    enab = _row(out, 0, "enabling")
    assert enab["share"] == pytest.approx(4 / 12) and enab["resourcing_index"] == pytest.approx(0.0)
    anyf = _row(out, 0, "any")
    assert anyf["count"] == 8  # sentences 0 (all docs) and 1 (all docs) carry a frame
    assert anyf["resourcing_index"] == pytest.approx(4 / 8)  # all of topic 0: 4 resourced, 4 rhetoric
    ens = _row(out, 1, "ensuring")
    assert ens["count"] == 1 and ens["resourcing_index"] == pytest.approx(0.0)
    assert _row(out, 1, "localism")["count"] == 0


def test_topic_frames_without_commitments_leaves_the_index_empty(tagged):
    assign, frames, _ = tagged
    out = topic_frames_table(assign, frames, None, n_boot=50)
    assert out["resourcing_index"].isna().all() and out["share"].notna().all()


def test_topic_frames_without_frames_still_gives_the_index(tagged):
    assign, _, commitments = tagged
    out = topic_frames_table(assign, None, commitments, n_boot=50)
    assert out["frame"].unique().tolist() == ["any"]
    assert out["share"].isna().all()
    assert _row(out, 1, "any")["resourcing_index"] == pytest.approx(0.0)  # 4 pledges, 4 rhetoric
    assert _row(out, 0, "any")["resourcing_index"] == pytest.approx(0.5)


def test_topic_frames_needs_one_of_the_tables(tagged):
    with pytest.raises(UsageError, match="frames or the commitments"):
        topic_frames_table(tagged[0], None, None)
