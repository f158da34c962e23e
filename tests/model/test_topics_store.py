"""fit_topics on real stores: tables written, undated documents reported, runs recorded, frames joined."""

import json

import numpy as np
import pandas as pd
import pytest

from discourse.errors import UsageError
from discourse.model.topics import TopicModel
from discourse.model.topics_store import current_topic_run, fit_topics, read_topic_table
from discourse.store import open_store

from topics_corpus import fill

FAST = dict(min_topic_size=15, n_boot=200, seed=5)


@pytest.fixture(scope="module")
def fitted_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("topics") / "store.duckdb"
    store = open_store(path)
    fill(store, n_docs=40, per_doc=20, undated=3)
    summary = fit_topics(store, **FAST)
    yield store, summary
    store.close()


def test_summary_reports_counts_outliers_and_undated(fitted_store):
    _, s = fitted_store
    assert s["n_units"] == 800 and s["n_docs"] == 40 and s["n_fit"] == 800 and not s["sampled"]
    assert s["n_undated_docs"] == 3 and s["n_undated_units"] == 60
    assert 0 < s["outliers_before"] <= 1 and 0 <= s["outliers_after"] < s["outliers_before"]
    assert s["n_topics"] >= 5 and s["min_topic_size"] == 15
    assert s["classes"] == {"doc_type": 2, "actor": 3}
    assert s["frames"]["joined"] is False and "discourse tag" in s["frames"]["note"]
    assert -1 <= s["coherence"] <= 1 and 0 < s["diversity"] <= 1


def test_run_is_recorded_with_params_versions_and_summary(fitted_store):
    store, s = fitted_store
    run = store.runs().set_index("run_id").loc[s["run_id"]]
    assert run["command"] == "topics" and run["status"] == "ok"
    assert json.loads(run["params_json"])["seed"] == 5
    assert json.loads(run["versions_json"])["bertopic"]
    assert json.loads(run["summary_json"])["topic_run_id"] == s["topic_run_id"]
    row = current_topic_run(store)
    assert row["topic_run_id"] == s["topic_run_id"] and row["run_id"] == s["run_id"]
    assert row["n_undated_docs"] == 3 and row["outliers_after"] == pytest.approx(s["outliers_after"])
    assert json.loads(row["params_json"])["unit"] == "sentence"


def test_every_sentence_gets_a_topic(fitted_store):
    store, s = fitted_store
    a = read_topic_table(store, "topic_assignments")
    assert len(a) == 800 and a["in_fit"].all()
    assert set(a["topic_id"]) <= set(range(-1, s["n_topics"]))
    assert (a["topic_raw"] == -1).mean() == pytest.approx(s["outliers_before"])
    assert (a["topic_id"] == -1).mean() == pytest.approx(s["outliers_after"])
    moved = a[a["topic_raw"] != a["topic_id"]]
    assert (moved["topic_raw"] == -1).all()


def test_topics_table_keeps_topic_minus_one(fitted_store):
    store, s = fitted_store
    t = read_topic_table(store, "topics")
    assert t["topic_id"].min() == -1
    assert t.loc[t["topic_id"] == -1, "size_fit"].iloc[0] == round(800 * s["outliers_before"])
    assert t["size"].sum() == 800 and t["share"].sum() == pytest.approx(1.0)
    assert t.loc[t["topic_id"] >= 0, "top_terms"].map(len).min() >= 10
    assert t.loc[t["topic_id"] >= 0, "coherence"].between(-1, 1).all()


def test_over_time_is_plot_ready_and_leaves_out_undated(fitted_store):
    store, s = fitted_store
    over = read_topic_table(store, "topics_over_time")
    bins = sorted(over["bin"].unique())
    assert bins == [str(y) for y in range(2000, 2008)]
    assert len(over) == len(bins) * (s["n_topics"] + 1)  # every topic (and -1) in every bin
    per_bin = over.groupby("bin").agg(units=("n_units", "first"), total=("count", "sum"), share=("share", "sum"))
    assert (per_bin["units"] == per_bin["total"]).all()
    assert per_bin["units"].sum() == 800 - s["n_undated_units"]
    assert np.allclose(per_bin["share"], 1.0)
    ok = over.dropna(subset=["share_lo"])
    assert len(ok) == len(over)
    assert ((ok["share_lo"] <= ok["share"] + 1e-9) & (ok["share"] <= ok["share_hi"] + 1e-9)).all()
    assert over.loc[over["count"] > 0, "terms"].notna().all()
    assert str(over["bin_start"].dtype).startswith("datetime")


def test_per_class_for_doc_type_and_actor(fitted_store):
    store, s = fitted_store
    pc = read_topic_table(store, "topics_per_class")
    assert set(pc["class_var"]) == {"doc_type", "actor"}
    assert set(pc.loc[pc["class_var"] == "actor", "class_value"]) == {"north", "south", "east"}
    sums = pc.groupby(["class_var", "class_value"])["share"].sum()
    assert np.allclose(sums, 1.0)


def test_model_is_saved_and_reloads(fitted_store):
    store, s = fitted_store
    model = TopicModel.load(s["model_path"])
    assert model.n_topics_ == s["n_topics"]
    assert current_topic_run(store)["model_path"] == s["model_path"]


