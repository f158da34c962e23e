"""Frame shares: the share of sentences carrying each frame, per period and group, with intervals.

A sentence may carry several frames (or none); each frame's share is the
number of sentences carrying it over all sentences in the cell. Intervals
resample documents (:func:`discourse.stats.grouped_ratio_ci`).
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from discourse.errors import UsageError
from discourse.periods import period_labels
from discourse.stats import grouped_ratio_ci

__all__ = ["frame_shares", "with_period"]

FRAMES = ("localism", "enabling", "ensuring")


def with_period(sentences: pd.DataFrame, bin: str = "year", date_column: str = "date") -> pd.DataFrame:
    """A copy of ``sentences`` with a ``period`` column (``year``/``quarter``/``month``/``decade``)."""
    if date_column not in sentences.columns:
        raise UsageError(f"Cannot bin by {bin}: the data has no {date_column!r} column.")
    out = sentences.copy()
    out["period"] = period_labels(out[date_column], bin)
    return out


def frame_shares(
    sentences: pd.DataFrame,
    frames: pd.DataFrame,
    *,
    by: Sequence[str] = ("period",),
    frame_names: Sequence[str] | None = None,
    n_boot: int = 1000,
    seed: int = 0,
) -> pd.DataFrame:
    """Share of sentences carrying each frame in each cell of ``by``.

    Parameters
    ----------
    sentences : DataFrame
        One row per sentence: ``doc_id``, ``sentence_id`` and the ``by`` columns
        (e.g. from :meth:`CorpusStore.sentences` with ``with_docvars=True`` and
        :func:`with_period`).
    frames : DataFrame
        One row per (sentence, frame present): ``doc_id``, ``sentence_id``, ``frame``.
    by : sequence of str
        Grouping columns of ``sentences``; rows with a missing value in any are
        left out (count them before calling if you need to report them).
    frame_names : sequence of str, optional
        Frames to report (default: localism, enabling, ensuring, plus any other in ``frames``).
    n_boot, seed
        Bootstrap replicates and seed.

    Returns
    -------
    DataFrame
        ``frame``, the ``by`` columns, ``n_frame``, ``n_sentences``, ``n_documents``,
        ``share``, ``share_lo``, ``share_hi``.
    """
    by = list(by)
    missing = [c for c in ["doc_id", "sentence_id", *by] if c not in sentences.columns]
    if missing:
        raise UsageError(f"frame_shares: sentences lack columns {missing}.")
    names = list(frame_names) if frame_names is not None else \
        list(dict.fromkeys([*FRAMES, *sorted(frames["frame"].dropna().unique())]))
    base = sentences.dropna(subset=by)[["doc_id", "sentence_id", *by]]
    present = frames[["doc_id", "sentence_id", "frame"]].drop_duplicates()
    parts = []
    for name in names:
        hit = present[present.frame == name][["doc_id", "sentence_id"]].assign(k=1)
        cell = base.merge(hit, on=["doc_id", "sentence_id"], how="left").fillna({"k": 0})
        counts = cell.groupby([*by, "doc_id"], dropna=False).agg(k=("k", "sum"), n=("k", "size")).reset_index()
        ci = grouped_ratio_ci(counts, by=by, cluster="doc_id", num="k", den="n", n_boot=n_boot, seed=seed)
        parts.append(ci.assign(frame=name))
    if not parts:
        return pd.DataFrame(columns=["frame", *by, "n_frame", "n_sentences", "n_documents", "share", "share_lo",
                                     "share_hi"])
    out = pd.concat(parts, ignore_index=True).rename(columns={
        "k": "n_frame", "n": "n_sentences", "n_clusters": "n_documents", "estimate": "share", "lo": "share_lo",
        "hi": "share_hi"})
    out["n_frame"] = out["n_frame"].astype(int)
    return out[["frame", *by, "n_frame", "n_sentences", "n_documents", "share", "share_lo", "share_hi"]]
