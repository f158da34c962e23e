import math

import numpy as np
import pytest

from discourse.errors import UsageError
from discourse.model.quality import npmi_coherence, reference_vectorizer, topic_diversity

TEXTS = [
    "council budget cut",
    "council budget",
    "river boat",
    "river boat trip",
    "council tax rise",
    "boat trip",
]


def test_npmi_of_terms_that_always_co_occur_is_one():
    mean, per = npmi_coherence([["river", "boat"]], ["river boat", "river boat", "tax", "cut"], top_n=2)
    assert mean == pytest.approx(1.0)
    assert per.tolist() == pytest.approx([1.0])


def test_npmi_of_terms_never_together_is_minus_one():
    mean, _ = npmi_coherence([["council", "river"]], TEXTS, top_n=2)
    assert mean == pytest.approx(-1.0)


def test_npmi_matches_the_formula():
    # council in 3 of 6 texts, budget in 2, together in 2
    p_ab, p_a, p_b = 2 / 6, 3 / 6, 2 / 6
    expected = math.log(p_ab / (p_a * p_b)) / -math.log(p_ab)
    mean, _ = npmi_coherence([["council", "budget"]], TEXTS, top_n=2)
    assert mean == pytest.approx(expected)


def test_coherent_topics_score_higher_than_mixed_ones():
    good, _ = npmi_coherence([["council", "budget"], ["river", "boat"]], TEXTS, top_n=2)
    mixed, _ = npmi_coherence([["council", "boat"], ["river", "budget"]], TEXTS, top_n=2)
    assert good > mixed


def test_bigram_terms_are_counted_with_the_analyzer_that_made_them():
    # stop words are removed before bigrams form, as in the topic model's vectorizer
    texts = ["the council of the county", "council county", "boat"]
    mean, _ = npmi_coherence([["council county", "council"]], texts, top_n=2, vectorizer=reference_vectorizer())
    assert mean == pytest.approx(1.0)


def test_a_term_absent_from_the_texts_never_co_occurs():
    _, per = npmi_coherence([["council", "zzz"]], TEXTS, top_n=2)
    assert per[0] == pytest.approx(-1.0)


def test_topic_with_one_term_is_nan_and_left_out_of_the_mean():
    mean, per = npmi_coherence([["council"], ["river", "boat"]], TEXTS, top_n=2)
    assert math.isnan(per[0])
    assert mean == pytest.approx(per[1])


@pytest.mark.parametrize(
    "topics, top_n, expected",
    [
        ([["a", "b"], ["c", "d"]], 2, 1.0),
        ([["a", "b"], ["a", "b"]], 2, 0.5),
        ([["a", "b", "c"], ["a", "x", "y"]], 3, 5 / 6),
        ([["a", "b", "c"], ["a", "x", "y"]], 2, 3 / 4),
    ],
)
def test_topic_diversity(topics, top_n, expected):
    assert topic_diversity(topics, top_n=top_n) == pytest.approx(expected)


@pytest.mark.parametrize("bad", [[], [[]]])
def test_empty_topics_are_refused(bad):
    with pytest.raises(UsageError, match="No topics"):
        topic_diversity(bad)


def test_top_n_below_two_is_refused():
    with pytest.raises(UsageError, match="top_n"):
        npmi_coherence([["a", "b"]], TEXTS, top_n=1)


def test_npmi_returns_one_score_per_topic():
    _, per = npmi_coherence([["council", "budget"], ["river", "boat"], ["tax", "rise"]], TEXTS, top_n=2)
    assert isinstance(per, np.ndarray) and per.shape == (3,)
