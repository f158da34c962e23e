"""A supervised frames classifier that learns from a hand-coded sample.

:class:`FramesClassifier` follows the scikit-learn estimator contract: one
logistic regression per frame over TF-IDF word n-grams plus the codebook's own
evidence (per-frame scores, per-sub-frame weights, negation and hedging flags),
so a small sample refines the codebook rather than starting from nothing.
Train it with ``discourse train-frames LABELS.csv --out MODEL``; tag with
``discourse tag --frames-model MODEL``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from discourse.codebooks import DEFAULT_CODEBOOK, Codebook, load_codebook
from discourse.errors import ModelError, UsageError
from discourse.tag.model_io import load_model, save_model

__all__ = ["FramesClassifier", "CodebookFeatures", "train_frames", "load_frames_model"]


class CodebookFeatures:
    """Turn texts into codebook evidence: frame scores, sub-frame weights, negated/hedged flags.

    Parameters
    ----------
    codebook : Codebook
        The codebook whose patterns supply the evidence.
    """

    def __init__(self, codebook: Codebook):
        self.codebook = codebook
        self._compiled = None
        self._nlp = None
        self.names = (
            [f"score:{f.name}" for f in codebook.frames]
            + [f"sub:{f.name}/{s.name}" for f in codebook.frames for s in f.subframes]
            + [f"negated:{f.name}" for f in codebook.frames]
            + [f"hedged:{f.name}" for f in codebook.frames]
        )

    def __getstate__(self) -> dict[str, Any]:  # the compiled matcher is rebuilt after unpickling
        return {"codebook": self.codebook, "names": self.names}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.codebook = state["codebook"]
        self.names = state["names"]
        self._compiled = None
        self._nlp = None

    def _ensure(self) -> None:
        if self._compiled is None:
            import spacy

            from discourse.tag.compile import CompiledCodebook

            self._nlp = spacy.blank(self.codebook.language)
            self._compiled = CompiledCodebook(self.codebook, self._nlp)

    def transform(self, texts: Sequence[str]) -> sparse.csr_matrix:
        """One row of evidence per text."""
        self._ensure()
        index = {n: i for i, n in enumerate(self.names)}
        rows, cols, vals = [], [], []
        for r, text in enumerate(texts):
            _, decisions = self._compiled.analyse(self._nlp.make_doc(text))
            for frame, d in decisions.items():
                cells = [(f"score:{frame}", d.score), (f"negated:{frame}", float(d.negated)),
                         (f"hedged:{frame}", float(d.hedged))]
                cells += [(f"sub:{frame}/{s}", w) for s, w in d.subframes.items()]
                for name, v in cells:
                    if v:
                        rows.append(r)
                        cols.append(index[name])
                        vals.append(v)
        return sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), len(self.names)))


class FramesClassifier(ClassifierMixin, BaseEstimator):
    """One logistic regression per frame over word n-grams and codebook evidence.

    Parameters
    ----------
    codebook : str or Codebook, default "big-society.v5" (DEFAULT_CODEBOOK)
        Supplies the evidence features; ``None`` uses text features only.
    C : float, default 1.0
        Inverse regularisation strength of each logistic regression.
    ngram_range : tuple, default (1, 2)
        Word n-grams for TF-IDF.
    min_df : int, default 2
        Ignore n-grams in fewer documents than this.
    max_features : int, default 50000
        Keep at most this many n-grams.
    evidence_weight : float, default 1.0
        Multiplies the codebook evidence columns (how loud the codebook speaks).
    class_weight : str or None, default "balanced"
        Passed to each logistic regression (frames are rare).
    threshold : float, default 0.5
        Probability at or above which a frame is predicted present.
    random_state : int, default 0
        Seed of the solver.

    Attributes
    ----------
    frames_ : list of str
        Frames learnt, in label-column order.
    vectorizer_ : TfidfVectorizer
    evidence_ : CodebookFeatures or None
    estimators_ : dict of str -> LogisticRegression
    thresholds_ : dict of str -> float

    Examples
    --------
    >>> clf = FramesClassifier(min_df=1).fit(
    ...     ["volunteers run the library", "the minutes were agreed", "charities help", "budget approved"],
    ...     pd.DataFrame({"enabling": [1, 0, 1, 0]}))
    >>> clf.predict(["volunteers and charities"])["enabling"].tolist()
    [1]
    """

    def __init__(self, codebook: str | Codebook | None = DEFAULT_CODEBOOK, C: float = 1.0,
                 ngram_range: tuple[int, int] = (1, 2), min_df: int = 2, max_features: int = 50000,
                 evidence_weight: float = 1.0, class_weight: str | None = "balanced", threshold: float = 0.5,
                 random_state: int = 0):
        self.codebook = codebook
        self.C = C
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.max_features = max_features
        self.evidence_weight = evidence_weight
        self.class_weight = class_weight
        self.threshold = threshold
        self.random_state = random_state

    def _validate_params(self) -> None:
        if not (isinstance(self.C, (int, float)) and self.C > 0):
            raise UsageError(f"C must be a positive number, got {self.C!r}")
        if not (0.0 < float(self.threshold) < 1.0):
            raise UsageError(f"threshold must be between 0 and 1, got {self.threshold!r}")
        if self.evidence_weight < 0:
            raise UsageError(f"evidence_weight must be ≥ 0, got {self.evidence_weight!r}")

    @staticmethod
    def _texts(X: Any) -> list[str]:
        if isinstance(X, (str, bytes)):
            raise UsageError("X must be a sequence of texts, not one string")
        return ["" if (t is None or (isinstance(t, float) and np.isnan(t))) else str(t) for t in X]

    def _features(self, texts: list[str]) -> sparse.csr_matrix:
        parts = [self.vectorizer_.transform(texts)]
        if self.evidence_ is not None and self.evidence_weight:
            parts.append(self.evidence_.transform(texts) * float(self.evidence_weight))
        return sparse.hstack(parts, format="csr")

    def fit(self, X: Sequence[str], y: pd.DataFrame | np.ndarray) -> "FramesClassifier":
        """Fit one classifier per label column of ``y`` (0/1)."""
        self._validate_params()
        texts = self._texts(X)
        if isinstance(y, pd.DataFrame):
            Y = y.reset_index(drop=True)
        else:
            arr = np.asarray(y)
            arr = arr.reshape(len(arr), -1)
            Y = pd.DataFrame(arr, columns=[f"frame_{i}" for i in range(arr.shape[1])])
        if len(Y) != len(texts):
            raise UsageError(f"X has {len(texts)} texts but y has {len(Y)} rows")
        for col in Y.columns:
            values = set(pd.Series(Y[col]).dropna().astype(int).unique())
            if not values <= {0, 1}:
                raise UsageError(f"label column {col!r} must hold 0/1, got {sorted(values)}")
            if len(values) < 2:
                raise UsageError(f"label column {col!r} has only {values or 'no'} values: a classifier needs both 0 and 1")
        self.vectorizer_ = TfidfVectorizer(ngram_range=tuple(self.ngram_range), min_df=self.min_df,
                                           max_features=self.max_features, sublinear_tf=True, lowercase=True)
        try:
            self.vectorizer_.fit(texts)
        except ValueError as e:
            raise UsageError(f"Cannot build text features: {e}. Try a lower min_df.") from e
        self.evidence_ = CodebookFeatures(load_codebook(self.codebook)) if self.codebook is not None else None
        features = self._features(texts)
        self.frames_ = [str(c) for c in Y.columns]
        self.estimators_ = {}
        for col in Y.columns:
            mask = Y[col].notna().to_numpy()
            lr = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=2000,
                                    random_state=self.random_state, solver="liblinear")
            lr.fit(features[mask], Y[col][mask].astype(int).to_numpy())
            self.estimators_[str(col)] = lr
        self.thresholds_ = {f: float(self.threshold) for f in self.frames_}
        self.classes_ = np.array([0, 1])
        return self

    def predict_proba_frames(self, X: Sequence[str]) -> pd.DataFrame:
        """Probability that each frame is present: one column per frame."""
        check_is_fitted(self, ["estimators_", "vectorizer_"])
        texts = self._texts(X)
        if not texts:
            return pd.DataFrame(columns=self.frames_, dtype=float)
        features = self._features(texts)
        return pd.DataFrame({f: self.estimators_[f].predict_proba(features)[:, 1] for f in self.frames_})

    def predict_proba(self, X: Sequence[str]) -> np.ndarray:
        """Array of shape (n_texts, n_frames): probability each frame is present."""
        return self.predict_proba_frames(X).to_numpy()

    def predict(self, X: Sequence[str]) -> pd.DataFrame:
        """0/1 per frame (a DataFrame with one column per frame)."""
        proba = self.predict_proba_frames(X)
        return pd.DataFrame({f: (proba[f] >= self.thresholds_[f]).astype(int) for f in self.frames_})


def train_frames(labels: str | os.PathLike | pd.DataFrame, out: str | os.PathLike, *,
                 text_column: str = "text", frames: Sequence[str] | None = None,
                 codebook: str | Codebook | None = DEFAULT_CODEBOOK, **params: Any) -> dict[str, Any]:
    """Fit a :class:`FramesClassifier` on a hand-coded CSV and save it.

    Parameters
    ----------
    labels : path or DataFrame
        Hand-coded sentences (the gold layout: ``id,text,localism,enabling,ensuring,...``).
    out : path
        Where to write the model.
    text_column : str
        The text column.
    frames : list of str, optional
        Label columns to learn; default: the codebook's frames found in the file.
    codebook : str, Codebook or None
        Evidence features (None: text only).
    **params
        Passed to :class:`FramesClassifier`.

    Returns
    -------
    dict
        The model path, frames, row count and positives per frame.
    """
    df = labels.copy() if isinstance(labels, pd.DataFrame) else _read_labels(Path(labels))
    if text_column not in df.columns:
        raise UsageError(f"labels have no text column {text_column!r}; columns are {', '.join(map(str, df.columns))}")
    cb_frames = load_codebook(codebook).frame_names if codebook is not None else ()
    cols = list(frames) if frames else [c for c in cb_frames if c in df.columns]
    missing = [c for c in cols if c not in df.columns]
    if missing or not cols:
        raise UsageError(f"labels have no frame columns {', '.join(missing or cb_frames)}: pass --frames")
    y = df[cols].apply(pd.to_numeric, errors="coerce")
    clf = FramesClassifier(codebook=codebook, **params).fit(df[text_column].tolist(), y)
    cb = load_codebook(codebook) if codebook is not None else None
    path = save_model(clf, out, kind="frames", info={
        "codebook": cb.ref if cb else None, "codebook_sha256": cb.sha256 if cb else None,
        "frames": clf.frames_, "n_rows": len(df)})
    return {"model": str(path), "frames": clf.frames_, "n_rows": int(len(df)),
            "positives": {c: int((y[c] == 1).sum()) for c in cols}}


def _read_labels(path: Path) -> pd.DataFrame:
    try:
        return pd.read_csv(path)
    except FileNotFoundError as e:
        raise UsageError(f"Labels file {path} does not exist.") from e
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as e:
        raise UsageError(f"Cannot read labels {path} as CSV: {e}") from e


def load_frames_model(path: str | os.PathLike) -> FramesClassifier:
    """Load a frames model saved by :func:`train_frames` (version-checked)."""
    model = load_model(path, kind="frames")
    if not hasattr(model, "predict_proba_frames"):
        raise ModelError(f"{path} does not hold a frames classifier.")
    return model
