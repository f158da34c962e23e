"""A learnable commitment classifier: the rule evidence plus word n-grams, fitted on hand-coded sentences.

The rules of :mod:`discourse.tag.commitment_rules` need no training. Teams that
hand-code a sample of their own documents can fit :class:`CommitmentClassifier`
on it: it combines the rule decision and the evidence found in each sentence
(MONEY roles, agents, modality, hedges, stance ...) with TF-IDF word n-grams in
a logistic regression. It follows the scikit-learn estimator contract, so it
works with ``cross_val_score``, ``GridSearchCV`` and pipelines.

Models are saved with :func:`save_model` (joblib, with a metadata header) and
read back with :func:`load_model`. A saved model is a pickle: load only models
you made or trust.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction import DictVectorizer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.utils.validation import check_is_fitted

from discourse._versions import __version__
from discourse.errors import ModelError, UsageError
from discourse.tag.commitment import COMMITMENT_VERSION
from discourse.tag.commitment_rules import LABELS, decide
from discourse.tag.evidence import find_evidence

__all__ = ["CommitmentClassifier", "rule_features", "save_model", "load_model", "train_commitment",
           "read_labels"]

_FORMAT = "discourse-commitment-model"


def _sentence_features(text: str, aliases: Sequence[Sequence[str]]) -> dict[str, float]:
    se = find_evidence(text, author_aliases=aliases)
    dec = decide(se)
    f: dict[str, float] = {f"rule={dec.label}": 1.0, "rule_score": dec.score}
    counts = Counter(e.label for e in se.evidence)
    for label, n in counts.items():
        f[f"n_{label}"] = float(np.log1p(n))
    for e in se.evidence:
        if "role" in e.attrs:
            f[f"{e.label}_role={e.attrs['role']}"] = 1.0
        if e.label in ("STANCE", "MODALITY", "ACTION", "AGENT") and "kind" in e.attrs:
            f[f"{e.label}_kind={e.attrs['kind']}"] = 1.0
    for c in se.clauses:
        f[f"subject={c.subject}"] = 1.0
        f[f"action={c.strongest_action}"] = 1.0
        for flag in ("passive", "negated", "hedged", "conditional", "concrete", "specific"):
            if getattr(c, flag):
                f[f"clause_{flag}"] = 1.0
    f["n_clauses"] = float(len(se.clauses))
    return f


def rule_features(texts: Iterable[str], author_aliases: Sequence[str] = ()) -> list[dict[str, float]]:
    """The rule decision and evidence of each text as a feature dict (for ``DictVectorizer``).

    Examples
    --------
    >>> rule_features(["We will publish the plan by May 2026."])[0]["rule=pledge"]
    1.0
    """
    aliases = tuple(tuple(a.lower().split()) for a in author_aliases)
    return [_sentence_features(str(t), aliases) for t in texts]


class CommitmentClassifier(ClassifierMixin, BaseEstimator):
    """Logistic regression over rule evidence and word n-grams.

    Parameters
    ----------
    C : float, default 2.0
        Inverse regularisation strength of the logistic regression.
    ngram_range : tuple of int, default (1, 2)
        Word n-grams of the TF-IDF part.
    min_df : int, default 2
        Minimum document frequency of an n-gram.
    use_text : bool, default True
        Include the TF-IDF n-grams (False: the rule evidence alone).
    use_rules : bool, default True
        Include the rule decision and evidence features.
    rule_weight : float, default 1.0
        Scale of the rule features relative to the n-grams.
    class_weight : "balanced" or None, default "balanced"
        Passed to the logistic regression.
    author_aliases : tuple of str, default ()
        Names of the author, as for the ``discourse_commitment`` component.
    random_state : int, default 0
        Seed of the solver.

    Attributes
    ----------
    classes_ : ndarray
        The labels seen in fit.
    vectorizer_ : TfidfVectorizer or None
    dict_vectorizer_ : DictVectorizer or None
    model_ : LogisticRegression

    Examples
    --------
    >>> clf = CommitmentClassifier(min_df=1).fit(
    ...     ["We will build 500 homes.", "Communities matter.", "It rained.", "We will invest £2m in parks."],
    ...     ["pledge", "rhetoric", "other", "resourced"])
    >>> clf.predict(["We will build 300 homes."]).shape
    (1,)
    """

    def __init__(self, *, C: float = 2.0, ngram_range: tuple[int, int] = (1, 2), min_df: int = 2,
                 use_text: bool = True, use_rules: bool = True, rule_weight: float = 1.0,
                 class_weight: str | None = "balanced", author_aliases: tuple[str, ...] = (),
                 random_state: int = 0):
        self.C = C
        self.ngram_range = ngram_range
        self.min_df = min_df
        self.use_text = use_text
        self.use_rules = use_rules
        self.rule_weight = rule_weight
        self.class_weight = class_weight
        self.author_aliases = author_aliases
        self.random_state = random_state

    def _check_params(self) -> None:
        if not (self.use_text or self.use_rules):
            raise UsageError("CommitmentClassifier needs use_text or use_rules (or both) to be True.")
        if self.C <= 0:
            raise UsageError(f"C must be positive, got {self.C}.")
        if self.rule_weight <= 0:
            raise UsageError(f"rule_weight must be positive, got {self.rule_weight}.")

    def _texts(self, X: Any) -> list[str]:
        if isinstance(X, str):
            raise UsageError("Pass a list of sentences, not a single string.")
        texts = ["" if t is None or (isinstance(t, float) and np.isnan(t)) else str(t) for t in X]
        return texts

    def _matrix(self, texts: list[str], fit: bool) -> sparse.csr_matrix:
        parts = []
        if self.use_text:
            if fit:
                self.vectorizer_ = TfidfVectorizer(ngram_range=tuple(self.ngram_range), min_df=self.min_df,
                                                   sublinear_tf=True, lowercase=True)
                try:
                    parts.append(self.vectorizer_.fit_transform(texts))
                except ValueError as e:
                    raise UsageError(f"Cannot build n-gram features: {e}. Try a lower min_df.") from e
            else:
                parts.append(self.vectorizer_.transform(texts))
        if self.use_rules:
            feats = rule_features(texts, self.author_aliases)
            if fit:
                self.dict_vectorizer_ = DictVectorizer()
                parts.append(self.dict_vectorizer_.fit_transform(feats) * self.rule_weight)
            else:
                parts.append(self.dict_vectorizer_.transform(feats) * self.rule_weight)
        return sparse.hstack(parts).tocsr()

    def fit(self, X: Iterable[str], y: Iterable[str]) -> "CommitmentClassifier":
        """Fit on sentences ``X`` and their labels ``y``."""
        self._check_params()
        texts = self._texts(X)
        y = np.asarray(list(y))
        if len(texts) != len(y):
            raise UsageError(f"X has {len(texts)} sentences but y has {len(y)} labels.")
        if len(set(y)) < 2:
            raise UsageError(f"Need at least two different labels to fit, got {sorted(set(y))}.")
        self.vectorizer_ = None
        self.dict_vectorizer_ = None
        matrix = self._matrix(texts, fit=True)
        self.model_ = LogisticRegression(C=self.C, class_weight=self.class_weight, max_iter=3000,
                                         random_state=self.random_state)
        self.model_.fit(matrix, y)
        self.classes_ = self.model_.classes_
        return self

    def decision_function(self, X: Iterable[str]) -> np.ndarray:
        """Scores per class."""
        check_is_fitted(self, "model_")
        return self.model_.decision_function(self._matrix(self._texts(X), fit=False))

    def predict_proba(self, X: Iterable[str]) -> np.ndarray:
        """Class probabilities, columns in the order of ``classes_``."""
        check_is_fitted(self, "model_")
        return self.model_.predict_proba(self._matrix(self._texts(X), fit=False))

    def predict(self, X: Iterable[str]) -> np.ndarray:
        """The most probable label of each sentence."""
        check_is_fitted(self, "model_")
        return self.model_.predict(self._matrix(self._texts(X), fit=False))


# -- saving, loading, training from a CSV ----------------------------------------------------------------------
def save_model(model: CommitmentClassifier, path: str | Path) -> Path:
    """Save a fitted model (joblib) with a header naming the format and versions."""
    import joblib

    check_is_fitted(model, "model_")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    header = {"format": _FORMAT, "discourse": __version__, "commitment_rules": COMMITMENT_VERSION,
              "sklearn": _sklearn_version()}
    joblib.dump({"header": header, "model": model}, path)
    return path


def load_model(path: str | Path) -> CommitmentClassifier:
    """Load a model saved by :func:`save_model`.

    Raises
    ------
    ModelError
        If the file is missing, unreadable or not a discourse commitment model.
    """
    import joblib

    path = Path(path)
    if not path.is_file():
        raise ModelError(f"No commitment model at {path}: train one with 'discourse train-commitment'.")
    try:
        blob = joblib.load(path)
    except Exception as e:  # joblib raises many kinds: all mean "not a model we can read"
        raise ModelError(f"Cannot read commitment model {path}: {e}") from e
    if not isinstance(blob, dict) or blob.get("header", {}).get("format") != _FORMAT:
        raise ModelError(f"{path} is not a discourse commitment model (made by 'discourse train-commitment').")
    model = blob["model"]
    if not isinstance(model, CommitmentClassifier):
        raise ModelError(f"{path} holds a {type(model).__name__}, not a CommitmentClassifier.")
    return model


def _sklearn_version() -> str:
    import sklearn

    return sklearn.__version__


def read_labels(path: str | Path, *, text_column: str = "text", label_column: str = "commitment") -> pd.DataFrame:
    """Read hand-coded sentences from a CSV: rows with a text and a label.

    Rows with an empty text or label are dropped. Labels are stripped and
    lower-cased.

    Raises
    ------
    UsageError
        If the file or a column is missing, or fewer than two labels remain.
    """
    path = Path(path)
    if not path.is_file():
        raise UsageError(f"Labels file {path} does not exist.")
    try:
        df = pd.read_csv(path)
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as e:
        raise UsageError(f"Cannot read {path} as CSV: {e}") from e
    missing = [c for c in (text_column, label_column) if c not in df.columns]
    if missing:
        raise UsageError(f"{path} has no column {', '.join(map(repr, missing))}; its columns are "
                         f"{', '.join(map(str, df.columns))}. Use --text-column / --label-column.")
    out = pd.DataFrame({"text": df[text_column], "label": df[label_column]}).dropna()
    out["text"] = out["text"].astype(str).str.strip()
    out["label"] = out["label"].astype(str).str.strip().str.lower()
    out = out[(out.text != "") & (out.label != "")]
    if out["label"].nunique() < 2:
        raise UsageError(f"{path} needs at least two different labels in {label_column!r}, "
                         f"found {sorted(out['label'].unique())}.")
    return out.reset_index(drop=True)


def train_commitment(labels: str | Path, out: str | Path, *, text_column: str = "text",
                     label_column: str = "commitment", cv: int = 0, **params: Any) -> dict[str, Any]:
    """Fit a :class:`CommitmentClassifier` on a CSV of hand-coded sentences and save it.

    Parameters
    ----------
    labels : path
        CSV with a text column and a label column (any label set; the coding
        guide's is resourced / pledge / rhetoric / other).
    out : path
        Where to save the model.
    text_column, label_column : str
        Column names.
    cv : int, default 0
        When 2 or more, also report stratified ``cv``-fold cross-validated
        macro-F1 and per-class F1 before fitting on all rows.
    **params
        Parameters of :class:`CommitmentClassifier`.

    Returns
    -------
    dict
        ``n``, ``labels`` (counts), ``out``, and ``cv_macro_f1`` / ``cv_f1`` when ``cv`` ≥ 2.
    """
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    df = read_labels(labels, text_column=text_column, label_column=label_column)
    summary: dict[str, Any] = {"n": int(len(df)), "labels": df.label.value_counts().to_dict(), "out": str(out)}
    if cv and cv >= 2:
        smallest = int(df.label.value_counts().min())
        if smallest < cv:
            raise UsageError(f"cv={cv} folds need at least {cv} sentences of every label; the rarest has {smallest}.")
        folds = StratifiedKFold(n_splits=cv, shuffle=True, random_state=params.get("random_state", 0))
        pred = cross_val_predict(CommitmentClassifier(**params), df.text.tolist(), df.label.to_numpy(), cv=folds)
        classes = sorted(df.label.unique(), key=lambda c: (LABELS.index(c) if c in LABELS else 99, c))
        summary["cv_macro_f1"] = float(f1_score(df.label, pred, average="macro"))
        summary["cv_f1"] = dict(zip(classes, map(float, f1_score(df.label, pred, labels=classes, average=None))))
    model = CommitmentClassifier(**params).fit(df.text.tolist(), df.label.to_numpy())
    save_model(model, out)
    return summary
