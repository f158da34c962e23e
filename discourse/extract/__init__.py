"""Stage 1: PDFs (and text corpora) -> documents, pages, tables, sentences.

>>> from discourse import open_store
>>> from discourse.extract import extract
>>> with open_store("out/my.duckdb") as store:            # doctest: +SKIP
...     summary = extract(["corpora/demo"], store, manifest="corpora/demo/manifest.csv")
"""

from __future__ import annotations

from discourse.extract.batch import extract, extract_one, write_result
from discourse.extract.document import DocumentInput, DocumentResult, process_pdf
from discourse.extract.settings import EXTRACTOR_VERSION, ExtractSettings

__all__ = ["extract", "extract_one", "write_result", "process_pdf", "DocumentInput", "DocumentResult",
           "ExtractSettings", "EXTRACTOR_VERSION", "add_text"]


def add_text(*args, **kwargs):
    """Ingest a CSV or a folder of .txt/.md files (see :func:`discourse.extract.text.add_text`)."""
    from discourse.extract.text import add_text as _add_text

    return _add_text(*args, **kwargs)
