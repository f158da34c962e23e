"""The lattice functions compute exactly what pdfplumber's table functions compute, and
BoundedText gives exactly pypdfium2's get_text_bounded, on made-up grids and real pages."""

from __future__ import annotations

import ctypes
import random
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from pdfplumber import table as pt
from pdfplumber import utils as pu

import pdfgen
from discourse.extract import lattice
from discourse.extract.pdf import _rulings, _scan_objects

KENT = "pdf/kent-county-council/full_council/2025-02-13"
REAL_PDFS = [f"{KENT}/originals/Appendix B - Capital Investment by Directorate.pdf",  # 16 pages, 22 tables
             f"{KENT}/public_packs/Budget Amendments 13th-Feb-2025 09.30 County Council.pdf"]  # 48 pages, 35


def _plumber_edges(h, v) -> list[dict]:
    edges = [{"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0.0, "orientation": "h",
              "object_type": "line"} for y, x0, x1 in h]
    edges += [{"x0": x, "x1": x, "top": y0, "bottom": y1, "width": 0.0, "height": height, "orientation": "v",
               "object_type": "line"} for x, y0, y1, height in v]
    return edges


def _plumber_merge(h, v) -> list[dict]:
    return pu.filter_edges(pt.merge_edges(_plumber_edges(h, v), 3, 3, 3, 3), min_length=3)


def _as_rulings(edges: list[dict]) -> tuple[list, list]:
    h = [(e["top"], e["x0"], e["x1"]) for e in edges if e["orientation"] == "h"]
    v = [(e["x0"], e["top"], e["bottom"], e["height"]) for e in edges if e["orientation"] == "v"]
    return h, v


def _grid(rng: random.Random, n_rows: int, n_cols: int, gaps: float, jitter: float):
    """A ruled grid drawn the way PDFs draw them: rules split into pieces, slightly off, some twice."""
    ys = sorted(rng.sample(range(50, 800, 7), n_rows + 1))
    xs = sorted(rng.sample(range(40, 560, 9), n_cols + 1))

    def off() -> float:
        return rng.uniform(-jitter, jitter)

    h = [(y + off(), xs[0] + off(), xs[-1] + off()) for y in ys]
    h += [(y + off(), x0 + off(), x1 + off()) for y in ys[:2] for x0, x1 in zip(xs, xs[1:])]  # doubled pieces
    v = []
    for x in xs:  # some vertical rules are broken into pieces: merged cells and ragged tables
        for y0, y1 in zip(ys, ys[1:]):
            if x in (xs[0], xs[-1]) or rng.random() > gaps:
                top, bottom = y0 + off(), y1 + off()
                v.append((x + off(), top, bottom, bottom - top))
    return h, v


def _made_up(seed: int) -> tuple[list, list]:
    rng = random.Random(seed)
    h, v = _grid(rng, rng.randint(1, 12), rng.randint(1, 8), rng.choice([0.0, 0.2, 0.5]), rng.choice([0, 0.3, 1.4]))
    if seed % 3 == 0:  # a second, separate table on the same page
        h2, v2 = _grid(random.Random(seed + 100), 3, 3, 0.0, 0.5)
        h, v = h + h2, v + v2
    rng.shuffle(h)
    rng.shuffle(v)
    return h, v


@pytest.fixture(scope="module")
def real_pages(shared_corpora: Path) -> list[tuple]:
    """(rulings, textpage, page top, page left, page) of every page with two rulings each way in the real PDFs."""
    out = []
    for name in REAL_PDFS:
        pdf = pdfium.PdfDocument(str(shared_corpora / name))
        for i in range(len(pdf)):
            page = pdf[i]
            left, _, _, top = page.get_mediabox()
            paths, _ = _scan_objects(page)
            h, v = _rulings(paths, top, left)
            if len(h) >= 2 and len(v) >= 2:
                out.append(((h, v), page.get_textpage(), top, left, page))
    return out


