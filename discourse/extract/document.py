"""Extract one PDF into the rows of one document: the unit of work, transaction and retry."""

from __future__ import annotations

import logging
import os
import time
from dataclasses import dataclass, field

from discourse.errors import DocumentError
from discourse.extract.clean import clean_pages
from discourse.extract.metadata import infer_date, infer_title
from discourse.extract.pdf import PdfReader, RawPage, loadable_pages, open_pdf
from discourse.extract.settings import EXTRACTOR_VERSION, ExtractSettings
from discourse.segment import segment_pages, sentence_rows

__all__ = ["DocumentResult", "DocumentInput", "process_pdf", "failed_result"]

log = logging.getLogger(__name__)

#: Pages with fewer non-space characters than this that draw images or outlines need OCR.
MIN_PAGE_CHARS = 20


@dataclass
class DocumentInput:
    """What the driver knows about a file before extraction."""

    doc_id: str
    sha256: str
    path: str
    n_bytes: int
    title: str | None = None
    date: str | None = None
    doc_type: str | None = None
    actor: str | None = None


@dataclass
class DocumentResult:
    """All rows of one document, written to the store in one transaction."""

    document: dict
    pages: list[dict] = field(default_factory=list)
    tables: list[dict] = field(default_factory=list)
    sentences: list[dict] = field(default_factory=list)

    @property
    def status(self) -> str:
        return self.document["status"]


def _document_row(item: DocumentInput, **values) -> dict:
    row = {
        "doc_id": item.doc_id, "sha256": item.sha256, "path": item.path, "title": item.title,
        "date": None, "date_source": None, "doc_type": item.doc_type, "actor": item.actor,
        "n_pages": None, "status": "ok", "error": None, "extractor_version": EXTRACTOR_VERSION,
        "source": "pdf", "n_bytes": item.n_bytes, "n_sentences": 0, "n_pages_ocr": 0, "warning": None,
    }
    row.update(values)
    return row


def failed_result(item: DocumentInput, status: str, error: str, seconds: float | None = None) -> DocumentResult:
    """A result for a file that could not be extracted (the batch goes on)."""
    from discourse.extract.metadata import date_from_path, parse_date

    date, source = parse_date(item.date), "manifest"
    if date is None:
        date, source = date_from_path(item.path), "filename"
    return DocumentResult(_document_row(
        item, status=status, error=error, seconds=seconds,
        title=item.title or os.path.splitext(os.path.basename(item.path))[0],
        date=date, date_source=source if date else None,
    ))


def process_pdf(item: DocumentInput, settings: ExtractSettings, table_engine: str = "pdfium") -> DocumentResult:
    """Extract, clean and segment one PDF.

    Returns
    -------
    DocumentResult
        ``status`` ``ok`` with pages, tables and sentences; or a failure status
        (``empty``, ``not_pdf``, ``corrupt``, ``encrypted``, ``needs_ocr``,
        ``too_large``) with a plain ``error`` naming the file.
    """
    started = time.perf_counter()
    try:
        result = _process(item, settings, table_engine)
    except DocumentError as e:
        result = failed_result(item, e.status, e.message)
    result.document["seconds"] = round(time.perf_counter() - started, 4)
    return result


def _process(item: DocumentInput, settings: ExtractSettings, table_engine: str) -> DocumentResult:
    path = item.path
    if item.n_bytes > settings.max_bytes:
        raise DocumentError("too_large", f"{path}: file is {item.n_bytes / 1e6:.0f} MB, over the "
                                         f"{settings.max_bytes / 1e6:.0f} MB limit (--max-mb).")
    try:
        pdf = open_pdf(path, settings.password)
    except DocumentError as e:
        if e.status != "corrupt":
            raise
        return _read_with_pdfplumber(item, settings, e)
    loaded: dict = {}  # the last page, loaded by the check, is read from here
    try:
        n_pages, warning = loadable_pages(pdf, path, loaded)
    except DocumentError as e:  # PDFium opened the file but cannot load its pages: try pdfminer
        pdf.close()
        return _read_with_pdfplumber(item, settings, e)
    try:
        _check_pages(path, n_pages, settings)
        reader = PdfReader(pdf, tables=settings.tables, table_engine=table_engine, path=path,
                           password=settings.password, loaded=loaded)
        meta = reader.metadata()
        raw_pages = _read_pages(reader, path, n_pages)
    finally:
        pdf.close()
    result = _finish(item, settings, raw_pages, meta, n_pages, "pdfium")
    if warning:
        result.document["warning"] = warning
    return result


