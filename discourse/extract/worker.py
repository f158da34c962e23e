"""What a worker process runs for one file: light to import (no pandas, DuckDB or spaCy)."""

from __future__ import annotations

import time

from discourse.errors import DocumentError
from discourse.extract.document import DocumentInput, DocumentResult, failed_result, process_pdf
from discourse.extract.settings import ExtractSettings

__all__ = ["extract_one"]


def extract_one(item: DocumentInput, settings: ExtractSettings, table_engine: str = "pdfium") -> DocumentResult:
    """Extract one file, isolated in a child process unless ``settings.isolate`` is off.

    Never raises for a bad file: the result carries the status and reason.
    """
    if not settings.isolate:
        return process_pdf(item, settings, table_engine)
    from discourse.extract.isolate import run_isolated

    started = time.perf_counter()
    try:
        result, peak_mb = run_isolated(process_pdf, (item, settings, table_engine), timeout=settings.timeout,
                                       memory_mb=settings.memory_mb, label=item.path)
    except DocumentError as e:
        return failed_result(item, e.status, e.message, round(time.perf_counter() - started, 4))
    result.document["peak_rss_mb"] = round(peak_mb, 1) if peak_mb is not None else None
    return result
