"""Measures: pure functions from tagged tables to DataFrames.

Agreement with hand coding (:mod:`~discourse.measure.agreement`), the
validation workflow (:func:`evaluate`) and sampling for hand coding
(:func:`sample`).
"""

from __future__ import annotations

from discourse.measure.agreement import (
    agreement,
    binary_scores,
    confusion_matrix,
    krippendorff_alpha,
    macro_f1,
    per_class_scores,
)
from discourse.measure.evaluate import PRESETS, Evaluation, LabelRule, evaluate, read_gold

__all__ = [
    "agreement",
    "binary_scores",
    "confusion_matrix",
    "krippendorff_alpha",
    "macro_f1",
    "per_class_scores",
    "PRESETS",
    "Evaluation",
    "LabelRule",
    "evaluate",
    "read_gold",
]
