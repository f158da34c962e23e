"""Read PDFs: page text with line geometry (pypdfium2), tables (pdfplumber's table algorithms).

PDFium is the fast path for text: ~300-450 pages/s here, against ~7 for
pdfplumber's ``extract_text``. Each line of PDFium's text comes with the box of
its first and last characters and its font size, which the cleanup uses to find
running headers/footers, paragraph breaks and headings.

Tables: running pdfplumber on every page that has ruling lines costs ~0.27 s a
page, and council budget papers are mostly such pages. So ruling lines are read
from PDFium's path objects and handed to pdfplumber's table algorithms, redone
on tuples with the same results (:mod:`discourse.extract.lattice`: merge ->
intersections -> cells -> tables); cell text comes from PDFium's text in each
cell's box. ``table_engine="pdfplumber"`` runs pdfplumber's full
``find_tables`` instead (the reference, used by the benchmark to check
agreement).

PDFium is not thread-safe: use one thread per process.
"""

from __future__ import annotations

import ctypes
import datetime as dt
import os
import re
from dataclasses import dataclass, field
from typing import Iterator

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from discourse.errors import DocumentError
from discourse.extract import lattice

__all__ = ["Line", "RawPage", "RawTable", "PdfReader", "PlumberReader", "open_pdf", "loadable_pages",
           "parse_pdf_date"]


@dataclass(slots=True)
class Line:
    """One line of page text with its geometry (top-down PDF points; None if unknown)."""

    text: str
    x0: float | None = None
    x1: float | None = None
    top: float | None = None
    bottom: float | None = None
    size: float | None = None


@dataclass
class RawTable:
    table_no: int
    rows: list[list[str | None]]
    bbox: tuple[float, float, float, float]


@dataclass
class RawPage:
    page_no: int
    width: float
    height: float
    lines: list[Line]
    n_chars_raw: int
    has_graphics: bool = False  # images, or many vector paths (glyphs drawn as outlines)
    tables: list[RawTable] = field(default_factory=list)
    geometry: bool = True


_PDF_DATE = re.compile(r"^(?:D:)?(\d{4})(\d{2})?(\d{2})?")


def parse_pdf_date(value: str | None) -> dt.date | None:
    """Parse a PDF date string (``D:20250121093000+00'00'``) to a date, or None."""
    if not value:
        return None
    m = _PDF_DATE.match(value.strip())
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1))
    except ValueError:
        return None


def _classify_pdfium_error(path: str, err: Exception, password: str | None) -> DocumentError:
    msg = str(err)
    low = msg.lower()
    if "password" in low:
        if password:
            return DocumentError("encrypted", f"{path}: PDF is encrypted and the password given does not open it.")
        return DocumentError("encrypted", f"{path}: PDF is encrypted: pass --password to open it.")
    if "format" in low or "not a pdf" in low:
        return DocumentError("corrupt", f"{path}: not a readable PDF (PDFium: {msg}); the file may be truncated or damaged.")
    if "security" in low:
        return DocumentError("encrypted", f"{path}: PDF uses an unsupported security handler (PDFium: {msg}).")
    return DocumentError("corrupt", f"{path}: cannot open PDF (PDFium: {msg}).")


def open_pdf(path: str, password: str | None = None) -> pdfium.PdfDocument:
    """Open a PDF with PDFium, turning failures into :class:`DocumentError` with a status.

    Raises
    ------
    DocumentError
        ``empty`` (0 bytes), ``not_pdf`` (no PDF header), ``encrypted``, ``corrupt``.
    """
    size = os.path.getsize(path)
    if size == 0:
        raise DocumentError("empty", f"{path}: file is empty (0 bytes).")
    with open(path, "rb") as fh:
        head = fh.read(1024)
    if b"%PDF-" not in head:
        kind = "HTML" if b"<html" in head.lower() else "not a PDF"
        raise DocumentError("not_pdf", f"{path}: file has no PDF header ({kind}); is it really a PDF?")
    try:
        return pdfium.PdfDocument(path, password=password)
    except pdfium.PdfiumError as e:
        raise _classify_pdfium_error(path, e, password) from e