def _check_same_as_pdfplumber(h, v) -> int:
    """Every step against pdfplumber's; returns the number of table cells compared."""
    expected_edges = _plumber_merge(h, v)
    merged = lattice.merge_rulings(h, v)
    assert merged == _as_rulings(expected_edges)
    expected_points = pt.edges_to_intersections(expected_edges, 3, 3)
    points = lattice.ruling_intersections(*merged)
    h_boxes = [(x0, top, x1, top) for top, x0, x1 in merged[0]]
    v_boxes = [(x, top, x, bottom) for x, top, bottom, _ in merged[1]]
    assert {p: ({v_boxes[i] for i in range(len(v_boxes)) if masks[0] >> i & 1},
                {h_boxes[i] for i in range(len(h_boxes)) if masks[1] >> i & 1}) for p, masks in points.items()} == {
        p: ({pu.obj_to_bbox(e) for e in edges["v"]}, {pu.obj_to_bbox(e) for e in edges["h"]})
        for p, edges in expected_points.items()}
    cells = lattice.intersections_to_cells(points)
    assert cells == pt.intersections_to_cells(expected_points)
    expected_tables = pt.cells_to_tables(cells)
    tables = lattice.cells_to_tables(cells)
    assert [sorted(t) for t in tables] == [sorted(t) for t in expected_tables]
    for mine, theirs in zip(tables, expected_tables):
        assert lattice.table_rows(mine) == [row.cells for row in pt.Table(None, theirs).rows]
    return sum(len(t) for t in tables)


@pytest.mark.parametrize("seed", range(24))
def test_made_up_grids_same_as_pdfplumber(seed):
    h, v = _made_up(seed)
    assert _check_same_as_pdfplumber(h, v) > 0, "the grid should make a table"


def test_real_pages_same_as_pdfplumber(real_pages):
    n_cells = sum(_check_same_as_pdfplumber(*rulings) for rulings, *_ in real_pages)
    assert n_cells > 300


def test_join_keeps_pdfplumber_height_arithmetic():
    """pdfplumber adds to the height when it joins pieces; bottom - top can differ from it in the last bit."""
    v = [(10.0, top, bottom, bottom - top) for top, bottom in [(10.876, 29.173), (29.173, 39.424)]]
    _, merged = lattice.merge_rulings([], v)
    assert merged == _as_rulings(_plumber_merge([], v))[1]
    assert merged == [(10.0, 10.876, 39.424, 28.548)]
    assert merged[0][3] != merged[0][2] - merged[0][1]


def test_length_filter_reads_the_joined_height():
    """Two pieces 3.0 points long end to end, whose joined height pdfplumber computes as 2.9999999999999996."""
    v = [(10.0, top, bottom, bottom - top) for top, bottom in [(1.72, 3.81), (3.81, 4.72)]]
    assert lattice.merge_rulings([], v) == _as_rulings(_plumber_merge([], v)) == ([], [])


@pytest.mark.parametrize("h, v, n_cells", [
    # rulings 3 points apart snap; a vertical one crosses a horizontal one ending 3 points before it
    ([(100.0, 50.0, 200.0), (103.0, 50.0, 120.0), (150.0, 53.0, 197.0), (200.0, 50.0, 200.0)],
     [(47.0, 103.0, 197.0, 94.0), (203.0, 97.0, 203.0, 106.0), (120.0, 100.0, 147.0, 47.0),
      (120.0, 150.0, 200.0, 50.0)], 2),
    # pieces 3 points apart join; a vertical one starting 3 points below a horizontal one crosses it
    ([(100.0, 50.0, 120.0), (100.0, 123.0, 200.0), (200.0, 50.0, 200.0)],
     [(50.0, 100.0, 200.0, 100.0), (150.0, 100.0, 200.0, 100.0), (200.0, 103.0, 200.0, 97.0)], 2),
])
def test_tolerances_are_inclusive_as_in_pdfplumber(h, v, n_cells):
    assert _check_same_as_pdfplumber(h, v) == n_cells


def test_no_rulings_no_cells():
    assert lattice.merge_rulings([], []) == ([], [])
    assert lattice.intersections_to_cells({}) == []
    assert lattice.cells_to_tables([]) == []


