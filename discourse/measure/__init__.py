"""Stage 4: pure functions from tagged tables to tidy DataFrames.

Frame shares over time (:func:`frame_shares`), keyness (:func:`keyness`),
agreement with hand coding (:mod:`~discourse.measure.agreement`), the validation
workflow (:func:`evaluate`), sampling for hand coding (:func:`sample`), and the
resourcing index with its evidence (:func:`resourcing_index`, :func:`evidence_table`).
Names are imported on first use (``evaluate`` needs spaCy; shares do not).
"""

from __future__ import annotations

import importlib

_LAZY = {
    "frame_shares": "discourse.measure.shares",
    "with_period": "discourse.measure.shares",
    "keyness": "discourse.measure.keyness",
    "keyness_by_group": "discourse.measure.keyness",
    "agreement": "discourse.measure.agreement",
    "binary_scores": "discourse.measure.agreement",
    "confusion_matrix": "discourse.measure.agreement",
    "krippendorff_alpha": "discourse.measure.agreement",
    "macro_f1": "discourse.measure.agreement",
    "per_class_scores": "discourse.measure.agreement",
    "PRESETS": "discourse.measure.evaluate",
    "Evaluation": "discourse.measure.evaluate",
    "LabelRule": "discourse.measure.evaluate",
    "evaluate": "discourse.measure.evaluate",
    "read_gold": "discourse.measure.evaluate",
    "resourcing_index": "discourse.measure.resourcing",
    "evidence_table": "discourse.measure.resourcing",
}

__all__ = list(_LAZY)


def __getattr__(name: str):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'discourse.measure' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value