def loadable_pages(pdf: pdfium.PdfDocument, path: str, keep: dict | None = None) -> tuple[int, str | None]:
    """The number of pages PDFium can load, and a warning when the file declares more.

    PDFium takes a page tree's ``/Count`` at its word (below about a million),
    so a file declaring 1,000,000 pages over one real page would be refused as
    too large, and one declaring 40 over two would yield 38 phantom pages. The
    last declared page is loaded; when it does not load, a binary search finds
    the last one that does.

    Parameters
    ----------
    keep : dict, optional
        When given and the last declared page loads, that page is left open in
        it under its index, for :class:`PdfReader` (which would load it again);
        closing the document closes it.

    Raises
    ------
    DocumentError
        ``corrupt`` when no declared page can be loaded (a broken page tree).
    """
    declared = len(pdf)
    if declared == 0:
        return declared, None
    last = _load_page(pdf, declared - 1)
    if last is not None:
        if keep is None:
            last.close()
        else:
            keep[declared - 1] = last
        return declared, None
    good, bad = -1, declared - 1  # page `good` loads (-1: none found yet), page `bad` does not
    while bad - good > 1:
        mid = (good + bad) // 2
        page = _load_page(pdf, mid)
        if page is not None:
            page.close()
            good = mid
        else:
            bad = mid
    if good < 0:
        raise DocumentError("corrupt", f"{path}: none of the {declared} page(s) the file declares can be loaded "
                                       "(broken page tree).")
    return good + 1, (f"The page tree declares {declared} pages but only the first {good + 1} could be loaded; "
                      "the rest were ignored.")


def _load_page(pdf: pdfium.PdfDocument, index: int):
    """The page, or None when PDFium cannot load it."""
    try:
        return pdf[index]
    except pdfium.PdfiumError:
        return None


class PdfReader:
    """Read pages of one open PDF.

    Parameters
    ----------
    pdf : pypdfium2.PdfDocument
    tables : bool
        Look for tables on each page.
    table_engine : {"pdfium", "pdfplumber"}
        Where table rulings and cell text come from (see module docstring).
    path, password : str
        Needed only by the pdfplumber table engine.
    loaded : dict, optional
        Pages already loaded (index -> page, e.g. by :func:`loadable_pages`):
        each is read instead of loading the page again, then closed.
    """

    def __init__(self, pdf: pdfium.PdfDocument, *, tables: bool = True, table_engine: str = "pdfium",
                 path: str | None = None, password: str | None = None, loaded: dict | None = None):
        self.pdf = pdf
        self._loaded = loaded if loaded is not None else {}
        self.tables = tables
        self.table_engine = table_engine
        self.path = path
        self.password = password
        self._plumber = None

    def __len__(self) -> int:
        return len(self.pdf)

    def metadata(self) -> dict:
        """The Info dictionary's standard keys; a value that cannot be read is left out on its own."""
        meta = {}
        for key in self.pdf.METADATA_KEYS:
            try:
                value = self.pdf.get_metadata_value(key)
            except Exception:  # noqa: BLE001 - e.g. invalid UTF-16 in /Title must not lose /CreationDate
                continue
            if value:
                meta[key] = value
        return meta

    def pages(self) -> Iterator[RawPage]:
        try:
            for i in range(len(self.pdf)):
                yield self.read_page(i)
        finally:
            if self._plumber is not None:
                self._plumber.close()

    def read_page(self, index: int) -> RawPage:
        page = self._loaded.pop(index, None)
        if page is None:
            page = self.pdf[index]
        try:
            textpage = page.get_textpage()
            try:
                return self._read(page, textpage, index)
            finally:
                textpage.close()
        finally:
            page.close()

    def _read(self, page, textpage, index: int) -> RawPage:
        left, bottom, right, top = page.get_mediabox()
        text = textpage.get_text_range()
        geometry = page.get_rotation() % 180 == 0
        lines = _lines(textpage, text, top, left, geometry)
        raw = RawPage(index + 1, right - left, top - bottom, lines, len(text.strip()), geometry=geometry)
        if not (self.tables or raw.n_chars_raw < 20):
            return raw  # the object scan is needed only for tables and scanned-page checks
        paths, images = _scan_objects(page)
        raw.has_graphics = images > 0 or len(paths) >= _OUTLINE_PATHS
        if self.tables and len(paths) >= 4 and lines:
            if self.table_engine == "pdfplumber":
                raw.tables = self._plumber_tables(index)
            else:
                raw.tables = _find_tables(textpage, paths, top, left)
        return raw

    def _plumber_tables(self, index: int) -> list[RawTable]:
        import pdfplumber

        if self._plumber is None:
            self._plumber = pdfplumber.open(self.path, password=self.password or "")
        p = self._plumber.pages[index]
        out = []
        for t in ([] if _too_dense_for_tables(p) else p.find_tables()):
            rows = [[_cell(c) for c in row] for row in t.extract()]
            if _keep_table(rows):
                out.append(RawTable(len(out), rows, tuple(round(v, 1) for v in t.bbox)))
        p.close()
        return out


