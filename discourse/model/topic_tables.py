"""Topic tables: shares over time and per class with document-level intervals, and frames per topic.

Pure functions from DataFrames to DataFrames; :mod:`discourse.model.topics_store`
reads the store and writes what these return.

Shares are ratios of sums (a topic's units over all units of the bin or class)
with percentile bootstrap intervals that resample whole documents, the
estimator of :func:`discourse.stats.grouped_ratio_ci`. Over time and per class
every topic needs every document of the cell (a document without the topic
still counts in the denominator), so :func:`category_shares_ci` draws one
resample of a cell's documents and reads all topics' shares from it, instead of
resampling per (topic, cell): 89k one-sentence documents times 80 topics and 20
bins take seconds instead of hours, and the shares of one resample sum to 1.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import pandas as pd
from scipy import sparse

from discourse.errors import UsageError
from discourse.stats import cell_seed, grouped_ratio_ci

__all__ = ["category_shares_ci", "over_time_table", "per_class_table", "topic_frames_table"]

_MISSING = "\0missing"


def category_shares_ci(
    df: pd.DataFrame,
    *,
    group: str,
    cluster: str,
    category: str,
    categories: Sequence | None = None,
    n_boot: int = 1000,
    level: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Each category's share of each group's units, with a cluster bootstrap interval.

    Parameters
    ----------
    df : DataFrame
        One row per unit with the ``group`` (e.g. a time bin), ``cluster``
        (the document) and ``category`` (the topic) columns. Missing groups are
        a group of their own (reported as None).
    group, cluster, category : str
        Column names.
    categories : sequence, optional
        Categories to report in every group, including those with no units there
        (count 0); defaults to all categories present.
    n_boot : int, default 1000
        Bootstrap replicates; 0 gives no interval.
    level : float, default 0.95
        Coverage of the percentile interval.
    seed : int, default 0
        Each group draws from its own generator seeded by ``seed`` and the group.

    Returns
    -------
    DataFrame
        ``group`` and ``category`` columns, then ``count``, ``n_units``,
        ``n_clusters``, ``share``, ``share_lo``, ``share_hi``; one row per
        (group, category), sorted. Intervals are NaN when a group has fewer than
        two clusters or ``n_boot`` is 0.

    Examples
    --------
    >>> units = pd.DataFrame({"bin": ["a"] * 4, "doc": [1, 1, 2, 3], "topic": [0, 1, 1, 1]})
    >>> out = category_shares_ci(units, group="bin", cluster="doc", category="topic", n_boot=200)
    >>> out["share"].tolist(), out["n_clusters"].tolist()
    ([0.25, 0.75], [3, 3])
    """
    missing = [c for c in (group, cluster, category) if c not in df.columns]
    if missing:
        raise UsageError(f"category_shares_ci: columns {missing} are not in the data ({list(df.columns)}).")
    if not 0 < level < 1:
        raise UsageError(f"level must be between 0 and 1, got {level}.")
    cats = list(categories) if categories is not None else sorted(df[category].dropna().unique().tolist())
    columns = [group, category, "count", "n_units", "n_clusters", "share", "share_lo", "share_hi"]
    if df.empty or not cats:
        return pd.DataFrame(columns=columns)
    cat_index = {c: i for i, c in enumerate(cats)}
    codes = df[category].map(cat_index)
    if codes.isna().any():
        raise UsageError(f"category_shares_ci: {category} values {sorted(df.loc[codes.isna(), category].unique())[:5]} "
                         "are not among the categories given.")
    keys = df[group].astype(object).where(df[group].notna(), _MISSING)
    frames = []
    for key, rows in keys.groupby(keys, sort=True).indices.items():
        frames.append(_group_shares(
            df[cluster].to_numpy()[rows], codes.to_numpy()[rows].astype(np.int64), len(cats),
            n_boot=n_boot, level=level, rng=np.random.default_rng(cell_seed(seed, key)),
        ).assign(**{group: None if key == _MISSING else key}))
    out = pd.concat(frames, ignore_index=True)
    out[category] = [cats[i] for i in out.pop("_cat")]
    return out[columns]


