"""Statistics shared by the measuring stages: ratios with document-level bootstrap intervals.

Sentences within a document are not independent: a council plan repeats its own
phrasing. Intervals for shares (a frame's share of a year's sentences, the
resourcing index of a cell, a topic's share of a bin) therefore resample whole
documents (clusters) with replacement, and recompute the ratio of sums.
"""

from __future__ import annotations

import zlib
from typing import Sequence

import numpy as np
import pandas as pd

from discourse.errors import UsageError

__all__ = ["ratio_ci", "grouped_ratio_ci", "cell_seed"]


def ratio_ci(
    num: Sequence[float] | np.ndarray,
    den: Sequence[float] | np.ndarray,
    *,
    n_boot: int = 1000,
    level: float = 0.95,
    seed: int | np.random.Generator = 0,
) -> tuple[float, float, float]:
    """Ratio of sums with a percentile bootstrap interval over clusters.

    Parameters
    ----------
    num, den : array-like of shape (n_clusters,)
        Per-cluster (per-document) numerator and denominator counts.
    n_boot : int, default 1000
        Bootstrap replicates; 0 gives no interval (NaN bounds).
    level : float, default 0.95
        Coverage of the percentile interval.
    seed : int or numpy Generator, default 0
        Seed for reproducible intervals.

    Returns
    -------
    (estimate, lo, hi) : tuple of float
        ``sum(num) / sum(den)`` and the interval; all NaN when ``sum(den) == 0``.

    Examples
    --------
    >>> est, lo, hi = ratio_ci([1, 0, 3], [2, 2, 4], n_boot=200)
    >>> round(est, 3)
    0.5
    >>> lo <= est <= hi
    True
    """
    num = np.asarray(num, dtype=float)
    den = np.asarray(den, dtype=float)
    if num.shape != den.shape or num.ndim != 1:
        raise UsageError(f"num and den must be 1-d arrays of the same length, got {num.shape} and {den.shape}.")
    if not 0 < level < 1:
        raise UsageError(f"level must be between 0 and 1, got {level}.")
    total = den.sum()
    if total == 0:
        return (float("nan"),) * 3
    estimate = float(num.sum() / total)
    if n_boot <= 0 or len(num) < 2:
        return estimate, float("nan"), float("nan")
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    idx = rng.integers(0, len(num), size=(n_boot, len(num)))
    d = den[idx].sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        reps = num[idx].sum(axis=1) / d
    reps = reps[d > 0]
    alpha = (1 - level) / 2
    lo, hi = np.quantile(reps, [alpha, 1 - alpha])
    return estimate, float(lo), float(hi)


def cell_seed(seed: int, key: object) -> int:
    """A stable per-cell seed, so adding a cell does not change the others' intervals."""
    return (seed * 1_000_003 + zlib.crc32(repr(key).encode("utf-8"))) % (2**32)


def grouped_ratio_ci(
    df: pd.DataFrame,
    *,
    by: Sequence[str],
    cluster: str,
    num: str,
    den: str,
    n_boot: int = 1000,
    level: float = 0.95,
    seed: int = 0,
) -> pd.DataFrame:
    """Ratio of sums per cell, with a bootstrap interval resampling clusters within each cell.

    Parameters
    ----------
    df : DataFrame
        Counts with one or more rows per (cell, cluster): the ``by`` columns,
        the ``cluster`` column (e.g. ``doc_id``) and the ``num``/``den`` columns.
    by : list of str
        Columns defining a cell (e.g. ``["frame", "year"]``); may be empty for one overall cell.
    cluster : str
        The resampling unit (documents).
    num, den : str
        Numerator and denominator count columns.
    n_boot, level, seed
        As in :func:`ratio_ci`; each cell gets its own stable seed derived from ``seed``.

    Returns
    -------
    DataFrame
        ``by`` columns, then ``num``, ``den`` (sums), ``n_clusters``, ``estimate``, ``lo``, ``hi``,
        sorted by ``by``.
    """
    by = list(by)
    missing = [c for c in [*by, cluster, num, den] if c not in df.columns]
    if missing:
        raise UsageError(f"grouped_ratio_ci: columns {missing} are not in the data ({list(df.columns)}).")
    columns = [*by, num, den, "n_clusters", "estimate", "lo", "hi"]
    if df.empty:
        return pd.DataFrame(columns=columns)
    per_cluster = df.groupby(list(dict.fromkeys([*by, cluster])), dropna=False, sort=True)[[num, den]].sum().reset_index()
    rows = []
    groups = per_cluster.groupby(by, dropna=False, sort=True) if by else [((), per_cluster)]
    for key, part in groups:
        key = key if isinstance(key, tuple) else (key,)
        est, lo, hi = ratio_ci(
            part[num].to_numpy(), part[den].to_numpy(), n_boot=n_boot, level=level,
            seed=cell_seed(seed, key),
        )
        rows.append((*key, part[num].sum(), part[den].sum(), len(part), est, lo, hi))
    return pd.DataFrame(rows, columns=columns)