# -- text lines ---------------------------------------------------------------

def _lines(textpage, text: str, page_top: float, page_left: float, geometry: bool) -> list[Line]:
    """Split PDFium text into lines, each with the loose box of its first and last glyphs.

    Loose boxes span the font's ascent..descent: their height is the effective
    font size even when the text matrix scales a 1-point font (common).
    """
    out: list[Line] = []
    pos = 0
    n = len(text)
    raw_tp = textpage.raw
    box = pdfium_c.FS_RECTF()
    loose = pdfium_c.FPDFText_GetLooseCharBox
    ref = ctypes.byref(box)
    for chunk in text.split("\r\n"):
        start, end = pos, pos + len(chunk)
        pos = end + 2
        stripped = chunk.strip()
        if not stripped:
            continue
        first = start + (len(chunk) - len(chunk.lstrip()))
        last = end - 1 - (len(chunk) - len(chunk.rstrip()))
        if not geometry or first >= n or last < first or not loose(raw_tp, first, ref):
            out.append(Line(chunk))
            continue
        l0, t0, b0 = box.left, box.top, box.bottom
        if not loose(raw_tp, last, ref):
            out.append(Line(chunk))
            continue
        out.append(Line(
            chunk,
            x0=l0 - page_left,
            x1=box.right - page_left,
            top=page_top - max(t0, box.top),
            bottom=page_top - min(b0, box.bottom),
            size=round(max(t0 - b0, box.top - box.bottom), 1),
        ))
    return out


# -- page objects and tables ----------------------------------------------------

_PATH = pdfium_c.FPDF_PAGEOBJ_PATH
_IMAGE = pdfium_c.FPDF_PAGEOBJ_IMAGE
_MAX_PATHS = 4000  # pages with more vector paths are drawings/maps, not tables
# Table finding costs O(h * v) time and memory for the ruling lines and O(n^2) time for the n
# intersections found (pdfplumber's cell search: 10000 took 4.4 s on one page, 19600 about 20 s).
# The shared corpora peak at h * v = 10764 and 387 intersections; denser grids are drawings.
_MAX_RULING_PAIRS = 100_000
_MAX_INTERSECTIONS = 5000
_OUTLINE_PATHS = 50  # a page with no text but this many paths draws its text as outlines: OCR it


def _scan_objects(page) -> tuple[list, int]:
    """The top-level path objects of a page, and the number of image objects."""
    raw_page = page.raw
    n = pdfium_c.FPDFPage_CountObjects(raw_page)
    paths = []
    images = 0
    get, kind = pdfium_c.FPDFPage_GetObject, pdfium_c.FPDFPageObj_GetType
    for k in range(n):
        obj = get(raw_page, k)
        t = kind(obj)
        if t == _PATH:
            paths.append(obj)
        elif t == _IMAGE:
            images += 1
    return paths, images


