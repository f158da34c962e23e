"""Ruled tables: pdfplumber's lattice algorithms on tuples, and cell text in one PDFium call.

pdfplumber finds a ruled table in steps: ``merge_edges`` (snap rulings within 3
points to their average, join pieces of one line), ``filter_edges`` (drop
rulings shorter than 3 points), ``edges_to_intersections``,
``intersections_to_cells``, ``cells_to_tables`` and ``Table.rows``. It works on
dicts and copies one at every move, which made table finding most of the
extraction time of ruled council papers. Each function here computes what its
pdfplumber namesake computes, with the same floating-point operations in the
same order, so the cells and tables are exactly pdfplumber's; the tests check
that on real pages.

A horizontal ruling is a tuple ``(top, x0, x1)``; a vertical one is ``(x, top,
bottom, height)``, where ``height`` is carried because pdfplumber updates it
incrementally when it joins pieces (its value can differ from ``bottom - top``
in the last bit, and the length filter reads it). Coordinates are PDF points,
top-down from the page's top-left corner.
"""

from __future__ import annotations

import ctypes
import itertools
from operator import itemgetter

import pypdfium2.raw as pdfium_c

__all__ = ["merge_rulings", "ruling_intersections", "intersections_to_cells", "cells_to_tables", "table_rows",
           "BoundedText"]

#: pdfplumber's defaults: ``DEFAULT_SNAP_TOLERANCE``, ``DEFAULT_JOIN_TOLERANCE``, and the
#: ``edge_min_length`` and ``intersection_tolerance`` of its table settings.
SNAP_TOLERANCE = 3
JOIN_TOLERANCE = 3
MIN_LENGTH = 3
INTERSECTION_TOLERANCE = 3

Bbox = tuple[float, float, float, float]


def _snap(rulings: list[tuple], move) -> list[tuple]:
    """pdfplumber's ``snap_objects`` on the first item of each ruling.

    Distinct positions are chained into clusters (each within the tolerance of
    the previous one); every ruling moves by ``average - position``, the
    average taken over the cluster's rulings in their original order. Output:
    clusters by position, rulings in their original order within each.
    """
    positions = sorted({r[0] for r in rulings})
    cluster_of = {}
    n = -1
    last = None
    for p in positions:
        if last is None or not p <= last + SNAP_TOLERANCE:
            n += 1
        cluster_of[p] = n
        last = p
    clusters: list[list[tuple]] = [[] for _ in range(n + 1)]
    for r in rulings:
        clusters[cluster_of[r[0]]].append(r)
    out = []
    for members in clusters:
        average = sum(r[0] for r in members) / len(members)
        out += [move(r, average - r[0]) for r in members]
    return out


def _move_h(r: tuple, shift: float) -> tuple:
    return (r[0] + shift, r[1], r[2])


def _move_v(r: tuple, shift: float) -> tuple:
    return (r[0] + shift, r[1], r[2], r[3])


def _join_h(group) -> list[tuple]:
    """pdfplumber's ``join_edge_group`` for horizontal rulings on one line (``resize_object`` on x1)."""
    joined = []
    for r in sorted(group, key=itemgetter(1)):
        if joined and r[1] <= joined[-1][2] + JOIN_TOLERANCE:
            if r[2] > joined[-1][2]:
                joined[-1] = (joined[-1][0], joined[-1][1], r[2])
        else:
            joined.append(r)
    return joined


def _join_v(group) -> list[tuple]:
    """pdfplumber's ``join_edge_group`` for vertical rulings on one line (``resize_object`` on bottom)."""
    joined = []
    for r in sorted(group, key=itemgetter(1)):
        if joined and r[1] <= joined[-1][2] + JOIN_TOLERANCE:
            x, top, bottom, height = joined[-1]
            if r[2] > bottom:
                joined[-1] = (x, top, r[2], height + (r[2] - bottom))
        else:
            joined.append(r)
    return joined


