"""The BERTopic adapter: real BERTopic, UMAP and HDBSCAN on a small synthetic corpus.

One model is fitted per module (numba compiles UMAP on first use in a process);
the tests share it and fit again only where fitting is what they test.
"""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from sklearn.exceptions import NotFittedError

from discourse.errors import MissingExtraError, ModelError, UsageError
from discourse.model.embeddings import hub_offline, make_embedding_model, ppmi_sif_pipeline, tfidf_svd_pipeline
from discourse.model.topics import TopicModel, auto_min_topic_size

from topics_corpus import THEMES, corpus, with_boilerplate

TEXTS = corpus(n_docs=40, per_doc=20)[2]["text"].tolist()
PARAMS = dict(min_topic_size=15, seed=3)


@pytest.fixture(scope="module")
def fitted():
    model = TopicModel(**PARAMS)
    topics, probs = model.fit_transform(TEXTS)
    return model, topics, probs


def test_init_only_stores_parameters():
    model = TopicModel(min_topic_size=7, seed=2)
    assert model.get_params()["min_topic_size"] == 7
    assert not hasattr(model, "model_")


def test_use_before_fit_is_refused():
    with pytest.raises(NotFittedError):
        TopicModel().transform(["a text"])


def test_fit_finds_the_themes(fitted):
    model, topics, probs = fitted
    assert model.n_topics_ >= len(THEMES) - 1
    assert len(topics) == len(TEXTS) == len(probs)
    assert set(np.unique(topics)) <= set(range(-1, model.n_topics_))
    words = {w for terms in model.topic_terms().values() for w in terms[:3]}
    for theme, vocab in THEMES.items():
        assert words & set(vocab), f"no topic found for {theme}"


def test_topics_are_pure_on_the_synthetic_themes(fitted):
    model, topics, _ = fitted
    theme_of = {w: t for t, ws in THEMES.items() for w in ws}
    for topic, terms in model.topic_terms(5).items():
        if topic == -1:
            continue
        themes = {theme_of[w] for term in terms for w in term.split() if w in theme_of}
        assert len(themes) == 1, f"topic {topic} mixes {themes}: {terms}"


def test_same_seed_gives_identical_assignments_in_one_process(fitted):
    _, topics, _ = fitted
    again, _ = TopicModel(**PARAMS).fit_transform(TEXTS)
    assert np.array_equal(topics, again)


def _blas_threads() -> set[int]:
    from threadpoolctl import threadpool_info

    return {p["num_threads"] for p in threadpool_info() if p["user_api"] == "blas"}


def test_blas_runs_on_one_thread_while_fitting_and_assigning(monkeypatch):
    # The BLAS thread count changes the topics (152 or 165 on the Kent sentences
    # with 1 or 2 OpenBLAS threads): the fit must not depend on the machine's cores.
    if max(_blas_threads(), default=1) == 1:
        pytest.skip("BLAS runs on one thread here anyway: nothing to hold back")
    from discourse.model.seeded_umap import SeededUMAP

    seen = []
    fit, transform = SeededUMAP.fit, SeededUMAP.transform
    monkeypatch.setattr(SeededUMAP, "fit", lambda self, *a, **k: (seen.append(_blas_threads()), fit(self, *a, **k))[1])
    monkeypatch.setattr(SeededUMAP, "transform",
                        lambda self, *a, **k: (seen.append(_blas_threads()), transform(self, *a, **k))[1])
    model = TopicModel(**PARAMS)
    model.fit(TEXTS[:200])
    model.transform(TEXTS[:5])
    assert seen == [{1}, {1}]
    assert max(_blas_threads()) > 1  # and the caller's setting comes back


@pytest.mark.slow
def test_same_seed_gives_identical_assignments_across_processes(fitted, tmp_path):
    _, topics, _ = fitted
    out = tmp_path / "topics.npy"
    here = Path(__file__).parent
    code = textwrap.dedent(f"""
        import sys; sys.path.insert(0, {str(here)!r})
        import numpy as np
        from topics_corpus import corpus
        from discourse.model.topics import TopicModel
        texts = corpus(n_docs=40, per_doc=20)[2]["text"].tolist()
        np.save({str(out)!r}, TopicModel(**{PARAMS!r}).fit_transform(texts)[0])
    """)
    subprocess.run([sys.executable, "-c", code], check=True, timeout=600)
    assert np.array_equal(topics, np.load(out))