def _group_shares(clusters: np.ndarray, cats: np.ndarray, n_cats: int, *, n_boot: int, level: float,
                  rng: np.random.Generator) -> pd.DataFrame:
    cl_codes, cl_names = pd.factorize(clusters)
    n_cl = len(cl_names)
    counts = sparse.csr_matrix((np.ones(len(cats)), (cl_codes, cats)), shape=(n_cl, n_cats))
    totals = np.asarray(counts.sum(axis=1)).ravel()
    num = np.asarray(counts.sum(axis=0)).ravel()
    den = totals.sum()
    lo = hi = np.full(n_cats, np.nan)
    if n_boot > 0 and n_cl >= 2:
        reps = np.empty((n_boot, n_cats))
        batch = max(1, min(n_boot, 2_000_000 // n_cl))
        for start in range(0, n_boot, batch):
            b = min(batch, n_boot - start)
            draws = rng.integers(0, n_cl, size=(b, n_cl))
            weights = np.bincount((draws + np.arange(b)[:, None] * n_cl).ravel(), minlength=b * n_cl)
            weights = weights.reshape(b, n_cl).astype(np.float64)
            reps[start:start + b] = np.asarray((counts.T @ weights.T).T) / (weights @ totals)[:, None]
        alpha = (1 - level) / 2
        lo, hi = np.quantile(reps, [alpha, 1 - alpha], axis=0)
    return pd.DataFrame({
        "_cat": np.arange(n_cats), "count": num.astype(np.int64), "n_units": int(den), "n_clusters": n_cl,
        "share": num / den, "share_lo": lo, "share_hi": hi,
    })


def over_time_table(
    units: pd.DataFrame, topics: Sequence[int], *, n_boot: int = 1000, seed: int = 0
) -> pd.DataFrame:
    """Each topic's share of each time bin's units, with document-bootstrap intervals.

    Parameters
    ----------
    units : DataFrame
        One row per unit with ``doc_id``, ``topic_id``, ``bin`` and ``bin_start``;
        units without a bin (undated documents) are left out.
    topics : sequence of int
        Every topic to report in every bin (zero counts included), -1 too when present.
    n_boot, seed
        As in :func:`category_shares_ci`.

    Returns
    -------
    DataFrame
        ``topic_id``, ``bin``, ``bin_start``, ``count``, ``n_units``, ``n_docs``,
        ``share``, ``share_lo``, ``share_hi``, sorted by bin then topic.
    """
    dated = units[units["bin"].notna()]
    columns = ["topic_id", "bin", "bin_start", "count", "n_units", "n_docs", "share", "share_lo", "share_hi"]
    if dated.empty:
        return pd.DataFrame(columns=columns)
    out = category_shares_ci(dated, group="bin", cluster="doc_id", category="topic_id",
                             categories=sorted(topics), n_boot=n_boot, seed=seed)
    starts = dated.drop_duplicates("bin").set_index("bin")["bin_start"]
    out["bin_start"] = out["bin"].map(starts)
    out = out.rename(columns={"n_clusters": "n_docs"})
    out = out.sort_values(["bin_start", "topic_id"], kind="stable").reset_index(drop=True)
    return out[columns]


def per_class_table(
    units: pd.DataFrame, topics: Sequence[int], class_var: str, *, n_boot: int = 1000, seed: int = 0
) -> pd.DataFrame:
    """Each topic's share of the units of each value of a document variable (doc_type, actor).

    Documents without the variable form a class of their own (``class_value`` None).

    Returns
    -------
    DataFrame
        ``class_var``, ``class_value``, ``topic_id``, ``count``, ``n_units``, ``n_docs``,
        ``share``, ``share_lo``, ``share_hi``.
    """
    if class_var not in units.columns:
        raise UsageError(f"No document variable {class_var!r}: use one of doc_type, actor.")
    out = category_shares_ci(units, group=class_var, cluster="doc_id", category="topic_id",
                             categories=sorted(topics), n_boot=n_boot, seed=seed)
    out = out.rename(columns={class_var: "class_value", "n_clusters": "n_docs"})
    out.insert(0, "class_var", class_var)
    return out[["class_var", "class_value", "topic_id", "count", "n_units", "n_docs", "share", "share_lo", "share_hi"]]


def topic_frames_table(
    assignments: pd.DataFrame,
    frames: pd.DataFrame | None,
    commitments: pd.DataFrame | None,
    *,
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Frame shares and resourcing index of each topic's sentences.

    Parameters
    ----------
    assignments : DataFrame
        ``doc_id``, ``sentence_id``, ``topic_id``: one row per sentence.
    frames : DataFrame or None
        ``doc_id``, ``sentence_id``, ``frame``: one row per sentence per frame present.
    commitments : DataFrame or None
        ``doc_id``, ``sentence_id``, ``label`` (resourced, pledge, rhetoric or other).

    Returns
    -------
    DataFrame
        One row per topic and frame, plus a row per topic with ``frame = 'any'``:
        ``n_sentences`` (the topic's sentences), ``count`` (those with the frame;
        for 'any', with at least one frame), ``share`` (count / n_sentences) and
        its interval, the commitment counts ``resourced``, ``pledge``, ``rhetoric``
        and ``resourcing_index`` = resourced / (resourced + pledge + rhetoric) with
        its interval, over the topic's sentences with that frame (for 'any': all
        the topic's sentences). Share columns are NaN without frames, commitment
        columns without commitments. Intervals resample documents
        (:func:`discourse.stats.grouped_ratio_ci`).
    """
    base = assignments[["doc_id", "sentence_id", "topic_id"]].copy()
    if frames is None and commitments is None:
        raise UsageError("topic_frames_table needs the frames or the commitments table.")
    labels = _commitment_labels(base, commitments)
    cells = []
    frame_names = sorted(frames["frame"].dropna().unique()) if frames is not None else []
    for frame in ["any", *frame_names]:
        has = _has_frame(base, frames, None if frame == "any" else frame)
        cell = labels.assign(frame=frame, has=has.astype(float), one=1.0)
        cells.append(cell)
    data = pd.concat(cells, ignore_index=True)
    share = grouped_ratio_ci(data, by=["topic_id", "frame"], cluster="doc_id", num="has", den="one",
                             n_boot=n_boot if frames is not None else 0, seed=seed)
    share = share.rename(columns={"one": "n_sentences", "has": "count", "estimate": "share",
                                  "lo": "share_lo", "hi": "share_hi"}).drop(columns="n_clusters")
    if frames is None:
        share[["count", "share", "share_lo", "share_hi"]] = np.nan
    in_frame = data[(data["frame"] == "any") | (data["has"] > 0)]
    ri = grouped_ratio_ci(in_frame, by=["topic_id", "frame"], cluster="doc_id", num="resourced", den="committed",
                          n_boot=n_boot if commitments is not None else 0, seed=seed)
    ri = ri.rename(columns={"estimate": "resourcing_index", "lo": "ri_lo", "hi": "ri_hi"})
    counts = in_frame.groupby(["topic_id", "frame"])[["resourced", "pledge", "rhetoric"]].sum().reset_index()
    out = share.merge(counts, on=["topic_id", "frame"], how="left").merge(
        ri[["topic_id", "frame", "resourcing_index", "ri_lo", "ri_hi"]], on=["topic_id", "frame"], how="left")
    if commitments is None:
        out[["resourced", "pledge", "rhetoric", "resourcing_index", "ri_lo", "ri_hi"]] = np.nan
    cols = ["topic_id", "frame", "n_sentences", "count", "share", "share_lo", "share_hi",
            "resourced", "pledge", "rhetoric", "resourcing_index", "ri_lo", "ri_hi"]
    return out[cols].sort_values(["topic_id", "frame"], kind="stable").reset_index(drop=True)


def _commitment_labels(base: pd.DataFrame, commitments: pd.DataFrame | None) -> pd.DataFrame:
    out = base.copy()
    if commitments is None:
        out["label"] = None
    else:
        lab = commitments[["doc_id", "sentence_id", "label"]].drop_duplicates(["doc_id", "sentence_id"])
        out = out.merge(lab, on=["doc_id", "sentence_id"], how="left")
    for name in ("resourced", "pledge", "rhetoric"):
        out[name] = (out["label"] == name).astype(float)
    out["committed"] = out[["resourced", "pledge", "rhetoric"]].sum(axis=1)
    return out


def _has_frame(base: pd.DataFrame, frames: pd.DataFrame | None, frame: str | None) -> np.ndarray:
    if frames is None:
        return np.zeros(len(base), dtype=bool)
    sel = frames if frame is None else frames[frames["frame"] == frame]
    keys = pd.MultiIndex.from_frame(sel[["doc_id", "sentence_id"]].drop_duplicates())
    return pd.MultiIndex.from_frame(base[["doc_id", "sentence_id"]]).isin(keys)