def merge_rulings(h: list[tuple], v: list[tuple]) -> tuple[list[tuple], list[tuple]]:
    """pdfplumber's ``merge_edges`` (snap and join tolerances 3) then ``filter_edges(min_length=3)``.

    Parameters
    ----------
    h, v : list of tuple
        Horizontal ``(top, x0, x1)`` and vertical ``(x, top, bottom, height)``
        rulings, in the order they were drawn.

    Returns
    -------
    (list, list)
        The merged rulings, horizontal ones sorted by ``(top, x0)`` and vertical
        ones by ``(x, top)``: pdfplumber's edges in pdfplumber's order.
    """
    merged_h = []
    for _, group in itertools.groupby(sorted(_snap(h, _move_h), key=itemgetter(0)), key=itemgetter(0)):
        merged_h += _join_h(group)
    merged_v = []
    for _, group in itertools.groupby(sorted(_snap(v, _move_v), key=itemgetter(0)), key=itemgetter(0)):
        merged_v += _join_v(group)
    return ([r for r in merged_h if r[2] - r[1] >= MIN_LENGTH],
            [r for r in merged_v if r[3] >= MIN_LENGTH])


def ruling_intersections(h: list[tuple], v: list[tuple]) -> dict[tuple[float, float], list[int]]:
    """pdfplumber's ``edges_to_intersections`` (tolerance 3) for merged rulings.

    Returns
    -------
    dict
        ``(x, top)`` of each crossing -> ``[v_mask, h_mask]``, bit ``i`` set for
        each vertical (horizontal) ruling ``i`` through the point: pdfplumber's
        per-point edge lists, as sets of ruling numbers.
    """
    tol = INTERSECTION_TOLERANCE
    out: dict[tuple[float, float], list[int]] = {}
    h_bounds = [(top, top + tol, top - tol, x0 - tol, x1 + tol) for top, x0, x1 in h]
    for i, (x, top, bottom, _) in enumerate(v):
        bit_v = 1 << i
        for j, (h_top, h_top_plus, h_top_minus, h_left, h_right) in enumerate(h_bounds):
            if top <= h_top_plus and bottom >= h_top_minus and x >= h_left and x <= h_right:
                masks = out.get((x, h_top))
                if masks is None:
                    out[(x, h_top)] = [bit_v, 1 << j]
                else:
                    masks[0] |= bit_v
                    masks[1] |= 1 << j
    return out


def intersections_to_cells(intersections: dict[tuple[float, float], list[int]]) -> list[Bbox]:
    """pdfplumber's ``intersections_to_cells``, with the same cells in the same order, in near-linear time.

    pdfplumber copies the rest of the point list for every point and rebuilds
    edge sets on every comparison. Here two points on one vertical (horizontal)
    line are connected when their vertical (horizontal) ruling masks share a
    bit, and the points sharing a point's x (below it) and its y (right of it)
    are found once. For each point, the first point below it and then the first
    point right of it (both connected to it) whose far corner closes the box
    give its cell: pdfplumber's smallest cell.
    """
    points = sorted(intersections)
    same_x: dict[float, list] = {}
    same_y: dict[float, list] = {}
    for p in points:  # sorted by (x, y): a column runs down, a row runs right
        same_x.setdefault(p[0], []).append(p)
        same_y.setdefault(p[1], []).append(p)
    index_x = {p: i for col in same_x.values() for i, p in enumerate(col)}
    index_y = {p: i for row in same_y.values() for i, p in enumerate(row)}

    cells = []
    for pt in points:
        v_mask, h_mask = intersections[pt]
        right = [p for p in same_y[pt[1]][index_y[pt] + 1:] if h_mask & intersections[p][1]]
        if not right:
            continue
        found = None
        for below_pt in same_x[pt[0]][index_x[pt] + 1:]:
            below_v, below_h = intersections[below_pt]
            if not v_mask & below_v:
                continue
            for right_pt in right:
                corner = intersections.get((right_pt[0], below_pt[1]))
                if corner is not None and corner[0] & intersections[right_pt][0] and corner[1] & below_h:
                    found = (pt[0], pt[1], right_pt[0], below_pt[1])
                    break
            if found:
                break
        if found:
            cells.append(found)
    return cells


