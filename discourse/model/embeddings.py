"""Embedding backends for topic modelling.

The default backends need no download; both are scikit-learn pipelines, which
BERTopic accepts as its ``embedding_model``, deterministic for a given seed and
picklable without torch:

- ``"ppmi-sif"`` (default): word vectors learned from the corpus itself (a
  truncated SVD of the positive PMI matrix of words co-occurring in a unit;
  Levy, Goldberg & Dagan 2015), averaged per unit with smooth inverse frequency
  weights and the common component removed (Arora, Liang & Ma 2017). Units that
  share no word but use related words end up close, and units that share only a
  common word ("want", "provide") do not cluster on it.
- ``"tfidf-svd"``: TF-IDF, a truncated SVD (latent semantic analysis) and L2
  normalisation: purely lexical, cheaper, and the common choice.

An optional backend uses a sentence-transformers model the user has installed,
named or given as a local folder. It needs the ``embeddings`` extra (which pulls
torch) and never downloads: the Hugging Face hub is put in offline mode first.
When the package is missing the call fails with :class:`~discourse.errors.MissingExtraError`;
there is no silent fallback to the default.

Backends are chosen with a spec string:

- ``"ppmi-sif"`` (default) or ``"tfidf-svd"``: the offline pipelines;
- ``"sentence-transformers:NAME"``: a sentence-transformers model from the local cache;
- a path to a local folder holding a sentence-transformers model.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Any, Iterator

import numpy as np
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.decomposition import TruncatedSVD
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import Normalizer, normalize
from sklearn.utils.validation import check_is_fitted

from discourse.errors import ModelError, UsageError, missing_extra

__all__ = [
    "DEFAULT_EMBEDDING",
    "OFFLINE_EMBEDDINGS",
    "LatentSemantic",
    "SifEmbedder",
    "tfidf_svd_pipeline",
    "ppmi_sif_pipeline",
    "make_embedding_model",
    "hub_offline",
]

DEFAULT_EMBEDDING = "ppmi-sif"
OFFLINE_EMBEDDINGS: tuple[str, ...] = ("ppmi-sif", "tfidf-svd")
_ST_PREFIX = "sentence-transformers:"


class LatentSemantic(BaseEstimator, TransformerMixin):
    """Truncated SVD that caps its rank at what the data allow.

    scikit-learn's :class:`~sklearn.decomposition.TruncatedSVD` fails when asked
    for more components than the vocabulary has; small corpora hit that. This
    wrapper fits ``min(n_components, n_features - 1)`` components.

    Parameters
    ----------
    n_components : int, default 100
        Upper bound on the dimensions kept.
    seed : int, default 0
        Random state of the randomized SVD solver.

    Attributes
    ----------
    svd_ : TruncatedSVD
        The fitted decomposition.
    n_components_ : int
        Dimensions actually kept.
    """

    def __init__(self, n_components: int = 100, seed: int = 0):
        self.n_components = n_components
        self.seed = seed

    def fit(self, X, y=None) -> "LatentSemantic":
        self.fit_transform(X)
        return self

    def fit_transform(self, X, y=None) -> np.ndarray:
        if self.n_components < 2:
            raise UsageError(f"n_components must be at least 2, got {self.n_components}.")
        n_features = X.shape[1]
        if n_features < 3:
            raise ModelError(
                f"The texts have only {n_features} distinct terms after the stop list: too few to model topics. "
                "Model more (or longer) units."
            )
        self.n_components_ = min(self.n_components, n_features - 1)
        self.svd_ = TruncatedSVD(n_components=self.n_components_, random_state=self.seed)
        return self.svd_.fit_transform(X)

    def transform(self, X) -> np.ndarray:
        check_is_fitted(self, "svd_")
        return self.svd_.transform(X)


class SifEmbedder(BaseEstimator, TransformerMixin):
    """Unit embeddings from corpus-trained PPMI-SVD word vectors with SIF weights.

    Takes a unit-by-term count matrix (from a ``CountVectorizer``). At fit time
    it learns word vectors: the positive pointwise mutual information of terms
    co-occurring in the same unit (context distribution smoothed with exponent
    0.75), reduced with a truncated SVD and L2-normalised. A unit's embedding is
    the average of its words' vectors weighted by ``a / (a + p(w))``, minus its
    projection on the first principal component of the fitted units, L2-normalised.

    Parameters
    ----------
    n_components : int, default 100
        Word-vector dimensions (capped by the vocabulary size).
    a : float, default 1e-3
        SIF smoothing: smaller values down-weight frequent words more.
    seed : int, default 0
        Random state of the SVD solvers.

    Attributes
    ----------
    word_vectors_ : ndarray of shape (n_terms, n_components_)
    weights_ : ndarray of shape (n_terms,)
        SIF weight of each term.
    common_ : ndarray of shape (1, n_components_)
        The common component removed from every embedding.
    """

    def __init__(self, n_components: int = 100, a: float = 1e-3, seed: int = 0):
        self.n_components = n_components
        self.a = a
        self.seed = seed

    def fit(self, X, y=None) -> "SifEmbedder":
        X = sparse.csr_matrix(X, dtype=np.float64)
        n_terms = X.shape[1]
        if n_terms < 3:
            raise ModelError(
                f"The texts have only {n_terms} distinct terms after the stop list: too few to model topics. "
                "Model more (or longer) units."
            )
        self.n_components_ = min(self.n_components, n_terms - 1)
        self.word_vectors_ = _ppmi_word_vectors(X, self.n_components_, self.seed)
        freq = np.asarray(X.sum(axis=0)).ravel()
        self.weights_ = self.a / (self.a + freq / max(freq.sum(), 1.0))
        raw = self._average(X)
        self.common_ = TruncatedSVD(n_components=1, random_state=self.seed).fit(raw).components_
        return self

    def _average(self, X) -> np.ndarray:
        X = sparse.csr_matrix(X, dtype=np.float64)
        weighted = X.multiply(self.weights_[None, :]).tocsr()
        out = np.asarray(weighted @ self.word_vectors_)
        n_words = np.asarray(X.sum(axis=1)).ravel()
        n_words[n_words == 0] = 1.0
        return out / n_words[:, None]

    def transform(self, X) -> np.ndarray:
        check_is_fitted(self, "common_")
        emb = self._average(X)
        emb -= (emb @ self.common_.T) @ self.common_
        return normalize(emb).astype(np.float32)


def _ppmi_word_vectors(X: sparse.csr_matrix, n_components: int, seed: int) -> np.ndarray:
    """Word vectors: truncated SVD of the PPMI matrix of terms co-occurring in a unit."""
    binary = X.copy()
    binary.data[:] = 1.0
    co = (binary.T @ binary).tocoo()
    off = co.row != co.col
    rows, cols, counts = co.row[off], co.col[off], co.data[off]
    word = np.bincount(rows, weights=counts, minlength=X.shape[1])
    ctx = word ** 0.75
    with np.errstate(divide="ignore"):
        pmi = np.log(counts * ctx.sum()) - np.log(word[rows] * ctx[cols])
    keep = pmi > 0
    ppmi = sparse.csr_matrix((pmi[keep], (rows[keep], cols[keep])), shape=(X.shape[1],) * 2)
    k = min(n_components, max(1, min(ppmi.shape) - 1))
    vectors = TruncatedSVD(n_components=k, random_state=seed).fit_transform(ppmi)
    return normalize(vectors)


def ppmi_sif_pipeline(
    *,
    n_components: int = 100,
    min_df: int | float = 2,
    max_features: int | None = 30_000,
    seed: int = 0,
) -> Pipeline:
    """The default offline embedding: term counts -> :class:`SifEmbedder`.

    Parameters
    ----------
    n_components : int, default 100
        Word-vector dimensions.
    min_df : int or float, default 2
        Smallest document frequency of a term in the vocabulary.
    max_features : int or None, default 30000
        Largest vocabulary (most frequent terms); bounds the co-occurrence matrix.
    seed : int, default 0

    Returns
    -------
    sklearn.pipeline.Pipeline
        Unfitted.

    Examples
    --------
    >>> texts = ["local councils decide budgets", "councils set local budgets",
    ...          "volunteers run local libraries", "volunteers help libraries"]
    >>> ppmi_sif_pipeline(n_components=2, min_df=1).fit_transform(texts).shape
    (4, 2)
    """
    return Pipeline([
        ("counts", CountVectorizer(stop_words="english", min_df=min_df, max_features=max_features)),
        ("sif", SifEmbedder(n_components=n_components, seed=seed)),
    ])


def tfidf_svd_pipeline(
    *,
    n_components: int = 100,
    min_df: int | float = 2,
    max_df: float = 0.5,
    max_features: int | None = 50_000,
    seed: int = 0,
) -> Pipeline:
    """The lexical offline embedding: TF-IDF -> truncated SVD -> L2 normalisation.

    Parameters
    ----------
    n_components : int, default 100
        Embedding dimensions (capped by the vocabulary size).
    min_df, max_df : int or float
        Document-frequency bounds of the TF-IDF vocabulary (as in scikit-learn).
    max_features : int or None, default 50000
        Largest vocabulary kept (most frequent terms); bounds memory on big corpora.
    seed : int, default 0
        Seed of the SVD solver; the pipeline is otherwise deterministic.

    Returns
    -------
    sklearn.pipeline.Pipeline
        Unfitted; BERTopic fits it on the first texts it embeds.

    Examples
    --------
    >>> pipe = tfidf_svd_pipeline(n_components=2, min_df=1, max_df=1.0)
    >>> pipe.fit_transform(["local councils decide", "councils raise money", "volunteers run libraries"]).shape
    (3, 2)
    """
    return Pipeline([
        ("tfidf", TfidfVectorizer(
            stop_words="english", sublinear_tf=True, min_df=min_df, max_df=max_df,
            max_features=max_features, dtype=np.float32,
        )),
        ("svd", LatentSemantic(n_components=n_components, seed=seed)),
        ("norm", Normalizer(copy=False)),
    ])


@contextlib.contextmanager
def hub_offline() -> Iterator[None]:
    """Put the Hugging Face hub in offline mode for the duration of a block.

    Sets ``HF_HUB_OFFLINE=1`` and ``TRANSFORMERS_OFFLINE=1`` unless the user set
    them, and restores the environment afterwards. Nothing is ever downloaded.
    """
    keys = ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE")
    before = {k: os.environ.get(k) for k in keys}
    for k in keys:
        os.environ.setdefault(k, "1")
    try:
        yield
    finally:
        for k, v in before.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def _sentence_transformer(name_or_path: str) -> Any:
    with hub_offline():
        try:
            from sentence_transformers import SentenceTransformer
        except ImportError as e:
            raise missing_extra("sentence_transformers", "embeddings", "Sentence-transformer topic embeddings") from e
        try:
            return SentenceTransformer(name_or_path, device="cpu")
        except Exception as e:  # the library raises OSError, ValueError or hub errors
            raise ModelError(
                f"Cannot load the sentence-transformers model {name_or_path!r} offline: {e}. "
                "Pass a local folder holding the model, or a name already in the local cache; "
                "discourse never downloads models."
            ) from e


def make_embedding_model(spec: str = DEFAULT_EMBEDDING, *, seed: int = 0, n_components: int = 100) -> Any:
    """Build the embedding model named by ``spec`` (see the module docs).

    Parameters
    ----------
    spec : str, default "ppmi-sif"
        ``"ppmi-sif"``, ``"tfidf-svd"``, ``"sentence-transformers:NAME"`` or a local model folder.
    seed : int, default 0
        Seed of the offline pipelines.
    n_components : int, default 100
        Dimensions of the offline pipelines.

    Returns
    -------
    object
        An unfitted scikit-learn pipeline, or a loaded ``SentenceTransformer``.

    Raises
    ------
    MissingExtraError
        A sentence-transformers backend was asked for and the package is absent.
    UsageError
        ``spec`` is none of the accepted forms.
    """
    if spec == "ppmi-sif":
        return ppmi_sif_pipeline(n_components=n_components, seed=seed)
    if spec == "tfidf-svd":
        return tfidf_svd_pipeline(n_components=n_components, seed=seed)
    if spec.startswith(_ST_PREFIX):
        name = spec[len(_ST_PREFIX):].strip()
        if not name:
            raise UsageError("Name the model after 'sentence-transformers:', e.g. sentence-transformers:all-MiniLM-L6-v2.")
        return _sentence_transformer(name)
    if Path(spec).is_dir():
        return _sentence_transformer(str(Path(spec)))
    raise UsageError(
        f"Unknown embedding {spec!r}: use 'ppmi-sif' (offline, the default) or 'tfidf-svd' (offline), "
        f"'{_ST_PREFIX}NAME' for an installed sentence-transformers model, or a local model folder."
    )
