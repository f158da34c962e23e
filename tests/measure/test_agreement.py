"""Precision/recall/F1, confusion counts, macro-F1 and Krippendorff's alpha on hand-computed cases."""

import math

import numpy as np
import pytest

from discourse.errors import UsageError
from discourse.measure.agreement import (
    agreement,
    binary_scores,
    confusion_matrix,
    krippendorff_alpha,
    macro_f1,
    per_class_scores,
)

# Binary case worked by hand: gold 1 1 1 0 0 0 / tagger 1 1 0 1 0 0
# TP=2 FP=1 FN=1 TN=2; P = 2/3, R = 2/3, F1 = 2/3.
# Coincidence matrix: o11 = 4, o00 = 4, o10 = o01 = 2; n = 12, n1 = n0 = 6.
# D_o = 4/12; D_e = (144 - 72) / (12 * 11) = 72/132; alpha = 1 - (1/3) / (6/11) = 7/18.
GOLD = [1, 1, 1, 0, 0, 0]
PRED = [1, 1, 0, 1, 0, 0]


def test_binary_scores_by_hand():
    s = binary_scores(GOLD, PRED)
    assert (s["tp"], s["fp"], s["fn"], s["tn"], s["support"], s["predicted"], s["n"]) == (2, 1, 1, 2, 3, 3, 6)
    assert s["precision"] == pytest.approx(2 / 3)
    assert s["recall"] == pytest.approx(2 / 3)
    assert s["f1"] == pytest.approx(2 / 3)
    assert s["accuracy"] == pytest.approx(4 / 6)
    assert s["alpha"] == pytest.approx(7 / 18)


def test_zero_denominators_give_zero_not_nan():
    s = binary_scores([0, 0, 1], [0, 0, 0])
    assert (s["precision"], s["recall"], s["f1"]) == (0.0, 0.0, 0.0)


def test_multiclass_per_class_and_macro_f1_by_hand():
    gold = ["pledge", "pledge", "rhetoric", "other", "other", "resourced"]
    pred = ["pledge", "rhetoric", "rhetoric", "other", "pledge", "resourced"]
    # pledge: TP1 FP1 FN1 -> P .5 R .5 F1 .5; rhetoric: TP1 FP1 FN0 -> P .5 R 1 F1 2/3
    # other: TP1 FP0 FN1 -> P 1 R .5 F1 2/3; resourced: TP1 -> 1, 1, 1. macro = (.5 + 2/3 + 2/3 + 1) / 4
    table = per_class_scores(gold, pred)
    assert table.loc["pledge", ["tp", "fp", "fn", "support"]].tolist() == [1, 1, 1, 2]
    assert table.loc["rhetoric", "f1"] == pytest.approx(2 / 3)
    assert table.loc["other", "precision"] == 1.0 and table.loc["other", "recall"] == 0.5
    assert macro_f1(gold, pred) == pytest.approx((0.5 + 2 / 3 + 2 / 3 + 1) / 4)


def test_confusion_matrix_rows_are_gold():
    cm = confusion_matrix(["a", "a", "b"], ["a", "b", "b"], labels=["a", "b", "c"])
    assert cm.loc["a"].tolist() == [1, 1, 0]
    assert cm.loc["b"].tolist() == [0, 1, 0]
    assert cm.loc["c"].tolist() == [0, 0, 0]


def test_missing_pairs_are_left_out():
    s = binary_scores([1, None, 0, float("nan")], [1, 1, 0, 0])
    assert s["n"] == 2 and s["tp"] == 1 and s["tn"] == 1


@pytest.mark.parametrize(
    "data, expected",
    [
        ([GOLD, PRED], 7 / 18),
        ([[1, 1, 0, 0], [1, 1, 0, 0]], 1.0),
        # three coders, one unit coded by one coder only (ignored), worked by hand:
        # units (a,a,a) (a,b,.) (b,b,b); o_aa = 3 + 0 = 3, o_ab = o_ba = 1, o_bb = 3 -> n = 8, n_a = n_b = 4
        # D_o = 2/8, D_e = (64 - 32) / 56 = 4/7, alpha = 1 - (1/4) / (4/7) = 9/16
        ([["a", "a", "b", "c"], ["a", "b", "b", None], ["a", None, "b", None]], 9 / 16),
    ],
)
def test_alpha_hand_computed(data, expected):
    assert krippendorff_alpha(data) == pytest.approx(expected)


def test_alpha_reproduces_krippendorffs_published_example():
    # Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability": 4 observers, 12 units,
    # nominal data with missing values; published alpha = 0.743.
    nan = np.nan
    data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
            [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
            [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
            [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    assert round(krippendorff_alpha(data), 3) == 0.743


def test_alpha_is_nan_without_variation_and_errors_on_bad_shape():
    assert math.isnan(krippendorff_alpha([[1, 1], [1, 1]]))
    with pytest.raises(UsageError):
        krippendorff_alpha([[1, 0]])
    with pytest.raises(UsageError):
        krippendorff_alpha([[1, 0], [1]])


def test_agreement_adds_binary_summary_only_for_01_labels():
    assert "binary" in agreement(GOLD, PRED)
    res = agreement(["x", "y"], ["x", "x"])
    assert "binary" not in res and res["n"] == 2