def _check_pages(path: str, n_pages: int, settings: ExtractSettings) -> None:
    if n_pages == 0:
        raise DocumentError("empty", f"{path}: PDF has no pages.")
    if n_pages > settings.max_pages:
        raise DocumentError("too_large", f"{path}: PDF has {n_pages} pages, over the "
                                         f"{settings.max_pages}-page limit.")


def _read_with_pdfplumber(item: DocumentInput, settings: ExtractSettings, pdfium_error: DocumentError):
    """PDFium could not load the file: try pdfminer, which repairs some broken files."""
    from discourse.extract.pdf import PlumberReader

    try:
        reader = PlumberReader(item.path, settings.password, tables=settings.tables)
    except DocumentError as e:
        raise DocumentError("corrupt", f"{pdfium_error.message} {e.message.split(': ', 1)[-1]}") from e
    try:
        _check_pages(item.path, len(reader), settings)
        meta = reader.metadata()
        raw_pages = _read_pages(reader, item.path)
    finally:
        reader.close()
    result = _finish(item, settings, raw_pages, meta, len(raw_pages), "pdfplumber")
    if result.status == "ok":
        result.document["warning"] = (f"PDFium could not open the file ({pdfium_error.message.split(': ', 1)[-1]}); "
                                      f"read with the pdfminer fallback, which found {len(raw_pages)} page(s).")
    return result


def _finish(item: DocumentInput, settings: ExtractSettings, raw_pages: list[RawPage], meta: dict,
            n_pages: int, engine: str) -> DocumentResult:
    path = item.path
    needs_ocr = {p.page_no for p in raw_pages if p.n_chars_raw < MIN_PAGE_CHARS and p.has_graphics}
    method = {p.page_no: engine for p in raw_pages}
    if needs_ocr and settings.ocr:
        from discourse.extract.ocr import ocr_pages

        for page in ocr_pages(path, sorted(needs_ocr), settings):
            raw_pages[page.page_no - 1] = page
            method[page.page_no] = "ocr"
        needs_ocr = {p.page_no for p in raw_pages if p.n_chars_raw < MIN_PAGE_CHARS and p.has_graphics
                     and method[p.page_no] != "ocr"}

    cleaned = clean_pages([(p.page_no, p.height, p.lines, p.n_chars_raw, [t.bbox for t in p.tables])
                           for p in raw_pages])
    pages = [
        {"doc_id": item.doc_id, "page_no": c.page_no, "text": c.text, "n_chars": len(c.text),
         "n_chars_raw": c.n_chars_raw, "needs_ocr": c.page_no in needs_ocr, "method": method[c.page_no],
         "removed_lines": c.removed}
        for c in cleaned
    ]
    texts = [c.text for c in cleaned]
    date, date_source = infer_date(item.date, texts, path, meta)
    doc = _document_row(
        item, n_pages=n_pages, title=infer_title(item.title, meta, texts, path), date=date,
        date_source=date_source, n_pages_ocr=len(needs_ocr),
    )
    if not any(texts):
        if needs_ocr:
            doc.update(status="needs_ocr", error=(
                f"{path}: no text layer on {len(needs_ocr)} of {n_pages} pages (scanned?): "
                + ("OCR found no text either." if settings.ocr else "re-run with --ocr to OCR them.")))
        else:
            doc.update(status="empty", error=f"{path}: PDF has {n_pages} page{'s' if n_pages != 1 else ''} but no text.")
        return DocumentResult(doc, pages)

    tables = [
        {"doc_id": item.doc_id, "page_no": p.page_no, "table_no": t.table_no, "rows_json": _json(t.rows),
         "n_rows": len(t.rows), "n_cols": max(len(r) for r in t.rows), "bbox_json": _json(list(t.bbox))}
        for p in raw_pages for t in p.tables
    ]
    sentences = sentence_rows(item.doc_id, segment_pages((c.page_no, c.text) for c in cleaned))
    doc["n_sentences"] = len(sentences)
    return DocumentResult(doc, pages, tables, sentences)


def _read_pages(reader, path: str, n_pages: int | None = None) -> list[RawPage]:
    """Read every page (the first ``n_pages``); a page that fails is kept empty (the document is not lost)."""
    pages = []
    for i in range(len(reader) if n_pages is None else n_pages):
        try:
            pages.append(reader.read_page(i))
        except MemoryError:
            raise
        except Exception:  # noqa: BLE001 - one broken page must not lose the document
            log.warning("%s: page %d could not be read; kept empty", path, i + 1, exc_info=True)
            pages.append(RawPage(i + 1, 0.0, 0.0, [], 0))
    return pages


def _json(value) -> str:
    import json

    return json.dumps(value, ensure_ascii=False)
