"""Agreement between a tagger and hand coding: precision, recall, F1, confusion, Krippendorff's alpha.

Generic over nominal labels: binary frame columns (0/1) and multi-class
columns (``commitment``: resourced / pledge / rhetoric / other) use the same
functions. Pure functions over sequences; results are DataFrames.

Definitions (per class *c*): precision = TP / (TP + FP), recall = TP / (TP + FN),
F1 = 2PR / (P + R); a ratio with a zero denominator is 0 (scikit-learn's
``zero_division=0``). Macro-F1 is the unweighted mean of the per-class F1.
Krippendorff's alpha (nominal) = 1 − D_o / D_e from the coincidence matrix
(Krippendorff 2011, "Computing Krippendorff's Alpha-Reliability").
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Hashable, Sequence

import numpy as np
import pandas as pd

from discourse.errors import UsageError

__all__ = [
    "confusion_matrix",
    "per_class_scores",
    "binary_scores",
    "macro_f1",
    "krippendorff_alpha",
    "agreement",
]


def _is_missing(v: Any) -> bool:
    return v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA or v is pd.NaT


def _pairs(y_true: Sequence, y_pred: Sequence) -> tuple[list, list]:
    if len(y_true) != len(y_pred):
        raise UsageError(f"gold and predicted labels differ in length: {len(y_true)} vs {len(y_pred)}")
    t, p = [], []
    for a, b in zip(y_true, y_pred):
        if _is_missing(a) or _is_missing(b):
            continue
        t.append(a)
        p.append(b)
    return t, p


def _labels(y_true: Sequence, y_pred: Sequence, labels: Sequence | None) -> list:
    if labels is not None:
        return list(labels)
    return sorted(set(y_true) | set(y_pred), key=lambda v: (str(type(v)), v))


def confusion_matrix(y_true: Sequence, y_pred: Sequence, labels: Sequence | None = None) -> pd.DataFrame:
    """Counts of (gold, predicted) pairs; rows are gold labels, columns predicted.

    Pairs where either value is missing are left out.

    Examples
    --------
    >>> confusion_matrix([1, 1, 0, 0], [1, 0, 0, 1]).values.tolist()
    [[1, 1], [1, 1]]
    """
    t, p = _pairs(y_true, y_pred)
    labs = _labels(t, p, labels)
    counts = Counter(zip(t, p))
    data = [[counts.get((a, b), 0) for b in labs] for a in labs]
    return pd.DataFrame(data, index=pd.Index(labs, name="gold"), columns=pd.Index(labs, name="predicted"))


def _ratio(num: float, den: float) -> float:
    return float(num) / den if den else 0.0


def per_class_scores(y_true: Sequence, y_pred: Sequence, labels: Sequence | None = None) -> pd.DataFrame:
    """Precision, recall, F1, support and TP/FP/FN per class.

    Returns
    -------
    DataFrame
        Indexed by class, columns ``precision, recall, f1, support, tp, fp, fn, predicted``.
    """
    cm = confusion_matrix(y_true, y_pred, labels)
    rows = []
    m = cm.values
    for i, lab in enumerate(cm.index):
        tp = int(m[i, i])
        fn = int(m[i, :].sum() - tp)
        fp = int(m[:, i].sum() - tp)
        p, r = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
        rows.append({"label": lab, "precision": p, "recall": r, "f1": _ratio(2 * p * r, p + r),
                     "support": tp + fn, "tp": tp, "fp": fp, "fn": fn, "predicted": tp + fp})
    return pd.DataFrame(rows).set_index("label")


def binary_scores(y_true: Sequence, y_pred: Sequence, positive: Hashable = 1) -> dict[str, Any]:
    """Scores of the positive class of a binary label, with TN and alpha.

    Examples
    --------
    >>> s = binary_scores([1, 1, 1, 0, 0, 0], [1, 1, 0, 1, 0, 0])
    >>> round(s["precision"], 3), round(s["recall"], 3), s["tp"], s["fp"], s["fn"], s["tn"]
    (0.667, 0.667, 2, 1, 1, 2)
    """
    t, p = _pairs(y_true, y_pred)
    tp = sum(1 for a, b in zip(t, p) if a == positive and b == positive)
    fp = sum(1 for a, b in zip(t, p) if a != positive and b == positive)
    fn = sum(1 for a, b in zip(t, p) if a == positive and b != positive)
    tn = len(t) - tp - fp - fn
    prec, rec = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    return {
        "n": len(t), "support": tp + fn, "predicted": tp + fp, "tp": tp, "fp": fp, "fn": fn, "tn": tn,
        "precision": prec, "recall": rec, "f1": _ratio(2 * prec * rec, prec + rec),
        "accuracy": _ratio(tp + tn, len(t)), "alpha": krippendorff_alpha([t, p]),
    }


def macro_f1(y_true: Sequence, y_pred: Sequence, labels: Sequence | None = None) -> float:
    """Unweighted mean of per-class F1 over ``labels`` (default: every label seen)."""
    return float(per_class_scores(y_true, y_pred, labels)["f1"].mean())


def krippendorff_alpha(data: Sequence[Sequence[Any]] | np.ndarray) -> float:
    """Krippendorff's alpha for nominal data.

    Parameters
    ----------
    data : coders × units
        One row per coder (or tagger), one column per unit; missing values
        (None / NaN) allowed. Units coded by fewer than two coders are ignored.

    Returns
    -------
    float
        1 − D_o / D_e. ``nan`` when fewer than two pairable values exist or
        every pairable value is the same (expected disagreement is zero).

    Examples
    --------
    >>> krippendorff_alpha([[1, 1, 0, 0], [1, 1, 0, 0]])
    1.0
    """
    rows = [list(r) for r in data]
    if len(rows) < 2:
        raise UsageError("Krippendorff's alpha needs at least two coders (rows).")
    n_units = len(rows[0])
    if any(len(r) != n_units for r in rows):
        raise UsageError("every coder row must have one value per unit")
    coincidence: Counter = Counter()
    for u in range(n_units):
        values = [r[u] for r in rows if not _is_missing(r[u])]
        m = len(values)
        if m < 2:
            continue
        for i, a in enumerate(values):
            for j, b in enumerate(values):
                if i != j:
                    coincidence[(a, b)] += 1.0 / (m - 1)
    n = sum(coincidence.values())
    if n <= 1:
        return float("nan")
    marginals: Counter = Counter()
    for (a, _), w in coincidence.items():
        marginals[a] += w
    observed = sum(w for (a, b), w in coincidence.items() if a != b) / n
    expected = (n * n - sum(v * v for v in marginals.values())) / (n * (n - 1))
    if expected == 0:
        return float("nan")
    return 1.0 - observed / expected


def agreement(y_true: Sequence, y_pred: Sequence, labels: Sequence | None = None) -> dict[str, Any]:
    """Everything for one label column: per-class table, macro-F1, alpha, confusion.

    Binary 0/1 columns also get the positive-class summary under ``"binary"``.

    Returns
    -------
    dict
        ``n``, ``per_class`` (DataFrame), ``macro_f1``, ``alpha``, ``confusion``
        (DataFrame) and, for 0/1 labels, ``binary`` (see :func:`binary_scores`).
    """
    t, p = _pairs(y_true, y_pred)
    out: dict[str, Any] = {
        "n": len(t),
        "per_class": per_class_scores(t, p, labels),
        "macro_f1": macro_f1(t, p, labels),
        "alpha": krippendorff_alpha([t, p]) if t else float("nan"),
        "confusion": confusion_matrix(t, p, labels),
    }
    if set(t) | set(p) <= {0, 1}:
        out["binary"] = binary_scores(t, p, positive=1)
    return out
