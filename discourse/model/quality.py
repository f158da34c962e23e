"""Topic quality: NPMI coherence on the corpus and topic diversity.

Both measures take topics as lists of terms (best first), so any topic model can
be scored the same way: discourse's BERTopic adapter, BERTopic with other
settings, scikit-learn NMF or LDA.

- **NPMI coherence** (Bouma 2009; Röder et al. 2015, ``C_NPMI`` with documents
  as the co-occurrence window): for every pair of a topic's top ``n`` terms,
  ``log(p(a, b) / (p(a) p(b))) / -log p(a, b)``, where ``p`` is the share of
  reference texts (the modelled units) containing the term(s). A pair that
  never co-occurs (including a term absent from the texts) scores -1. A topic's coherence is the mean over its pairs;
  a model's is the mean over its topics. Range -1 to 1; higher is better.
- **Topic diversity** (Dieng, Ruiz & Blei 2020): the share of unique terms
  among all topics' top ``n`` terms. 1 means no topic repeats another's terms.

Terms may be n-grams (``"local government"``): they are counted with the same
analyzer (tokens, stop list, n-gram range) that produced them, so a bigram is
present in a text when that analyzer yields it.
"""

from __future__ import annotations

from itertools import combinations
from typing import Iterable, Sequence

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer

from discourse.errors import UsageError

__all__ = ["npmi_coherence", "topic_diversity", "reference_vectorizer"]


def reference_vectorizer(
    *, ngram_range: tuple[int, int] = (1, 2), stop_words: str | list[str] | None = "english"
) -> CountVectorizer:
    """The analyzer used to count terms in the reference corpus.

    Parameters
    ----------
    ngram_range : (int, int), default (1, 2)
        Must match the n-gram range that produced the topics' terms.
    stop_words : "english", list of str or None
        Must match the stop list that produced the terms (stop words are removed
        before n-grams are formed, as scikit-learn does).

    Returns
    -------
    CountVectorizer
        An unfitted, binary vectorizer; :func:`npmi_coherence` fixes its vocabulary.
    """
    return CountVectorizer(binary=True, ngram_range=ngram_range, stop_words=stop_words)


def _check_topics(topics: Sequence[Sequence[str]], top_n: int) -> list[list[str]]:
    if top_n < 2:
        raise UsageError(f"top_n must be at least 2, got {top_n}.")
    cleaned = [[str(t) for t in terms[:top_n] if str(t)] for terms in topics]
    if not cleaned or not any(cleaned):
        raise UsageError("No topics with terms to score: pass a list of term lists, one per topic.")
    return cleaned


def npmi_coherence(
    topics: Sequence[Sequence[str]],
    texts: Iterable[str],
    *,
    top_n: int = 10,
    vectorizer: CountVectorizer | None = None,
) -> tuple[float, np.ndarray]:
    """Mean NPMI coherence of topics over their top ``top_n`` terms, on a reference corpus.

    Parameters
    ----------
    topics : list of list of str
        Each topic's terms, best first. Topics with fewer than two distinct terms
        score NaN and are left out of the mean.
    texts : iterable of str
        The reference corpus; each text is one co-occurrence window (use the
        modelled units, e.g. sentences).
    top_n : int, default 10
        Terms per topic to score.
    vectorizer : CountVectorizer, optional
        The analyzer for counting terms; defaults to :func:`reference_vectorizer`.
        Its vocabulary is set to the topics' terms.

    Returns
    -------
    (mean, per_topic) : (float, ndarray)
        The mean over topics, and each topic's coherence (NaN for topics with < 2 terms).

    Examples
    --------
    >>> texts = ["council budget cut", "council budget", "river boat", "river boat trip"]
    >>> mean, per_topic = npmi_coherence([["council", "budget"], ["river", "boat"]], texts, top_n=2)
    >>> round(mean, 3)
    1.0
    """
    topics = _check_topics(topics, top_n)
    vocab = sorted({t for terms in topics for t in terms})
    base = vectorizer if vectorizer is not None else reference_vectorizer()
    params = {**base.get_params(), "vocabulary": vocab, "binary": True}
    counter = CountVectorizer(**params)
    X = counter.fit_transform(texts).tocsc().astype(np.float64)
    n_docs = X.shape[0]
    if n_docs == 0:
        raise UsageError("The reference corpus is empty: pass the texts the topics were fitted on.")
    index = {t: i for i, t in enumerate(counter.get_feature_names_out())}
    df = np.asarray(X.sum(axis=0)).ravel()
    co = (X.T @ X).toarray()
    scores = np.array([_topic_npmi(terms, index, df, co, n_docs) for terms in topics])
    valid = scores[~np.isnan(scores)]
    return (float(valid.mean()) if len(valid) else float("nan")), scores


def _topic_npmi(terms: list[str], index: dict, df: np.ndarray, co: np.ndarray, n_docs: int) -> float:
    ids = [index[t] for t in dict.fromkeys(terms)]
    if len(ids) < 2:
        return float("nan")
    values = []
    for a, b in combinations(ids, 2):
        p_ab = co[a, b] / n_docs
        if p_ab <= 0:
            values.append(-1.0)
            continue
        p_a, p_b = df[a] / n_docs, df[b] / n_docs
        if p_ab >= 1:  # both terms in every text: perfectly associated
            values.append(1.0)
            continue
        values.append(float(np.log(p_ab / (p_a * p_b)) / -np.log(p_ab)))
    return float(np.mean(values))


def topic_diversity(topics: Sequence[Sequence[str]], *, top_n: int = 25) -> float:
    """Share of unique terms among all topics' top ``top_n`` terms.

    Parameters
    ----------
    topics : list of list of str
        Each topic's terms, best first.
    top_n : int, default 25
        Terms per topic.

    Returns
    -------
    float
        Unique terms divided by the number of (topic, term) slots filled; 1 means
        no two topics share a term.

    Examples
    --------
    >>> topic_diversity([["tax", "budget"], ["tax", "school"]], top_n=2)
    0.75
    """
    topics = _check_topics(topics, top_n)
    slots = [t for terms in topics for t in terms]
    return len(set(slots)) / len(slots)
