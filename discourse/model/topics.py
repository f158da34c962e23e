"""BERTopic adapter with the scikit-learn contract, offline by default.

:class:`TopicModel` wraps BERTopic with settings that run with no download and
give the same assignments for the same input, parameters and seed:

- embeddings from :mod:`discourse.model.embeddings` (corpus-trained PPMI-SVD word
  vectors with SIF weights by default; an installed sentence-transformers model on request);
- UMAP with a fixed ``random_state`` (which also makes it single-threaded), whose
  spectral initialisation is seeded in full (:class:`~discourse.model.seeded_umap.SeededUMAP`:
  repeated units otherwise made it differ from process to process);
- HDBSCAN, whose ``min_cluster_size`` is ``min_topic_size`` (by default scaled
  to the number of units, see :func:`auto_min_topic_size`), selecting leaf
  clusters: on 90k sentences the default "excess of mass" selection returned two
  giant topics, leaf selection ~80 coherent ones;
- BLAS held to one thread while fitting and assigning: the number of BLAS
  threads changes floating-point sums, and with them the topics (on the Kent
  sentences, 152 topics with one OpenBLAS thread and 165 with two), so the
  same seed on a laptop and on a cluster node would disagree;
- c-TF-IDF over unigrams and bigrams with an English stop list, with BM25
  weighting (measured on 89k manifesto sentences: topic diversity 0.81 instead
  of 0.79 at the same coherence).

Topic -1 (HDBSCAN's outliers) is never hidden: :meth:`TopicModel.reduce_outliers`
assigns outliers to their nearest topic by c-TF-IDF similarity when it passes a
threshold, and callers report the outlier share before and after.

The stage function that reads the store and writes the tables is
:func:`discourse.model.topics_store.fit_topics`.
"""

from __future__ import annotations

import contextlib
import json
import logging
from pathlib import Path
from typing import Any, Iterator, Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.utils.validation import check_is_fitted

from discourse._versions import package_versions
from discourse.errors import ModelError, UsageError
from discourse.model.embeddings import DEFAULT_EMBEDDING, hub_offline, make_embedding_model

__all__ = ["TopicModel", "auto_min_topic_size", "OUTLIER_STRATEGIES"]

log = logging.getLogger(__name__)

OUTLIER_STRATEGIES: tuple[str, ...] = ("c-tf-idf", "embeddings", "none")


