import numpy as np
import pandas as pd
import pytest

from discourse.errors import UsageError
from discourse.measure import frame_shares, keyness, keyness_by_group, with_period
from discourse.periods import period_labels


def test_period_labels():
    d = pd.Series(["2014-05-01", None, "2009-12-31"])
    assert period_labels(d, "year").tolist() == ["2014", np.nan, "2009"]
    assert period_labels(d, "quarter").tolist()[0] == "2014-Q2"
    assert period_labels(d, "month").tolist()[2] == "2009-12"
    assert period_labels(d, "decade").tolist()[2] == "2000s"
    with pytest.raises(UsageError, match="bin must be one of"):
        period_labels(d, "week")


def test_frame_shares_counts_and_intervals():
    sentences = pd.DataFrame({
        "doc_id": ["a"] * 4 + ["b"] * 4 + ["c"] * 2,
        "sentence_id": [0, 1, 2, 3, 0, 1, 2, 3, 0, 1],
        "date": ["2012-01-01"] * 8 + ["2013-06-01"] * 2,
    })
    frames = pd.DataFrame({"doc_id": ["a", "a", "b", "c", "c"], "sentence_id": [0, 1, 0, 0, 0],
                           "frame": ["localism", "localism", "localism", "enabling", "localism"]})
    out = frame_shares(with_period(sentences), frames, n_boot=200)
    row = out[(out.frame == "localism") & (out.period == "2012")].iloc[0]
    assert (row.n_frame, row.n_sentences, row.n_documents) == (3, 8, 2)
    assert row.share == pytest.approx(3 / 8)
    assert row.share_lo <= row.share <= row.share_hi
    ens = out[(out.frame == "ensuring") & (out.period == "2013")].iloc[0]
    assert ens.n_frame == 0 and ens.share == 0
    assert set(out.frame) == {"localism", "enabling", "ensuring"}


def test_keyness_hand_computed_chi2():
    # target: 'devolve' 3 of 4 tokens; reference: 'devolve' 1 of 6 tokens
    texts = pd.Series(["devolve devolve devolve budget", "devolve budget budget budget budget budget"])
    k = keyness(texts, [True, False], min_count=1, stop_words=None, correction="none").set_index("feature")
    a, b, c, d = 3, 1, 1, 5
    n = a + b + c + d
    expected = n * (a * d - b * c) ** 2 / ((a + b) * (c + d) * (a + c) * (b + d))
    assert k.loc["devolve", "chi2"] == pytest.approx(expected)
    assert k.loc["budget", "chi2"] == pytest.approx(-expected)
    yates = keyness(texts, [True, False], min_count=1, stop_words=None).set_index("feature")
    assert yates.loc["devolve", "chi2"] == pytest.approx(n * (abs(a * d - b * c) - n / 2) ** 2 /
                                                          ((a + b) * (c + d) * (a + c) * (b + d)))


def test_keyness_log_likelihood_hand_computed():
    texts = pd.Series(["devolve devolve devolve budget", "devolve budget budget budget budget budget"])
    k = keyness(texts, [True, False], measure="lr", min_count=1, stop_words=None).set_index("feature")
    obs = np.array([3, 1, 1, 5.0])
    exp = np.array([4 * 4 / 10, 4 * 6 / 10, 6 * 4 / 10, 6 * 6 / 10])
    assert k.loc["devolve", "G2"] == pytest.approx(2 * (obs * np.log(obs / exp)).sum())


def test_keyness_needs_two_groups():
    with pytest.raises(UsageError, match="both the target and the reference"):
        keyness(pd.Series(["a b", "c d"]), [True, True])


def test_keyness_by_group():
    texts = pd.Series(["devolution deals devolution", "volunteers charities volunteers", "devolution power"])
    out = keyness_by_group(texts, pd.Series(["Gov", "Council", "Gov"]), min_count=1, top=1)
    assert dict(zip(out.group, out.feature)) == {"Council": "volunteers", "Gov": "devolution"}
