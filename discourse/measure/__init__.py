"""Stage 4: pure functions from tagged tables to tidy DataFrames.

Frame shares over time (:func:`frame_shares`), keyness (:func:`keyness`),
agreement with hand coding (:mod:`~discourse.measure.agreement`), the validation
workflow (:func:`evaluate`), sampling for hand coding (:func:`sample`), and the
resourcing index with its evidence (:func:`resourcing_index`, :func:`evidence_table`).
Most names are imported on first use (tagging for ``evaluate`` needs spaCy;
shares do not). The three functions named like their modules (``agreement``,
``evaluate``, ``keyness``) are imported here, so that importing one of those
modules elsewhere can never shadow the function with the module.
"""

from __future__ import annotations

from discourse._lazy import lazy_getattr
from discourse.measure.agreement import agreement
from discourse.measure.evaluate import evaluate
from discourse.measure.keyness import keyness

_LAZY = {
    "frame_shares": "discourse.measure.shares",
    "with_period": "discourse.measure.shares",
    "keyness_by_group": "discourse.measure.keyness",
    "binary_scores": "discourse.measure.agreement",
    "confusion_matrix": "discourse.measure.agreement",
    "krippendorff_alpha": "discourse.measure.agreement",
    "macro_f1": "discourse.measure.agreement",
    "per_class_scores": "discourse.measure.agreement",
    "PRESETS": "discourse.measure.evaluate",
    "Evaluation": "discourse.measure.evaluate",
    "LabelRule": "discourse.measure.evaluate",
    "read_gold": "discourse.measure.evaluate",
    "resourcing_index": "discourse.measure.resourcing",
    "evidence_table": "discourse.measure.resourcing",
    "money_committed": "discourse.measure.resourcing",
    "money_spans": "discourse.measure.resourcing",
    "money": "discourse.measure.resourcing",
    "load_inputs": "discourse.measure.resourcing",
    "ResourcingInputs": "discourse.measure.resourcing",
    "measure": "discourse.measure.resourcing",
    "evidence": "discourse.measure.resourcing",
}

__all__ = ["agreement", "evaluate", "keyness", *_LAZY]


__getattr__ = lazy_getattr(__name__, _LAZY)