def auto_min_topic_size(n_units: int) -> int:
    """The default smallest topic: 1 in 30 units up to 30 on small corpora, 1 in 500 on large ones, at least 10.

    HDBSCAN's ``min_cluster_size`` set to BERTopic's default of 10 yields
    thousands of topics on 100k sentences, and dozens of unreadable 10-sentence
    topics on a corpus of 1,000; scaling it keeps topics readable at both ends.

    Examples
    --------
    >>> auto_min_topic_size(200), auto_min_topic_size(2_000), auto_min_topic_size(90_000)
    (10, 30, 180)
    """
    n = int(n_units)
    return max(10, min(30, n // 30), n // 500)


class TopicModel(BaseEstimator):
    """Topics of short texts with BERTopic, offline and reproducible.

    Parameters
    ----------
    embedding : str, default "ppmi-sif"
        Embedding backend spec (see :func:`discourse.model.embeddings.make_embedding_model`).
    n_components : int, default 100
        Dimensions of the default TF-IDF + SVD embedding.
    n_neighbors : int, default 15
        UMAP neighbourhood size.
    umap_dims : int, default 5
        Dimensions UMAP reduces to before clustering.
    min_topic_size : int or None, default None
        HDBSCAN ``min_cluster_size``; None uses :func:`auto_min_topic_size` of the fitted texts.
    min_samples : int or None, default 10
        HDBSCAN ``min_samples`` (how conservative clustering is; lower gives fewer outliers).
    cluster_selection : {"leaf", "eom"}, default "leaf"
        HDBSCAN ``cluster_selection_method``.
    ngram_range : (int, int), default (1, 2)
        N-grams of the c-TF-IDF topic terms.
    min_df : int, default 3
        Smallest number of units a topic term must occur in.
    top_n_words : int, default 25
        Terms kept per topic.
    bm25_weighting : bool, default True
        c-TF-IDF with BM25 weighting (BERTopic ``ClassTfidfTransformer``).
    reduce_frequent_words : bool, default False
        Square-root term frequencies in c-TF-IDF: more diverse, less coherent topic terms.
    seed_topic_list : list of list of str, optional
        Guided topics: seed terms per topic (BERTopic ``seed_topic_list``).
    outlier_strategy : {"c-tf-idf", "embeddings", "none"}, default "c-tf-idf"
        How :meth:`reduce_outliers` reassigns topic -1 units.
    outlier_threshold : float, default 0.05
        Smallest similarity to a topic for an outlier to be reassigned; below it the unit stays -1.
    seed : int, default 0
        Seeds the SVD and UMAP; the same seed, texts and parameters give the same topics.

    Attributes
    ----------
    model_ : bertopic.BERTopic
        The fitted model.
    topics_ : ndarray of int
        Topic of each fitted text (-1 = outlier), before outlier reduction.
    probs_ : ndarray of float
        HDBSCAN membership strength of each fitted text in its topic.
    n_topics_ : int
        Topics found, not counting -1.
    min_topic_size_ : int
        The ``min_cluster_size`` used.
    versions_ : dict
        Package versions at fit time.

    Examples
    --------
    >>> tm = TopicModel(seed=1).fit(texts)  # doctest: +SKIP
    >>> topics, probs = tm.transform(["Councils will keep business rates."])  # doctest: +SKIP
    """

    def __init__(
        self,
        embedding: str = DEFAULT_EMBEDDING,
        *,
        n_components: int = 100,
        n_neighbors: int = 15,
        umap_dims: int = 5,
        min_topic_size: int | None = None,
        min_samples: int | None = 10,
        cluster_selection: str = "leaf",
        ngram_range: tuple[int, int] = (1, 2),
        min_df: int = 3,
        top_n_words: int = 25,
        bm25_weighting: bool = True,
        reduce_frequent_words: bool = False,
        seed_topic_list: list[list[str]] | None = None,
        outlier_strategy: str = "c-tf-idf",
        outlier_threshold: float = 0.05,
        seed: int = 0,
    ):
        self.embedding = embedding
        self.n_components = n_components
        self.n_neighbors = n_neighbors
        self.umap_dims = umap_dims
        self.min_topic_size = min_topic_size
        self.min_samples = min_samples
        self.cluster_selection = cluster_selection
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.top_n_words = top_n_words
        self.bm25_weighting = bm25_weighting
        self.reduce_frequent_words = reduce_frequent_words
        self.seed_topic_list = seed_topic_list
        self.outlier_strategy = outlier_strategy
        self.outlier_threshold = outlier_threshold
        self.seed = seed

    # -- building -----------------------------------------------------------
    def _validate(self, n_texts: int) -> None:
        if self.outlier_strategy not in OUTLIER_STRATEGIES:
            raise UsageError(
                f"outlier_strategy must be one of {', '.join(OUTLIER_STRATEGIES)}, got {self.outlier_strategy!r}."
            )
        if self.cluster_selection not in ("leaf", "eom"):
            raise UsageError(f"cluster_selection must be 'leaf' or 'eom', got {self.cluster_selection!r}.")
        if self.min_topic_size is not None and self.min_topic_size < 2:
            raise UsageError(f"min_topic_size must be at least 2, got {self.min_topic_size}.")
        if self.seed_topic_list is not None and (
            not self.seed_topic_list or not all(isinstance(s, (list, tuple)) and s for s in self.seed_topic_list)
        ):
            raise UsageError("seed_topic_list must be a non-empty list of non-empty lists of seed terms.")
        size = self.min_topic_size or auto_min_topic_size(n_texts)
        if n_texts < max(2 * size, self.n_neighbors + 1):
            raise UsageError(
                f"{n_texts} texts are too few to find topics of at least {size} units: "
                f"model at least {max(2 * size, self.n_neighbors + 1)} texts, or lower min_topic_size."
            )

    def _vectorizer(self) -> CountVectorizer:
        # Words of two or more characters with at least one letter: years, amounts and
        # paragraph numbers ("2014", "000", "15") describe no topic.
        return CountVectorizer(stop_words="english", ngram_range=tuple(self.ngram_range), min_df=self.min_df,
                               token_pattern=r"(?u)\b(?=\w*[^\W\d_])\w\w+\b")

    def _build(self, n_texts: int) -> Any:
        from bertopic import BERTopic
        from bertopic.vectorizers import ClassTfidfTransformer
        from hdbscan import HDBSCAN

        from discourse.model.seeded_umap import SeededUMAP

        self.min_topic_size_ = self.min_topic_size or auto_min_topic_size(n_texts)
        seeds = [[str(t).lower() for t in s] for s in self.seed_topic_list] if self.seed_topic_list else None
        return BERTopic(
            embedding_model=make_embedding_model(self.embedding, seed=self.seed, n_components=self.n_components),
            umap_model=SeededUMAP(
                n_neighbors=self.n_neighbors, n_components=self.umap_dims, min_dist=0.0, metric="cosine",
                random_state=self.seed, low_memory=True,
            ),
            hdbscan_model=HDBSCAN(
                min_cluster_size=self.min_topic_size_, min_samples=self.min_samples, metric="euclidean",
                cluster_selection_method=self.cluster_selection, prediction_data=True,
            ),
            vectorizer_model=self._vectorizer(),
            ctfidf_model=ClassTfidfTransformer(
                bm25_weighting=self.bm25_weighting, reduce_frequent_words=self.reduce_frequent_words
            ),
            top_n_words=self.top_n_words,
            seed_topic_list=seeds,
        )

    # -- sklearn API ----------------------------------------------------------
    def fit(self, texts: Sequence[str], y: None = None) -> "TopicModel":
        """Fit topics on ``texts``.

        Parameters
        ----------
        texts : sequence of str
            The units to model (sentences or paragraphs).
        y : None
            Ignored (scikit-learn convention).

        Returns
        -------
        TopicModel
            ``self``, fitted.
        """
        self.fit_transform(texts)
        return self

    def fit_transform(self, texts: Sequence[str], y: None = None) -> tuple[np.ndarray, np.ndarray]:
        """Fit on ``texts`` and return each text's topic and probability (before outlier reduction)."""
        texts = _as_texts(texts)
        self._validate(len(texts))
        model = self._build(len(texts))
        with hub_offline(), _quiet_numba(), _one_blas_thread():
            try:
                topics, probs = model.fit_transform(texts)
            except (ValueError, TypeError) as e:
                raise ModelError(f"BERTopic could not fit {len(texts)} texts: {e}") from e
        self.model_ = model
        self.topics_ = np.asarray(topics, dtype=np.int64)
        self.probs_ = _as_probs(probs, len(texts))
        self.n_topics_ = int(self.topics_.max() + 1) if len(self.topics_) else 0
        self.versions_ = package_versions()
        if self.n_topics_ == 0:
            raise ModelError(
                f"No topics found in {len(texts)} texts (every text is an outlier): lower min_topic_size "
                f"(now {self.min_topic_size_}) or model more texts."
            )
        return self.topics_.copy(), self.probs_.copy()

    def transform(self, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """Assign texts to the fitted topics (UMAP transform + HDBSCAN approximate prediction).

        Returns
        -------
        (topics, probs) : (ndarray of int, ndarray of float)
            Topic -1 for outliers; probabilities are HDBSCAN membership strengths.
        """
        check_is_fitted(self, "model_")
        texts = _as_texts(texts)
        if not texts:
            return np.empty(0, dtype=np.int64), np.empty(0)
        with hub_offline(), _quiet_numba(), _one_blas_thread():
            topics, probs = self.model_.transform(texts)
        return np.asarray(topics, dtype=np.int64), _as_probs(probs, len(texts))

    def reduce_outliers(self, texts: Sequence[str], topics: Sequence[int]) -> np.ndarray:
        """Reassign topic -1 texts to their most similar topic (see ``outlier_strategy``).

        Texts whose best similarity is below ``outlier_threshold`` stay -1.
        With ``outlier_strategy="none"`` the topics are returned unchanged.
        """
        check_is_fitted(self, "model_")
        topics = np.asarray(topics, dtype=np.int64)
        texts = _as_texts(texts)
        if len(texts) != len(topics):
            raise UsageError(f"{len(texts)} texts but {len(topics)} topics: pass one topic per text.")
        if self.outlier_strategy == "none" or not (topics == -1).any():
            return topics.copy()
        with hub_offline(), _quiet_numba(), _one_blas_thread():
            new = self.model_.reduce_outliers(
                texts, topics.tolist(), strategy=self.outlier_strategy, threshold=self.outlier_threshold
            )
        return np.asarray(new, dtype=np.int64)

    # -- results ------------------------------------------------------------
    def topic_terms(self, top_n: int | None = None) -> dict[int, list[str]]:
        """Each topic's terms, best first (topic -1 included when present)."""
        check_is_fitted(self, "model_")
        n = top_n or self.top_n_words
        reps = self.model_.get_topics()
        return {int(t): [w for w, _ in words if w][:n] for t, words in sorted(reps.items())}

    def topic_info(self) -> pd.DataFrame:
        """``topic_id``, ``label`` (the four best terms), ``top_terms`` and ``size`` (fitted texts)."""
        terms = self.topic_terms()
        sizes = pd.Series(self.topics_).value_counts()
        rows = [
            (t, ("outliers: " if t == -1 else "") + ("_".join(ws[:4]) or f"topic {t} (no distinctive terms)"), ws,
             int(sizes.get(t, 0)))
            for t, ws in terms.items()
        ]
        return pd.DataFrame(rows, columns=["topic_id", "label", "top_terms", "size"])

    def bin_terms(self, texts: Sequence[str], topics: Sequence[int], bins: Sequence[Any]) -> pd.DataFrame:
        """Each topic's terms within each group of texts (BERTopic ``topics_over_time``).

        Uses plain per-group c-TF-IDF (no evolution or global tuning), so terms
        are those the topic used in that group.

        Returns
        -------
        DataFrame
            ``topic_id``, ``group`` and ``terms`` (the five best, comma-separated).
        """
        check_is_fitted(self, "model_")
        texts = _as_texts(texts)
        codes, labels = pd.factorize(pd.Series(list(bins), dtype=object), sort=True)
        keep = codes >= 0
        if not keep.any():
            return pd.DataFrame(columns=["topic_id", "group", "terms"])
        sub_texts = [t for t, k in zip(texts, keep) if k]
        sub_topics = np.asarray(topics)[keep].tolist()
        with _quiet_numba():
            tot = self.model_.topics_over_time(
                sub_texts, codes[keep].tolist(), topics=sub_topics, evolution_tuning=False, global_tuning=False
            )
        return pd.DataFrame({
            "topic_id": tot["Topic"].astype(int),
            "group": [labels[int(c)] for c in tot["Timestamp"]],
            "terms": [", ".join(w for w in str(words).split(", ") if w.strip()) for words in tot["Words"]],
        })

    # -- persistence --------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Save the fitted adapter (BERTopic pickled with joblib, no torch) and a JSON sidecar.

        The sidecar ``<path>.json`` records the parameters and package versions;
        :meth:`load` refuses a file written with another BERTopic version.
        """
        import joblib

        check_is_fitted(self, "model_")
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(self, path, compress=3)
        meta = {"params": _jsonable(self.get_params()), "versions": self.versions_,
                "n_topics": self.n_topics_, "min_topic_size": self.min_topic_size_, "format": "joblib"}
        path.with_suffix(path.suffix + ".json").write_text(json.dumps(meta, indent=2, sort_keys=True))
        return path

    @classmethod
    def load(cls, path: str | Path) -> "TopicModel":
        """Load a model written by :meth:`save`.

        Only load files you trust: the format is a pickle.

        Raises
        ------
        ModelError
            The file is missing or not a model, or was written with another BERTopic version.
        """
        import joblib

        path = Path(path)
        if not path.is_file():
            raise ModelError(f"No topic model at {path}: fit one with 'discourse topics' first.")
        try:
            model = joblib.load(path)
        except Exception as e:  # joblib raises many types for a bad file
            raise ModelError(f"Cannot read the topic model {path}: {e}") from e
        if not isinstance(model, cls):
            raise ModelError(f"{path} does not hold a discourse TopicModel (found {type(model).__name__}).")
        saved, now = model.versions_.get("bertopic"), package_versions().get("bertopic")
        if saved != now:
            raise ModelError(
                f"The topic model {path} was written with bertopic {saved}, but {now} is installed: "
                f"install bertopic=={saved} or refit the model."
            )
        return model


def _as_texts(texts: Sequence[str]) -> list[str]:
    if isinstance(texts, str):
        raise UsageError("Pass a list of texts, not a single string.")
    return ["" if t is None else str(t) for t in texts]


def _as_probs(probs: Any, n: int) -> np.ndarray:
    if probs is None:
        return np.full(n, np.nan)
    arr = np.asarray(probs, dtype=float)
    return arr.max(axis=1) if arr.ndim == 2 else arr


def _jsonable(params: dict) -> dict:
    return json.loads(json.dumps(params, default=str))


def _one_blas_thread() -> contextlib.AbstractContextManager:
    """BLAS held to one thread: topics that do not depend on how many cores the machine has."""
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=1, user_api="blas")


@contextlib.contextmanager
def _quiet_numba() -> Iterator[None]:
    """Silence UMAP's 'n_jobs overridden by random_state' warning: single-threading is the point."""
    import warnings

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*n_jobs value .* overridden.*")
        yield