def test_same_store_and_seed_give_identical_assignments(fitted_store):
    store, s = fitted_store
    again = fit_topics(store, **FAST, save_model=False)
    a = read_topic_table(store, "topic_assignments", s["topic_run_id"])
    b = read_topic_table(store, "topic_assignments", again["topic_run_id"])
    assert again["topic_run_id"] != s["topic_run_id"]
    assert a["topic_id"].tolist() == b["topic_id"].tolist()
    assert a["topic_raw"].tolist() == b["topic_raw"].tolist()
    assert current_topic_run(store)["topic_run_id"] == again["topic_run_id"]
    assert again["model_path"] is None


def test_sampling_fits_on_part_and_assigns_the_rest(tmp_path):
    store = open_store(tmp_path / "s.duckdb")
    fill(store, n_docs=40, per_doc=20)
    s = fit_topics(store, **FAST, sample=400, by=[], save_model=False)
    a = read_topic_table(store, "topic_assignments")
    assert s["sampled"] and s["n_fit"] == 400 and a["in_fit"].sum() == 400
    assert len(a) == 800 and a["topic_id"].notna().all()
    assert current_topic_run(store)["sampled"]
    assert s["classes"] == {}
    store.close()


def test_paragraph_units_give_each_sentence_its_paragraph_topic(tmp_path):
    store = open_store(tmp_path / "p.duckdb")
    fill(store, n_docs=40, per_doc=20)
    s = fit_topics(store, **{**FAST, "min_topic_size": 10}, unit="paragraph", bin="quarter", save_model=False)
    assert s["n_units"] == 400 and s["unit"] == "paragraph"
    a = read_topic_table(store, "topic_assignments")
    assert len(a) == 800
    assert (a.groupby(["doc_id", "unit_id"])["topic_id"].nunique() == 1).all()
    assert (a.groupby(["doc_id", "unit_id"]).size() == 2).all()
    over = read_topic_table(store, "topics_over_time")
    assert over["bin"].str.match(r"^\d{4}-Q[1-4]$").all()
    store.close()


def _add_tag_tables(store, assignments):
    runs = ["20200101T000000-aaaaaa", "20300101T000000-bbbbbb", "20300101T000000-cccccc"]
    store.insert("tag_runs", pd.DataFrame({"tag_run_id": runs, "created_at": pd.to_datetime(
        ["2020-01-01", "2030-01-01", "2030-01-02"])}))
    sent = assignments[["doc_id", "sentence_id"]]
    old = sent.assign(tag_run_id="20200101T000000-aaaaaa", frame="ensuring")
    new = sent[sent["sentence_id"] % 2 == 0].assign(tag_run_id="20300101T000000-bbbbbb", frame="localism")
    store.insert("frames", pd.concat([old, new]))
    labels = np.where(assignments["sentence_id"] % 4 == 0, "resourced", "rhetoric")
    store.insert("commitments", sent.assign(tag_run_id="20300101T000000-cccccc", label=labels))


def test_topic_frames_join_the_newest_tag_runs(tmp_path):
    store = open_store(tmp_path / "f.duckdb")
    fill(store, n_docs=40, per_doc=20)
    sentences = store.sentences()
    _add_tag_tables(store, sentences)
    s = fit_topics(store, **FAST, by=[], save_model=False)
    assert s["frames"] == {"joined": True, "frames_run_id": "20300101T000000-bbbbbb",
                           "commitments_run_id": "20300101T000000-cccccc"}
    tf = read_topic_table(store, "topic_frames")
    assert set(tf["frame"]) == {"any", "localism"}  # the older run's 'ensuring' rows are not used
    anyf = tf[tf["frame"] == "any"]
    assert anyf["n_sentences"].sum() == 800
    assert anyf["count"].sum() == 400  # the even sentences carry localism
    assert anyf["resourced"].sum() == 200 and anyf["rhetoric"].sum() == 600
    loc = tf[tf["frame"] == "localism"]
    assert loc["resourced"].sum() == 200 and loc["rhetoric"].sum() == 200
    assert loc["resourcing_index"].dropna().between(0, 1).all()
    assert (tf["frames_run_id"] == "20300101T000000-bbbbbb").all()
    store.close()


def test_a_store_with_only_undated_documents_has_no_over_time_rows(tmp_path):
    store = open_store(tmp_path / "u.duckdb")
    fill(store, n_docs=40, per_doc=20, undated=40)
    s = fit_topics(store, **FAST, by=["doc_type"], save_model=False)
    assert s["n_undated_docs"] == 40
    assert store.count("topics_over_time") == 0
    assert store.count("topics_per_class") > 0
    store.close()


def test_failed_fit_is_recorded_as_failed(store):
    fill(store, n_docs=2, per_doc=5)
    with pytest.raises(UsageError, match="too few"):
        fit_topics(store, **FAST)
    run = store.runs().iloc[-1]
    assert run["command"] == "topics" and run["status"] == "failed"
    assert "too few" in json.loads(run["summary_json"])["error"]


@pytest.mark.parametrize(
    "kw, match",
    [
        ({"unit": "page"}, "unit must be one of"),
        ({"bin": "week"}, "bin must be one of"),
        ({"by": ["party"]}, "--by accepts"),
        ({"sample": 10}, "at least 100"),
        ({"n_boot": -1}, "n_boot"),
        ({"outlier_strategy": "x"}, "outlier_strategy"),
    ],
)
def test_bad_options_are_refused_before_any_work(store, kw, match):
    with pytest.raises(UsageError, match=match):
        fit_topics(store, **kw)
    assert store.runs().empty


def test_reading_topics_before_any_fit_is_a_clear_error(store):
    with pytest.raises(UsageError, match="discourse topics"):
        read_topic_table(store, "topics")
    with pytest.raises(UsageError, match="not a topic table"):
        read_topic_table(store, "sentences")