@pytest.mark.slow
def test_repeated_units_give_identical_assignments_across_fresh_processes(tmp_path):
    """Regression: identical units made UMAP's spectral start, and so the topics, differ by process."""
    here = Path(__file__).parent
    code = textwrap.dedent(f"""
        import sys; sys.path.insert(0, {str(here)!r})
        import numpy as np
        from topics_corpus import corpus, with_boilerplate
        from discourse.model.topics import TopicModel
        texts = with_boilerplate(corpus(n_docs=40, per_doc=20)[2]["text"].tolist())
        np.save(sys.argv[1], TopicModel(**{PARAMS!r}).fit_transform(texts)[0])
    """)
    outs = [tmp_path / f"topics-{i}.npy" for i in range(2)]
    procs = [subprocess.Popen([sys.executable, "-c", code, str(out)]) for out in outs]
    assert [p.wait(timeout=600) for p in procs] == [0, 0]
    first, second = (np.load(out) for out in outs)
    assert len(first) == len(with_boilerplate(TEXTS))
    assert np.array_equal(first, second)


def test_transform_assigns_new_texts_to_the_fitted_topics(fitted):
    model, topics, _ = fitted
    new, probs = model.transform(TEXTS[:50])
    assert new.shape == (50,) and probs.shape == (50,)
    both = (new != -1) & (topics[:50] != -1)
    assert both.any()
    assert np.array_equal(new[both], topics[:50][both])
    # HDBSCAN's approximate prediction leaves more new points as outliers; after reduction they agree
    reduced_new = model.reduce_outliers(TEXTS[:50], new)
    reduced_fit = model.reduce_outliers(TEXTS, topics)[:50]
    assert (reduced_new == reduced_fit).mean() >= 0.9


def test_transform_of_nothing_is_empty(fitted):
    new, probs = fitted[0].transform([])
    assert len(new) == 0 and len(probs) == 0


def test_reduce_outliers_moves_units_out_of_minus_one(fitted):
    model, topics, _ = fitted
    assert (topics == -1).any(), "the synthetic corpus should leave some outliers"
    reduced = model.reduce_outliers(TEXTS, topics)
    assert (reduced == -1).sum() < (topics == -1).sum()
    kept = topics != -1
    assert np.array_equal(reduced[kept], topics[kept])


@pytest.mark.parametrize(
    "strategy, threshold, fewer",
    [("c-tf-idf", 0.0, True), ("embeddings", 0.0, True), ("c-tf-idf", 1.01, False), ("none", 0.0, False)],
)
def test_outlier_strategies_and_threshold(fitted, strategy, threshold, fewer):
    model, topics, _ = fitted
    other = TopicModel(**PARAMS, outlier_strategy=strategy, outlier_threshold=threshold)
    other.model_ = model.model_
    reduced = other.reduce_outliers(TEXTS, topics)
    assert bool((reduced == -1).sum() < (topics == -1).sum()) == fewer
    assert np.array_equal(reduced[topics != -1], topics[topics != -1])


def test_reduce_outliers_needs_one_topic_per_text(fitted):
    model, topics, _ = fitted
    with pytest.raises(UsageError, match="one topic per text"):
        model.reduce_outliers(TEXTS[:5], topics)


def test_topic_info_lists_terms_labels_and_sizes(fitted):
    model, topics, _ = fitted
    info = model.topic_info()
    assert list(info.columns) == ["topic_id", "label", "top_terms", "size"]
    assert info["size"].sum() == len(TEXTS)
    real = info[info["topic_id"] >= 0]
    assert (real["top_terms"].map(len) > 5).all()
    assert real["label"].iloc[0] == "_".join(real["top_terms"].iloc[0][:4])
    if (topics == -1).any():
        assert info.loc[info["topic_id"] == -1, "label"].iloc[0].startswith("outliers: ")


def test_bin_terms_gives_terms_per_topic_and_group(fitted):
    model, topics, _ = fitted
    groups = ["early" if i < 400 else "late" for i in range(len(TEXTS))]
    out = model.bin_terms(TEXTS, topics, groups)
    assert set(out["group"]) == {"early", "late"}
    assert set(out["topic_id"]) <= set(np.unique(topics))
    assert out["terms"].str.len().gt(0).all()


def test_save_and_load_give_the_same_assignments(fitted, tmp_path):
    model, _, _ = fitted
    path = model.save(tmp_path / "m" / "topics.joblib")
    assert path.with_suffix(".joblib.json").exists()
    loaded = TopicModel.load(path)
    assert np.array_equal(loaded.transform(TEXTS[:40])[0], model.transform(TEXTS[:40])[0])
    assert loaded.get_params() == model.get_params()


def test_saved_model_pickles_no_torch(fitted, tmp_path):
    path = fitted[0].save(tmp_path / "t.joblib")
    code = f"import sys, joblib; joblib.load({str(path)!r}); print('torch' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("content, match", [(None, "No topic model"), (b"not a model", "Cannot read")])
def test_loading_a_bad_file_is_a_model_error(tmp_path, content, match):
    path = tmp_path / "bad.joblib"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ModelError, match=match):
        TopicModel.load(path)


def test_loading_a_model_from_another_bertopic_version_is_refused(fitted, tmp_path):
    model = fitted[0]
    path = model.save(tmp_path / "old.joblib")
    import joblib

    old = joblib.load(path)
    old.versions_ = {**old.versions_, "bertopic": "0.0.1"}
    joblib.dump(old, path)
    with pytest.raises(ModelError, match="bertopic 0.0.1"):
        TopicModel.load(path)


@pytest.mark.parametrize(
    "params, match",
    [
        ({"outlier_strategy": "nearest"}, "outlier_strategy"),
        ({"min_topic_size": 1}, "min_topic_size"),
        ({"cluster_selection": "best"}, "cluster_selection"),
        ({"seed_topic_list": [[]]}, "seed_topic_list"),
        ({"min_topic_size": 500}, "too few"),
    ],
)
def test_bad_parameters_are_refused_before_fitting(params, match):
    with pytest.raises(UsageError, match=match):
        TopicModel(**params).fit(TEXTS)


def test_a_single_string_is_refused():
    with pytest.raises(UsageError, match="list of texts"):
        TopicModel().fit("one text")


def test_guided_topics_run_with_seed_terms():
    seeds = [["devolution", "localism", "councils"], ["volunteers", "charities"]]
    model = TopicModel(**PARAMS, seed_topic_list=seeds)
    topics, _ = model.fit_transform(TEXTS)
    assert model.model_.seed_topic_list == seeds
    assert model.n_topics_ >= 2 and len(topics) == len(TEXTS)


@pytest.mark.parametrize("size, expected", [(100, 10), (600, 20), (5_000, 30), (40_000, 80), (100_000, 200)])
def test_auto_min_topic_size(size, expected):
    assert auto_min_topic_size(size) == expected


@pytest.mark.parametrize("factory", [ppmi_sif_pipeline, tfidf_svd_pipeline])
def test_offline_embeddings_are_deterministic_and_normalised(factory):
    a = factory(seed=1).fit_transform(TEXTS)
    b = factory(seed=1).fit_transform(TEXTS)
    assert np.array_equal(a, b)
    norms = np.linalg.norm(a, axis=1)
    assert np.allclose(norms[norms > 0], 1.0, atol=1e-5)


def test_sif_embedding_puts_same_theme_units_closer():
    emb = ppmi_sif_pipeline(seed=0).fit(TEXTS)
    housing = emb.transform(["Affordable homes for tenants.", "Rent and mortgage help for homes."])
    other = emb.transform(["Nurses and doctors in hospitals."])
    assert housing[0] @ housing[1] > housing[0] @ other[0]


def test_embedding_with_too_few_terms_is_a_model_error():
    with pytest.raises(ModelError, match="too few"):
        ppmi_sif_pipeline(min_df=1).fit(["homes", "homes"])


@pytest.mark.parametrize("spec", ["word2vec", "sentence-transformers:"])
def test_unknown_embedding_spec_is_refused(spec):
    with pytest.raises(UsageError):
        make_embedding_model(spec)


def test_sentence_transformers_backend_names_the_extra_when_missing():
    pytest.importorskip("bertopic")
    try:
        import sentence_transformers  # noqa: F401
    except ImportError:
        with pytest.raises(MissingExtraError, match=r"discourse\[embeddings\]"):
            make_embedding_model("sentence-transformers:all-MiniLM-L6-v2")
    else:
        pytest.skip("sentence-transformers is installed here; the missing-extra path cannot be exercised")


def test_hub_offline_sets_and_restores_the_environment(monkeypatch):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "0")
    with hub_offline():
        assert os.environ["HF_HUB_OFFLINE"] == "1"
        assert os.environ["TRANSFORMERS_OFFLINE"] == "0"  # the user's choice is kept
    assert "HF_HUB_OFFLINE" not in os.environ


def test_fitting_sets_versions_for_the_run_record(fitted):
    versions = fitted[0].versions_
    assert versions["bertopic"] and versions["umap-learn"] and versions["hdbscan"]


def test_topic_terms_are_unigrams_and_bigrams_without_stop_words(fitted):
    terms = [t for ts in fitted[0].topic_terms().values() for t in ts]
    assert any(" " in t for t in terms)
    assert not any(w in {"the", "and", "for", "we"} for t in terms for w in t.split())
    assert max(len(t.split()) for t in terms) == 2


def test_probabilities_are_between_zero_and_one(fitted):
    probs = pd.Series(fitted[2])
    assert probs.between(0, 1).all()
