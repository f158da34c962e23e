"""Versions of discourse and the packages it depends on, for run records."""

from __future__ import annotations

import platform
from importlib import metadata

__all__ = ["__version__", "package_versions"]

try:
    __version__ = metadata.version("discourse")
except metadata.PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

_RECORDED = (
    "spacy",
    "spacy-lookups-data",
    "scikit-learn",
    "bertopic",
    "pdfplumber",
    "pypdfium2",
    "pdfminer.six",
    "duckdb",
    "pandas",
    "numpy",
    "umap-learn",
    "hdbscan",
    "dask",
    "distributed",
    "ftfy",
)


def package_versions() -> dict[str, str | None]:
    """Return the versions of discourse, Python and the key packages.

    Returns
    -------
    dict
        Package name to version string; ``None`` when a package is absent.
    """
    versions: dict[str, str | None] = {
        "discourse": __version__,
        "python": platform.python_version(),
    }
    for name in _RECORDED:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions
