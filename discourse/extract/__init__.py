"""Stage 1: PDFs (and text corpora) -> documents, pages, tables, sentences.

>>> from discourse import open_store
>>> from discourse.extract import extract
>>> with open_store("out/my.duckdb") as store:            # doctest: +SKIP
...     summary = extract(["corpora/demo"], store, manifest="corpora/demo/manifest.csv")

Names are imported on first use, so a worker process that only extracts files
does not load pandas or DuckDB.
"""

from __future__ import annotations

from discourse._lazy import lazy_getattr
from discourse.extract.settings import EXTRACTOR_VERSION, ExtractSettings

_LAZY = {
    "extract": "discourse.extract.batch",
    "write_result": "discourse.extract.batch",
    "extract_one": "discourse.extract.worker",
    "process_pdf": "discourse.extract.document",
    "DocumentInput": "discourse.extract.document",
    "DocumentResult": "discourse.extract.document",
    "add_text": "discourse.extract.text",
}

__all__ = ["ExtractSettings", "EXTRACTOR_VERSION", *_LAZY]


__getattr__ = lazy_getattr(__name__, _LAZY)
