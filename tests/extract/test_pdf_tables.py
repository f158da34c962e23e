"""Table cells: our intersections_to_cells gives exactly pdfplumber's cells, in its order."""

import random

import pytest
from pdfplumber import table as pt

from discourse.extract.pdf import intersections_to_cells


def _edges(h_lines, v_lines):
    edges = [{"x0": x0, "x1": x1, "top": y, "bottom": y, "width": x1 - x0, "height": 0, "orientation": "h",
              "object_type": "line"} for y, x0, x1 in h_lines]
    edges += [{"x0": x, "x1": x, "top": y0, "bottom": y1, "width": 0, "height": y1 - y0, "orientation": "v",
               "object_type": "line"} for x, y0, y1 in v_lines]
    return edges


def _grid(rng: random.Random, n_rows: int, n_cols: int, gaps: float):
    ys = sorted(rng.sample(range(50, 800, 7), n_rows + 1))
    xs = sorted(rng.sample(range(40, 560, 9), n_cols + 1))
    h = [(y, xs[0], xs[-1]) for y in ys]
    v = []
    for x in xs:  # some vertical rules are broken into pieces: merged cells and ragged tables
        for y0, y1 in zip(ys, ys[1:]):
            if x in (xs[0], xs[-1]) or rng.random() > gaps:
                v.append((x, y0, y1))
    return _edges(h, v)


@pytest.mark.parametrize("seed", range(12))
def test_same_cells_as_pdfplumber(seed):
    rng = random.Random(seed)
    edges = _grid(rng, rng.randint(1, 12), rng.randint(1, 8), gaps=rng.choice([0.0, 0.2, 0.5]))
    if seed % 3 == 0:  # a second, separate table on the same page
        edges += _grid(random.Random(seed + 100), 3, 3, 0.0)
    intersections = pt.edges_to_intersections(pt.merge_edges(edges, 3, 3, 3, 3), 3, 3)
    expected = pt.intersections_to_cells(intersections)
    assert expected, "the grid should have cells"
    assert intersections_to_cells(intersections) == expected


def test_no_intersections_no_cells():
    assert intersections_to_cells({}) == []