def _boxes(rng: random.Random, cells, width: float, height: float):
    yield from cells
    for _ in range(40):  # and boxes anywhere, of any size, some degenerate
        x0, x1 = sorted(rng.uniform(-10, width + 10) for _ in range(2))
        y0, y1 = sorted(rng.uniform(-10, height + 10) for _ in range(2))
        yield (x0, y0, x1 if rng.random() > 0.1 else x0, y1)


def _check_bounded_text(textpage, top: float, left: float, cells, seed: int) -> int:
    text = lattice.BoundedText(textpage)
    n = 0
    for x0, y0, x1, y1 in _boxes(random.Random(seed), cells, 600, 850):
        box = dict(left=x0 + left, bottom=top - y1, right=x1 + left, top=top - y0)
        expected = textpage.get_text_bounded(**box)
        assert text(**box) == expected
        n += bool(expected)
    return n


def test_bounded_text_same_as_pypdfium2_on_real_pages(real_pages):
    n = 0
    for k, ((h, v), textpage, top, left, _) in enumerate(real_pages):
        cells = lattice.intersections_to_cells(lattice.ruling_intersections(*lattice.merge_rulings(h, v)))
        n += _check_bounded_text(textpage, top, left, cells, k)
    assert n > 300


def test_bounded_text_same_as_pypdfium2_on_made_table(tmp_path):
    pdf = pdfium.PdfDocument(str(pdfgen.budget_table(tmp_path / "budget.pdf")))
    page = pdf[0]
    left, _, _, top = page.get_mediabox()
    h, v = _rulings(_scan_objects(page)[0], top, left)
    cells = lattice.intersections_to_cells(lattice.ruling_intersections(*lattice.merge_rulings(h, v)))
    assert len(cells) == 12
    assert _check_bounded_text(page.get_textpage(), top, left, cells, 0) >= 12


class _FakePdfium:
    """FPDFText_GetBoundedText writing a surrogate pair and the NUL, as PDFium does for U+1F600."""

    @staticmethod
    def FPDFText_CountChars(raw):
        return 1

    @staticmethod
    def FPDFText_GetBoundedText(raw, left, top, right, bottom, buffer, size):
        for i, unit in enumerate((0x41, 0xD83D, 0xDE00, 0)):
            buffer[i] = unit
        return 4


class _FakeTextPage:
    raw = None

    @staticmethod
    def get_text_bounded(left, bottom, right, top):
        return "A"  # pypdfium2's buffer holds 2 units (2 code points): the pair is cut


def test_bounded_text_with_surrogates_is_read_by_pypdfium2(monkeypatch):
    monkeypatch.setattr(lattice, "pdfium_c", _FakePdfium)
    assert lattice.BoundedText(_FakeTextPage())(0, 0, 1, 1) == "A"


class _FakePdfiumFull(_FakePdfium):
    """A text that fills the whole buffer (it cannot, for a real page): it may have been cut."""

    @staticmethod
    def FPDFText_GetBoundedText(raw, left, top, right, bottom, buffer, size):
        for i in range(size):
            buffer[i] = 0x42
        return size


def test_bounded_text_filling_the_buffer_is_read_by_pypdfium2(monkeypatch):
    monkeypatch.setattr(lattice, "pdfium_c", _FakePdfiumFull)
    assert lattice.BoundedText(_FakeTextPage())(0, 0, 1, 1) == "A"


def test_bounded_text_buffer_holds_any_box(tmp_path):
    pdf = pdfium.PdfDocument(str(pdfgen.budget_table(tmp_path / "budget.pdf")))
    textpage = pdf[0].get_textpage()
    text = lattice.BoundedText(textpage)
    n_chars = textpage.count_chars()
    assert len(text._buffer) == 4 * n_chars + 4
    assert text(-1e6, -1e6, 1e6, 1e6) == textpage.get_text_bounded(-1e6, -1e6, 1e6, 1e6)
    assert ctypes.sizeof(text._buffer) == 2 * len(text._buffer)