def cells_to_tables(cells: list[Bbox]) -> list[list[Bbox]]:
    """pdfplumber's ``cells_to_tables``: cells sharing a corner, transitively, form a table.

    pdfplumber sweeps the remaining cells until a sweep adds none, which is the
    connected component of corner-sharing; here it is found through a map of
    corners. Tables of one cell are dropped; tables are ordered by their
    top-most then left-most cell corner. Within a table, cells are in no
    particular order (nor are pdfplumber's): :func:`table_rows` sorts them.
    """
    corners = [((x0, top), (x0, bottom), (x1, top), (x1, bottom)) for x0, top, x1, bottom in cells]
    by_corner: dict[tuple[float, float], list[int]] = {}
    for i, four in enumerate(corners):
        for corner in four:
            by_corner.setdefault(corner, []).append(i)
    seen = [False] * len(cells)
    tables = []
    for i in range(len(cells)):
        if seen[i]:
            continue
        seen[i] = True
        stack, group = [i], []
        while stack:
            j = stack.pop()
            group.append(cells[j])
            for corner in corners[j]:
                for k in by_corner[corner]:
                    if not seen[k]:
                        seen[k] = True
                        stack.append(k)
        if len(group) > 1:
            tables.append(group)
    return sorted(tables, key=lambda t: min((c[1], c[0]) for c in t))


def table_rows(cells: list[Bbox]) -> list[list[Bbox | None]]:
    """pdfplumber's ``Table(cells).rows``: one list per distinct top, one slot per distinct x0 (None if empty)."""
    xs = sorted({c[0] for c in cells})
    rows = []
    for _, row in itertools.groupby(sorted(cells, key=itemgetter(1, 0)), key=itemgetter(1)):
        by_x = {c[0]: c for c in row}
        rows.append([by_x.get(x) for x in xs])
    return rows


class BoundedText:
    """``PdfTextPage.get_text_bounded`` in one PDFium call instead of two.

    pypdfium2 asks PDFium for the length of the text in a box, then for the
    text; each call scans every character on the page. Here one call fills a
    buffer big enough for any box on the page (each character gives at most a
    line break, itself and a space: 4 UTF-16 units with a surrogate pair, and
    PDFium adds a terminating NUL when there is room). Text with surrogates is
    read again through pypdfium2, whose buffer holds only as many UTF-16 units
    as the text has code points: its result is kept, cut pairs and all.
    """

    def __init__(self, textpage):
        self.textpage = textpage
        self._raw = textpage.raw
        self._size = 4 * max(0, pdfium_c.FPDFText_CountChars(self._raw)) + 4
        self._buffer = (ctypes.c_ushort * self._size)()

    def __call__(self, left: float, bottom: float, right: float, top: float) -> str:
        n = pdfium_c.FPDFText_GetBoundedText(self._raw, left, top, right, bottom, self._buffer, self._size)
        if n >= self._size:  # cannot happen (see above), but a full buffer may hold a cut text
            return self.textpage.get_text_bounded(left=left, bottom=bottom, right=right, top=top)
        if n > 0 and self._buffer[n - 1] == 0:  # the terminating NUL (the text itself has none)
            n -= 1
        if n <= 0:
            return ""
        text = ctypes.string_at(self._buffer, 2 * n).decode("utf-16-le", errors="ignore")
        if len(text) != n:  # surrogates: a pair decodes to one character, a lone one to none
            return self.textpage.get_text_bounded(left=left, bottom=bottom, right=right, top=top)
        return text
