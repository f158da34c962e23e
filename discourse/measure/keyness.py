"""Keyness: terms that distinguish a target group of texts from the rest.

The statistics of quanteda's ``textstat_keyness``: for each term, a 2x2 table of
its count and of all other terms' counts in the target and reference texts,
scored by Pearson's chi-squared (with Yates' continuity correction by default)
or the log-likelihood ratio G2. Scores are signed: positive when the term is
relatively more frequent in the target.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
import pandas as pd
from scipy import stats as sps

from discourse.errors import UsageError

__all__ = ["keyness", "keyness_by_group"]

TOKEN_PATTERN = r"(?u)\b[^\W\d_][\w'’-]*[^\W_]\b"


def _counts(texts: pd.Series, target: np.ndarray, min_count: int, stop_words):
    from sklearn.feature_extraction.text import CountVectorizer

    vec = CountVectorizer(lowercase=True, token_pattern=TOKEN_PATTERN, stop_words=stop_words)
    try:
        X = vec.fit_transform(texts.fillna("").astype(str))
    except ValueError:  # empty vocabulary
        return np.array([], dtype=object), np.zeros(0), np.zeros(0)
    a = np.asarray(X[target].sum(axis=0)).ravel().astype(float)
    b = np.asarray(X[~target].sum(axis=0)).ravel().astype(float)
    keep = (a + b) >= min_count
    return vec.get_feature_names_out()[keep], a[keep], b[keep]


def keyness(
    texts: pd.Series,
    target: pd.Series | np.ndarray,
    *,
    measure: Literal["chi2", "lr"] = "chi2",
    correction: Literal["yates", "none"] = "yates",
    min_count: int = 5,
    stop_words: str | list[str] | None = "english",
) -> pd.DataFrame:
    """Keyness of every term in ``texts`` for the ``target`` texts against the others.

    Parameters
    ----------
    texts : Series of str
    target : boolean array-like, same length
        True for texts in the target group.
    measure : {"chi2", "lr"}
        Pearson's chi-squared or the log-likelihood ratio (G2).
    correction : {"yates", "none"}
        Yates' continuity correction for chi2 (quanteda's default).
    min_count : int
        Terms with fewer occurrences overall are dropped.
    stop_words : "english", list or None
        Words left out (scikit-learn's English list by default).

    Returns
    -------
    DataFrame
        ``feature``, ``chi2`` or ``G2``, ``p``, ``n_target``, ``n_reference``, sorted by the score, highest first.

    Examples
    --------
    >>> k = keyness(pd.Series(["devolve power devolve", "budget cut", "budget cut budget"]),
    ...             [True, False, False], min_count=1)
    >>> k.feature.iloc[0]
    'devolve'
    """
    target = np.asarray(target, dtype=bool)
    if len(target) != len(texts):
        raise UsageError(f"target has {len(target)} values for {len(texts)} texts.")
    if measure not in ("chi2", "lr"):
        raise UsageError(f"measure must be 'chi2' or 'lr', got {measure!r}.")
    if not target.any() or target.all():
        raise UsageError("keyness needs texts in both the target and the reference group.")
    features, a, b = _counts(pd.Series(texts).reset_index(drop=True), target, min_count, stop_words)
    score_name = "chi2" if measure == "chi2" else "G2"
    if len(features) == 0:
        return pd.DataFrame(columns=["feature", score_name, "p", "n_target", "n_reference"])
    c, d = a.sum() - a, b.sum() - b
    n = a + b + c + d
    sign = np.sign(a / np.maximum(a + c, 1) - b / np.maximum(b + d, 1))
    if measure == "chi2":
        diff = np.abs(a * d - b * c)
        if correction == "yates":
            diff = np.maximum(diff - n / 2, 0)
        denom = (a + b) * (c + d) * (a + c) * (b + d)
        score = np.divide(n * diff ** 2, denom, out=np.zeros_like(n), where=denom > 0)
    else:
        observed = np.stack([a, b, c, d])
        rows = np.stack([a + b, a + b, c + d, c + d])
        cols = np.stack([a + c, b + d, a + c, b + d])
        expected = rows * cols / n
        with np.errstate(divide="ignore", invalid="ignore"):
            terms = np.where(observed > 0, observed * np.log(observed / expected), 0.0)
        score = 2 * terms.sum(axis=0)
    out = pd.DataFrame({
        "feature": features, score_name: sign * score, "p": sps.chi2.sf(score, 1),
        "n_target": a.astype(int), "n_reference": b.astype(int),
    })
    return out.sort_values(score_name, ascending=False, kind="mergesort").reset_index(drop=True)


def keyness_by_group(texts: pd.Series, groups: pd.Series, *, top: int = 15, **kwargs) -> pd.DataFrame:
    """For each group, its ``top`` key terms against all other groups.

    Returns
    -------
    DataFrame
        ``group`` plus the columns of :func:`keyness`, ``top`` rows per group.
    """
    groups = pd.Series(groups).reset_index(drop=True)
    texts = pd.Series(texts).reset_index(drop=True)
    parts = []
    for g in sorted(groups.dropna().unique(), key=str):
        mask = (groups == g).to_numpy()
        if mask.all() or not mask.any():
            continue
        parts.append(keyness(texts, mask, **kwargs).head(top).assign(group=g))
    if not parts:
        return pd.DataFrame(columns=["group", "feature"])
    out = pd.concat(parts, ignore_index=True)
    return out[["group", *[c for c in out.columns if c != "group"]]]