def _rulings(paths: list, page_top: float, page_left: float) -> tuple[list[tuple], list[tuple]]:
    """Horizontal ``(top, x0, x1)`` and vertical ``(x, top, bottom, height)`` rulings drawn by path objects."""
    h: list[tuple] = []
    v: list[tuple] = []
    if len(paths) > _MAX_PATHS:
        return h, v
    fl, fb, fr, ft = (ctypes.c_float() for _ in range(4))
    for obj in paths:
        nseg = pdfium_c.FPDFPath_CountSegments(obj)
        if nseg <= 5:
            if not pdfium_c.FPDFPageObj_GetBounds(obj, fl, fb, fr, ft):
                continue
            _box_rulings(h, v, fl.value - page_left, page_top - ft.value, fr.value - page_left,
                         page_top - fb.value)
        else:
            _segment_rulings(h, v, obj, nseg, page_top, page_left)
    return h, v


def _box_rulings(h: list, v: list, x0: float, top: float, x1: float, bottom: float) -> None:
    w, ht = x1 - x0, bottom - top
    if ht <= 2 and w > 2:
        h.append(((top + bottom) / 2, x0, x1))
    elif w <= 2 and ht > 2:
        v.append(((x0 + x1) / 2, top, bottom, bottom - top))
    elif w > 2 and ht > 2:
        h.append((top, x0, x1))
        h.append((bottom, x0, x1))
        v.append((x0, top, bottom, bottom - top))
        v.append((x1, top, bottom, bottom - top))


def _segment_rulings(h: list, v: list, obj, nseg: int, page_top: float, page_left: float) -> None:
    """Axis-aligned straight segments of a complex path (a grid drawn as one path)."""
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, m):
        return
    fx, fy = ctypes.c_float(), ctypes.c_float()
    start = prev = None
    for i in range(nseg):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, i)
        if not pdfium_c.FPDFPathSegment_GetPoint(seg, fx, fy):
            continue
        x = m.a * fx.value + m.c * fy.value + m.e - page_left
        y = page_top - (m.b * fx.value + m.d * fy.value + m.f)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO or prev is None:
            start = prev = (x, y)
            continue
        if kind == pdfium_c.FPDF_SEGMENT_LINETO:
            _straight(h, v, prev, (x, y))
        prev = (x, y)
        if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
            _straight(h, v, prev, start)
            prev = start


def _straight(h: list, v: list, a, b) -> None:
    (xa, ya), (xb, yb) = a, b
    if abs(ya - yb) < 1 and abs(xa - xb) > 2:
        h.append(((ya + yb) / 2, min(xa, xb), max(xa, xb)))
    elif abs(xa - xb) < 1 and abs(ya - yb) > 2:
        top, bottom = min(ya, yb), max(ya, yb)
        v.append(((xa + xb) / 2, top, bottom, bottom - top))


def _find_tables(textpage, paths: list, page_top: float, page_left: float) -> list[RawTable]:
    """Ruled tables on a page: pdfplumber's lattice algorithm on PDFium's rulings (see :mod:`.lattice`)."""
    h, v = _rulings(paths, page_top, page_left)
    if len(h) < 2 or len(v) < 2:  # a ruled cell needs two rules each way (merging only removes rules)
        return []
    h, v = lattice.merge_rulings(h, v)
    if len(h) * len(v) > _MAX_RULING_PAIRS:  # pathological drawing: skip before the O(h * v) pass
        return []
    intersections = lattice.ruling_intersections(h, v)
    if len(intersections) > _MAX_INTERSECTIONS:  # pathological drawing
        return []
    out: list[RawTable] = []
    text = None
    for cells in lattice.cells_to_tables(lattice.intersections_to_cells(intersections)):
        rows = lattice.table_rows(cells)
        if len(rows) < 2 or len(rows[0]) < 2:  # every row has a slot per column: _keep_table would drop it
            continue
        if text is None:
            text = lattice.BoundedText(textpage)
        rows = [[None if c is None else _cell(text(c[0] + page_left, page_top - c[3], c[2] + page_left,
                                                   page_top - c[1]))
                 for c in row] for row in rows]
        if _keep_table(rows):
            bbox = (min(c[0] for c in cells), min(c[1] for c in cells), max(c[2] for c in cells),
                    max(c[3] for c in cells))
            out.append(RawTable(len(out), rows, tuple(round(x, 1) for x in bbox)))
    return out


