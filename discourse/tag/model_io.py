"""Saving and loading trained tagging models, with a version check.

Models are scikit-learn objects pickled inside an envelope that records what
made them (discourse, scikit-learn and Python versions, the kind of model).
Loading refuses a file of another kind or one trained with another
scikit-learn major.minor version: unpickled scikit-learn objects from other
versions can fail or silently change. Pickle runs code when loading: load only
models you trust (the same rule as joblib and scikit-learn).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import platform
from pathlib import Path
from typing import Any

from discourse._versions import __version__
from discourse.errors import ModelError

__all__ = ["save_model", "load_model", "model_identity"]

_FORMAT = "discourse-model/1"


def _sklearn_version() -> str:
    import sklearn

    return sklearn.__version__


def _major_minor(version: str) -> tuple[str, ...]:
    return tuple(version.split(".")[:2])


def save_model(model: Any, path: str | os.PathLike, *, kind: str, info: dict[str, Any] | None = None) -> Path:
    """Pickle ``model`` with its provenance to ``path``; returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    envelope = {
        "format": _FORMAT, "kind": kind, "discourse": __version__, "sklearn": _sklearn_version(),
        "python": platform.python_version(), "info": dict(info or {}), "model": model,
    }
    with path.open("wb") as fh:
        pickle.dump(envelope, fh, protocol=pickle.HIGHEST_PROTOCOL)
    return path


def load_model(path: str | os.PathLike, *, kind: str) -> Any:
    """Load a model saved by :func:`save_model`.

    Raises
    ------
    ModelError
        If the file is missing, not a discourse model, of another kind, or was
        trained with another scikit-learn major.minor version.
    """
    path = Path(path)
    if not path.is_file():
        raise ModelError(f"Model file {path} does not exist.")
    try:
        with path.open("rb") as fh:
            envelope = pickle.load(fh)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError) as e:
        raise ModelError(f"{path} is not a discourse model file (cannot unpickle it: {e}).") from e
    if not isinstance(envelope, dict) or envelope.get("format") != _FORMAT:
        raise ModelError(f"{path} is not a discourse model file: train one with 'discourse train-{kind}'.")
    if envelope.get("kind") != kind:
        raise ModelError(f"{path} is a {envelope.get('kind')} model, not a {kind} model.")
    if _major_minor(envelope["sklearn"]) != _major_minor(_sklearn_version()):
        raise ModelError(
            f"{path} was trained with scikit-learn {envelope['sklearn']}, but {_sklearn_version()} is installed: "
            f"retrain it with 'discourse train-{kind}' (models do not carry across scikit-learn versions)."
        )
    return envelope["model"]


def model_identity(path: str | os.PathLike) -> str:
    """``<file name>@<first 16 hex digits of its SHA-256>``: what a tag run records."""
    path = Path(path)
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    except OSError as e:
        raise ModelError(f"Cannot read model file {path}: {e}") from e
    return f"{path.name}@{digest}"
