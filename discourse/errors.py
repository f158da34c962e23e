"""One error hierarchy for discourse.

Every error the toolkit raises on purpose is a :class:`DiscourseError`. Where a
built-in exception type fits, subclasses inherit it too, so callers can catch
``ValueError`` or ``FileNotFoundError`` as usual. Messages say what was wrong,
with the value, what is allowed and how to fix it. The CLI turns these into
``click.ClickException`` at a single boundary.
"""

from __future__ import annotations

__all__ = [
    "DiscourseError",
    "UsageError",
    "StoreError",
    "SchemaVersionError",
    "ExtractError",
    "DocumentError",
    "TagError",
    "CodebookError",
    "MissingExtraError",
    "MissingToolError",
    "ModelError",
    "missing_extra",
]


class DiscourseError(Exception):
    """Base class of every error discourse raises on purpose."""


class UsageError(DiscourseError, ValueError):
    """A parameter or option has a value that is not allowed."""


class StoreError(DiscourseError):
    """The corpus store cannot be opened, read or written."""


class SchemaVersionError(StoreError):
    """The store was written by a newer schema than this version knows."""


class ExtractError(DiscourseError):
    """Extraction of a batch cannot go on (not a per-file problem)."""


class DocumentError(DiscourseError):
    """One input document cannot be read; the batch goes on.

    Parameters
    ----------
    status : str
        The ``documents.status`` the file ends with (``encrypted``, ``corrupt``,
        ``empty``, ``needs_ocr``, ``timeout``, ``too_large``, ...).
    message : str
        A plain reason, naming the file.
    """

    def __init__(self, status: str, message: str):
        super().__init__(message)
        self.status = status
        self.message = message

    def __reduce__(self):  # picklable across worker processes
        return (type(self), (self.status, self.message))


class TagError(DiscourseError, RuntimeError):
    """Tagging could not finish (e.g. a Dask worker died); the chunks already committed stay."""


class CodebookError(DiscourseError, ValueError):
    """A codebook file or dictionary is invalid."""


class ModelError(DiscourseError, ValueError):
    """A saved model cannot be loaded or does not fit the data given."""


class MissingExtraError(DiscourseError, ImportError):
    """An optional backend was asked for but its extra is not installed."""


class MissingToolError(DiscourseError, FileNotFoundError):
    """An external program (ocrmypdf, tesseract, chromium) is not installed."""


def missing_extra(package: str, extra: str, purpose: str) -> MissingExtraError:
    """Build the error for an optional package that is not installed.

    Examples
    --------
    >>> raise missing_extra("sentence_transformers", "embeddings", "sentence-transformer topics")
    Traceback (most recent call last):
    ...
    discourse.errors.MissingExtraError: sentence-transformer topics need the ...
    """
    return MissingExtraError(
        f"{purpose} need the '{package}' package, which is not installed. "
        f"Install the extra: pip install 'discourse[{extra}]'"
    )