def _too_dense_for_tables(page) -> bool:
    """True when a pdfplumber page's rulings would make ``find_tables`` blow up (see ``_MAX_RULING_PAIRS``)."""
    from pdfplumber import table as pt

    edges = pt.merge_edges(page.edges, pt.DEFAULT_SNAP_TOLERANCE, pt.DEFAULT_SNAP_TOLERANCE,
                           pt.DEFAULT_JOIN_TOLERANCE, pt.DEFAULT_JOIN_TOLERANCE)
    n_h = sum(1 for e in edges if e["orientation"] == "h")
    if n_h * (len(edges) - n_h) > _MAX_RULING_PAIRS:
        return True
    return len(pt.edges_to_intersections(edges, 3, 3)) > _MAX_INTERSECTIONS


def _cell(text: str | None) -> str | None:
    if text is None:
        return None
    return " ".join(text.replace("\ufffe", "-").split())


def _keep_table(rows: list[list[str | None]]) -> bool:
    """A table has at least two rows, two columns and two cells with text."""
    if len(rows) < 2 or max((len(r) for r in rows), default=0) < 2:
        return False
    filled = sum(1 for r in rows for c in r if c)
    return filled >= 2


class PlumberReader:
    """Read pages with pdfplumber (pdfminer.six): the fallback for files PDFium cannot load.

    pdfminer repairs some broken cross-reference tables that PDFium rejects. It
    is ~40x slower, so it is used only when PDFium fails to open a document;
    pages read this way have ``method = 'pdfplumber'``.
    """

    def __init__(self, path: str, password: str | None = None, *, tables: bool = True):
        import pdfplumber

        try:
            self._pdf = pdfplumber.open(path, password=password or "")
            self._n = len(self._pdf.pages)
        except Exception as e:  # noqa: BLE001 - pdfminer raises many types for broken files
            raise DocumentError("corrupt", f"{path}: pdfminer cannot read it either ({type(e).__name__}: "
                                           f"{e or 'no reason given'}).") from e
        self.tables = tables

    def __len__(self) -> int:
        return self._n

    def metadata(self) -> dict:
        meta = {}
        for k, v in (self._pdf.metadata or {}).items():
            if isinstance(v, bytes):
                v = v.decode("utf-8", "replace")
            if isinstance(v, str):
                meta[k] = v
        return meta

    def close(self) -> None:
        self._pdf.close()

    def read_page(self, index: int) -> RawPage:
        page = self._pdf.pages[index]
        try:
            lines = [
                Line(ln["text"], x0=ln["x0"], x1=ln["x1"], top=ln["top"], bottom=ln["bottom"],
                     size=round(ln["bottom"] - ln["top"], 1))
                for ln in page.extract_text_lines(strip=True, return_chars=False)
            ]
            raw = RawPage(index + 1, float(page.width), float(page.height), lines,
                          sum(len(ln.text) for ln in lines),
                          has_graphics=bool(page.images) or len(page.curves) + len(page.rects) >= _OUTLINE_PATHS)
            if self.tables and (page.lines or page.rects) and not _too_dense_for_tables(page):
                for t in page.find_tables():
                    rows = [[_cell(c) for c in row] for row in t.extract()]
                    if _keep_table(rows):
                        raw.tables.append(RawTable(len(raw.tables), rows, tuple(round(v, 1) for v in t.bbox)))
            return raw
        finally:
            page.close()
