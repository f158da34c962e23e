"""The topics stage: fit topics on a store's units and write the topic tables.

:func:`fit_topics` reads sentences (or paragraphs) with their document
variables, fits :class:`~discourse.model.topics.TopicModel` (on a stratified
sample by time bin when the corpus is large, assigning the rest with
``transform``), reduces outliers, and writes in one transaction:
``topic_runs``, ``topics``, ``topic_assignments``, ``topics_over_time``,
``topics_per_class`` and, when the frames or commitments tables exist,
``topic_frames``. Every fit is a new ``topic_run_id``; the newest is current.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import time
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd

from discourse.errors import UsageError
from discourse.model.quality import npmi_coherence, reference_vectorizer, topic_diversity
from discourse.model.topic_tables import over_time_table, per_class_table, topic_frames_table
from discourse.model.topics import OUTLIER_STRATEGIES, TopicModel
from discourse.model.units import BINS, UNITS, load_units, stratified_sample, time_bins

__all__ = ["fit_topics", "current_topic_run", "read_topic_table", "CLASS_VARS", "DEFAULT_SAMPLE"]

log = logging.getLogger(__name__)

CLASS_VARS: tuple[str, ...] = ("doc_type", "actor")
#: Largest number of units fitted; larger corpora are sampled by time bin and the rest assigned.
DEFAULT_SAMPLE = 40_000
_TOPIC_TABLES = ("topics", "topic_assignments", "topics_over_time", "topics_per_class", "topic_frames")


def _check_options(unit: str, bin: str, by: Sequence[str], sample: int | None, n_boot: int,
                   outlier_strategy: str) -> None:
    if unit not in UNITS:
        raise UsageError(f"unit must be one of {', '.join(UNITS)}, got {unit!r}.")
    if bin not in BINS:
        raise UsageError(f"bin must be one of {', '.join(BINS)}, got {bin!r}.")
    bad = [b for b in by if b not in CLASS_VARS]
    if bad:
        raise UsageError(f"--by accepts {', '.join(CLASS_VARS)}; got {', '.join(bad)}.")
    if sample is not None and sample < 100:
        raise UsageError(f"sample must be at least 100 units (or 0 for no sampling), got {sample}.")
    if n_boot < 0:
        raise UsageError(f"n_boot must be 0 or more, got {n_boot}.")
    if outlier_strategy not in OUTLIER_STRATEGIES:
        raise UsageError(f"outlier_strategy must be one of {', '.join(OUTLIER_STRATEGIES)}, got {outlier_strategy!r}.")


def fit_topics(
    store,
    *,
    unit: str = "sentence",
    bin: str = "year",
    by: Sequence[str] = CLASS_VARS,
    min_topic_size: int | None = None,
    seed: int = 0,
    sample: int | None = DEFAULT_SAMPLE,
    embedding: str = "ppmi-sif",
    seed_topic_list: list[list[str]] | None = None,
    outlier_strategy: str = "c-tf-idf",
    outlier_threshold: float = 0.05,
    n_boot: int = 1000,
    save_model: bool = True,
    model_dir: str | Path | None = None,
    run_id: str | None = None,
) -> dict[str, Any]:
    """Fit topics on the store's units and write the topic tables.

    Parameters
    ----------
    store : CorpusStore
        Opened for writing.
    unit : {"sentence", "paragraph"}, default "sentence"
        What one modelled text is.
    bin : {"year", "quarter", "month", "decade"}, default "year"
        Time bins of ``topics_over_time`` (and the strata of the fitting sample).
    by : sequence of {"doc_type", "actor"}
        Document variables for ``topics_per_class``; a variable no document has is skipped and reported.
    min_topic_size : int, optional
        Smallest topic in units; default :func:`~discourse.model.topics.auto_min_topic_size` of the fitted units.
    seed : int, default 0
        Seeds the embedding, UMAP, the sample and the bootstrap: same input + parameters + seed,
        same assignments.
    sample : int or None, default 40000
        Fit on at most this many units (a sample stratified by time bin) and assign the rest
        with ``transform``; None or 0 fits on every unit.
    embedding : str, default "ppmi-sif"
        Embedding backend (see :mod:`discourse.model.embeddings`).
    seed_topic_list : list of list of str, optional
        Guided topics: seed terms per topic (e.g. built from the codebook's frames).
    outlier_strategy : {"c-tf-idf", "embeddings", "none"}, default "c-tf-idf"
        How topic -1 units are reassigned.
    outlier_threshold : float, default 0.05
        Smallest similarity for a reassignment; units below it stay in topic -1.
    n_boot : int, default 1000
        Bootstrap replicates of the share intervals (documents resampled); 0 for none.
    save_model : bool, default True
        Save the fitted model under ``model_dir``.
    model_dir : path, optional
        Where models go; default ``models/`` beside the store file.
    run_id : str, optional
        A run already started by the caller (``discourse run``); by default this starts and
        finishes its own ``topics`` run.

    Returns
    -------
    dict
        Summary: ``topic_run_id``, ``run_id``, counts (units, documents, fitted units,
        topics, undated documents and units), ``outliers_before``/``outliers_after``,
        ``coherence``, ``diversity``, the classes and frames joined, ``model_path`` and timings.

    Raises
    ------
    UsageError
        A parameter is not allowed or the store has no sentences.
    ModelError
        The model cannot be fitted on these units.
    """
    by = list(dict.fromkeys(by))
    _check_options(unit, bin, by, sample or None, n_boot, outlier_strategy)
    params = {
        "unit": unit, "bin": bin, "by": by, "min_topic_size": min_topic_size, "seed": seed,
        "sample": sample or None, "embedding": embedding, "seed_topic_list": seed_topic_list,
        "outlier_strategy": outlier_strategy, "outlier_threshold": outlier_threshold, "n_boot": n_boot,
    }
    own_run = run_id is None
    if own_run:
        run_id = store.start_run("topics", params)
    try:
        summary = _fit_and_write(store, run_id, params, save_model=save_model, model_dir=model_dir)
    except BaseException as e:
        if own_run:
            store.finish_run(run_id, "failed", {"error": f"{type(e).__name__}: {e}"})
        raise
    if own_run:
        store.finish_run(run_id, "ok", summary)
    return summary


def _fit_and_write(store, run_id: str, params: dict, *, save_model: bool, model_dir) -> dict[str, Any]:
    from discourse.store import new_run_id

    t0 = time.perf_counter()
    timings: dict[str, float] = {}
    units = load_units(store, params["unit"])
    table = units.table.reset_index(drop=True)
    table = pd.concat([table, time_bins(table["date"], params["bin"])], axis=1)
    texts = table["text"].tolist()
    timings["load"] = time.perf_counter() - t0

    model = TopicModel(
        params["embedding"], min_topic_size=params["min_topic_size"], seed_topic_list=params["seed_topic_list"],
        outlier_strategy=params["outlier_strategy"], outlier_threshold=params["outlier_threshold"],
        seed=params["seed"],
    )
    fit_idx = _fit_index(table, params)
    raw, probs = _fit_assign(model, texts, fit_idx, timings)
    t = time.perf_counter()
    final = model.reduce_outliers(texts, raw)
    timings["outliers"] = time.perf_counter() - t
    table["topic_id"], table["topic_raw"], table["prob"] = final, raw, np.nan_to_num(probs)
    table["in_fit"] = np.isin(np.arange(len(table)), fit_idx)

    topic_run_id = new_run_id()
    t = time.perf_counter()
    tables, quality, classes = _build_tables(model, table, raw, params)
    frames_note = _add_topic_frames(store, tables, table, units.members, params)
    timings["tables"] = time.perf_counter() - t
    model_path = None
    if save_model:
        folder = Path(model_dir) if model_dir else Path(store.path).parent / "models"
        model_path = str(model.save(folder / f"topics-{topic_run_id}.joblib"))

    undated = table["bin"].isna()
    summary = {
        "topic_run_id": topic_run_id, "run_id": run_id, "unit": params["unit"], "bin": params["bin"],
        "n_units": len(table), "n_docs": int(table["doc_id"].nunique()), "n_fit": int(len(fit_idx)),
        "sampled": bool(len(fit_idx) < len(table)), "n_topics": int(model.n_topics_),
        "min_topic_size": int(model.min_topic_size_),
        "n_undated_docs": int(table.loc[undated, "doc_id"].nunique()), "n_undated_units": int(undated.sum()),
        "outliers_before": float(np.mean(raw == -1)), "outliers_after": float(np.mean(final == -1)),
        **quality, "classes": classes, "frames": frames_note, "model_path": model_path,
    }
    timings["total"] = time.perf_counter() - t0
    summary["seconds"] = {k: round(v, 2) for k, v in timings.items()}
    _write(store, topic_run_id, run_id, params, summary, tables)
    log.info("topics: %s", json.dumps(summary, default=str))
    return summary


def _fit_index(table: pd.DataFrame, params: dict) -> np.ndarray:
    sample = params["sample"]
    if not sample or sample >= len(table):
        return np.arange(len(table))
    return stratified_sample(table["bin"].tolist(), sample, seed=params["seed"])


def _fit_assign(model: TopicModel, texts: list[str], fit_idx: np.ndarray,
                timings: dict[str, float]) -> tuple[np.ndarray, np.ndarray]:
    t = time.perf_counter()
    fit_topics_, fit_probs = model.fit_transform([texts[i] for i in fit_idx])
    timings["fit"] = time.perf_counter() - t
    raw = np.full(len(texts), -1, dtype=np.int64)
    probs = np.zeros(len(texts))
    raw[fit_idx], probs[fit_idx] = fit_topics_, fit_probs
    rest = np.setdiff1d(np.arange(len(texts)), fit_idx)
    if len(rest):
        t = time.perf_counter()
        rest_topics, rest_probs = model.transform([texts[i] for i in rest])
        raw[rest], probs[rest] = rest_topics, rest_probs
        timings["transform"] = time.perf_counter() - t
    return raw, probs


def _build_tables(model: TopicModel, table: pd.DataFrame, raw: np.ndarray,
                  params: dict) -> tuple[dict[str, pd.DataFrame], dict[str, float], dict[str, Any]]:
    texts = table["text"].tolist()
    final = table["topic_id"].to_numpy()
    topic_ids = list(range(model.n_topics_))
    if (raw == -1).any():
        topic_ids = [-1, *topic_ids]  # topic -1 is never hidden, even when reduction emptied it
    info = model.topic_info().set_index("topic_id")
    terms = {t: info.at[t, "top_terms"] if t in info.index else [] for t in topic_ids}
    vec = reference_vectorizer(ngram_range=tuple(model.ngram_range))
    real = [t for t in topic_ids if t >= 0]
    mean_npmi, per_topic = npmi_coherence([terms[t] for t in real], texts, top_n=10, vectorizer=vec)
    coherence = dict(zip(real, per_topic))
    sizes = pd.Series(final).value_counts()
    fit_sizes = pd.Series(raw[table["in_fit"].to_numpy()]).value_counts()
    topics = pd.DataFrame({
        "topic_id": topic_ids,
        "label": [info.at[t, "label"] if t in info.index else "outliers" for t in topic_ids],
        "top_terms": [list(terms[t]) for t in topic_ids],
        "size": [int(sizes.get(t, 0)) for t in topic_ids],
        "size_fit": [int(fit_sizes.get(t, 0)) for t in topic_ids],
        "coherence": [coherence.get(t, np.nan) for t in topic_ids],
    })
    topics["share"] = topics["size"] / len(table)
    quality = {"coherence": mean_npmi, "diversity": topic_diversity([terms[t] for t in real], top_n=25)}
    over = over_time_table(table, topic_ids, n_boot=params["n_boot"], seed=params["seed"])
    over = _with_terms(over, model.bin_terms(texts, final, table["bin"]), "bin")
    per_class, classes = _per_class(model, table, topic_ids, params)
    return {"topics": topics, "topics_over_time": over, "topics_per_class": per_class}, quality, classes


def _with_terms(df: pd.DataFrame, terms: pd.DataFrame, key: str) -> pd.DataFrame:
    terms = terms.rename(columns={"group": key})
    return df.merge(terms, on=["topic_id", key], how="left")


def _per_class(model: TopicModel, table: pd.DataFrame, topic_ids: list[int],
               params: dict) -> tuple[pd.DataFrame, dict[str, Any]]:
    parts, classes = [], {}
    texts, final = table["text"].tolist(), table["topic_id"].to_numpy()
    for var in params["by"]:
        if table[var].isna().all():
            classes[var] = f"skipped: no document has a {var}"
            continue
        part = per_class_table(table, topic_ids, var, n_boot=params["n_boot"], seed=params["seed"])
        terms = model.bin_terms(texts, final, table[var]).rename(columns={"group": "class_value"})
        parts.append(part.merge(terms, on=["topic_id", "class_value"], how="left"))
        classes[var] = int(table[var].nunique())
    return (pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()), classes


def _newest_rows(store, name: str, columns: str) -> tuple[pd.DataFrame | None, str | None]:
    from discourse.tag.runs import current_tag_run

    newest = current_tag_run(store, with_table=name)
    if newest is None:
        return None, None
    rows = store.query(f'SELECT {columns} FROM "{name}" WHERE tag_run_id = ?', [newest])
    return rows, str(newest)


def _add_topic_frames(store, tables: dict, table: pd.DataFrame, members: pd.DataFrame, params: dict) -> dict:
    frames, frames_run = _newest_rows(store, "frames", "doc_id, sentence_id, frame")
    commitments, commit_run = _newest_rows(store, "commitments", "doc_id, sentence_id, label")
    assignments = members.merge(
        table[["doc_id", "unit_id", "topic_id", "topic_raw", "prob", "in_fit"]], on=["doc_id", "unit_id"])
    tables["topic_assignments"] = assignments
    if frames is None and commitments is None:
        return {"joined": False, "note": "no frames or commitments rows in the store: run 'discourse tag' first"}
    tf = topic_frames_table(assignments, frames, commitments, n_boot=params["n_boot"], seed=params["seed"])
    tables["topic_frames"] = tf.assign(frames_run_id=frames_run, commitments_run_id=commit_run)
    return {"joined": True, "frames_run_id": frames_run, "commitments_run_id": commit_run}


def _write(store, topic_run_id: str, run_id: str, params: dict, summary: dict,
           tables: dict[str, pd.DataFrame]) -> None:
    run_row = pd.DataFrame([{
        "topic_run_id": topic_run_id, "run_id": run_id, "unit": params["unit"],
        "params_json": json.dumps(params, sort_keys=True, default=str),
        "seed": params["seed"], "model_path": summary["model_path"],
        "created_at": dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
        "seconds": summary["seconds"]["total"],
        **{k: summary[k] for k in ("n_units", "n_fit", "sampled", "outliers_before", "outliers_after",
                                   "n_topics", "n_docs", "n_undated_docs", "n_undated_units", "bin",
                                   "coherence", "diversity")},
    }])
    with store.transaction():
        store.insert("topic_runs", run_row)
        for name in _TOPIC_TABLES:
            df = tables.get(name)
            if df is not None and len(df):
                store.insert(name, df.assign(topic_run_id=topic_run_id))


def current_topic_run(store) -> dict[str, Any] | None:
    """The newest ``topic_runs`` row as a dict, or None when no topics were fitted."""
    if "topic_runs" not in store.table_names():
        return None
    df = store.query("SELECT * FROM topic_runs ORDER BY created_at DESC, topic_run_id DESC LIMIT 1")
    return None if df.empty else df.iloc[0].to_dict()


def read_topic_table(store, name: str, topic_run_id: str | None = None) -> pd.DataFrame:
    """Rows of a topic table for one fit (the current one by default).

    Parameters
    ----------
    store : CorpusStore
    name : str
        One of topics, topic_assignments, topics_over_time, topics_per_class, topic_frames.
    topic_run_id : str, optional
        The fit; default the newest.

    Raises
    ------
    UsageError
        Unknown table, or no topics fitted yet.
    """
    if name not in _TOPIC_TABLES:
        raise UsageError(f"{name!r} is not a topic table: use one of {', '.join(_TOPIC_TABLES)}.")
    if topic_run_id is None:
        current = current_topic_run(store)
        if current is None:
            raise UsageError(f"Store {store.path} has no topics yet: run 'discourse topics' first.")
        topic_run_id = current["topic_run_id"]
    return store.table(name, "topic_run_id = ?", [topic_run_id])
