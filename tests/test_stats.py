import numpy as np
import pandas as pd
import pytest

from discourse.errors import UsageError
from discourse.stats import grouped_ratio_ci, ratio_ci


def test_ratio_is_ratio_of_sums_not_mean_of_ratios():
    est, _, _ = ratio_ci([1, 9], [1, 90], n_boot=0)
    assert est == pytest.approx(10 / 91)


def test_interval_contains_estimate_and_is_reproducible():
    rng = np.random.default_rng(1)
    den = rng.integers(1, 50, size=40)
    num = rng.binomial(den, 0.3)
    a = ratio_ci(num, den, n_boot=500, seed=7)
    b = ratio_ci(num, den, n_boot=500, seed=7)
    assert a == b
    assert a[1] < a[0] < a[2]


def test_clustered_data_gives_wider_interval_than_independent():
    # 20 documents that are each all-yes or all-no: 50% overall but very clustered.
    den = np.full(20, 50)
    num = np.array([50] * 10 + [0] * 10)
    _, lo_c, hi_c = ratio_ci(num, den, n_boot=2000)
    # The same 1000 sentences treated as 1000 independent units.
    _, lo_i, hi_i = ratio_ci(np.repeat(num / 50, 50), np.ones(1000), n_boot=2000)
    assert (hi_c - lo_c) > 3 * (hi_i - lo_i)


def test_zero_denominator_gives_nan():
    assert all(np.isnan(v) for v in ratio_ci([0, 0], [0, 0]))


def test_single_cluster_has_no_interval():
    est, lo, hi = ratio_ci([2], [4])
    assert est == 0.5 and np.isnan(lo) and np.isnan(hi)


@pytest.mark.parametrize("level", [0, 1, 1.5])
def test_bad_level(level):
    with pytest.raises(UsageError, match="level"):
        ratio_ci([1, 2], [2, 2], level=level)


def test_grouped_cells_are_stable_when_a_cell_is_added():
    df = pd.DataFrame({
        "year": [2010, 2010, 2010, 2011, 2011, 2011],
        "doc_id": ["a", "b", "c", "d", "e", "f"],
        "k": [1, 2, 3, 0, 1, 1],
        "n": [4, 4, 4, 5, 5, 5],
    })
    one = grouped_ratio_ci(df, by=["year"], cluster="doc_id", num="k", den="n", n_boot=300)
    more = pd.concat([df, pd.DataFrame({"year": [2012, 2012], "doc_id": ["g", "h"], "k": [1, 1], "n": [2, 3]})])
    two = grouped_ratio_ci(more, by=["year"], cluster="doc_id", num="k", den="n", n_boot=300)
    pd.testing.assert_frame_equal(one, two[two.year < 2012].reset_index(drop=True))
    assert one.estimate.tolist() == pytest.approx([6 / 12, 2 / 15])
    assert one.n_clusters.tolist() == [3, 3]


def test_grouped_rows_of_one_cluster_are_summed_first():
    df = pd.DataFrame({"g": ["x", "x", "x"], "doc_id": ["a", "a", "b"], "k": [1, 1, 0], "n": [1, 1, 2]})
    out = grouped_ratio_ci(df, by=["g"], cluster="doc_id", num="k", den="n", n_boot=100)
    assert out.n_clusters.tolist() == [2]
    assert out.estimate.tolist() == [0.5]


def test_grouped_missing_column_is_named():
    with pytest.raises(UsageError, match=r"\['doc_id'\]"):
        grouped_ratio_ci(pd.DataFrame({"k": [1], "n": [1]}), by=[], cluster="doc_id", num="k", den="n")
