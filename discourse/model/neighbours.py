"""Exact cosine nearest neighbours for UMAP, without pynndescent's compile.

UMAP finds each unit's neighbours with pynndescent (approximate nearest
neighbour descent) once a fit has 4,096 units or more. Its search functions
take the distance as a first-class function, which numba cannot cache, so
every process that fits topics compiles them again: on the Kent sentences
(34,758 units, 100 dimensions) the neighbour search took 32 s, of which 31 s
were compilation, and it found 81% of the true 15 nearest neighbours. Below
4,096 units UMAP computes every distance through sklearn, which calls UMAP's
distance function once per pair of units from Python: 6 s for 2,000 units.

An exact search over the same units is one matrix product per block of rows
(single-threaded BLAS: 4 s on the Kent sentences) and a top-k scan of each
block (a small numba kernel, cached on disk after its first compilation: 0.8 s);
the distances to the neighbours found are then measured again in float64, so
that a unit and its duplicates are exactly 0 apart, as UMAP's own cosine makes
them. It is exact, so the neighbour graph no longer depends on a random search,
and it is deterministic for a given input. It grows with the square of the
number of units; :data:`EXACT_MAX_UNITS` bounds where it is used.

:class:`ExactIndex` answers UMAP's ``transform`` queries (assigning new units
to a fitted embedding) with the same exact search.
"""

from __future__ import annotations

import numba
import numpy as np

__all__ = ["EXACT_MAX_UNITS", "ExactIndex", "cosine_neighbours"]

#: Largest fit for which :class:`~discourse.model.seeded_umap.SeededUMAP` uses the exact search
#: (above it, pynndescent's approximate search scales better: the exact one grows as units squared).
EXACT_MAX_UNITS = 80_000
#: Similarities held in memory at once (a block of rows times all training units): 128 MB of float32.
_BLOCK_CELLS = 2**25
#: Query rows whose candidate neighbours are measured in float64 at once (15 neighbours of 100 dimensions: 25 MB).
_DISTANCE_ROWS = 2048


@numba.njit(cache=True, nogil=True)
def _topk(sims, k, out_idx, offset):  # pragma: no cover - compiled by numba
    """Write the columns of each row's ``k`` largest ``sims``, largest first, to row ``offset + r`` of ``out_idx``."""
    n, m = sims.shape
    for r in range(n):
        best = np.full(k, -np.inf, dtype=np.float32)
        ids = np.full(k, -1, dtype=np.int64)
        worst = best[k - 1]
        row = sims[r]
        for j in range(m):
            v = row[j]
            if v > worst:  # strictly greater: among equals, the earlier column wins
                p = k - 1
                while p > 0 and best[p - 1] < v:
                    best[p] = best[p - 1]
                    ids[p] = ids[p - 1]
                    p -= 1
                best[p] = v
                ids[p] = j
                worst = best[k - 1]
        out_idx[offset + r] = ids


def _unit_rows(X) -> np.ndarray:
    """Rows scaled to unit length (float64), plus a column that marks all-zero rows.

    The extra column makes zero rows identical to each other (distance 0) and
    orthogonal to every other row (distance 1), as pynndescent's cosine does.
    """
    X = np.asarray(X, dtype=np.float64)
    norms = np.linalg.norm(X, axis=1)
    zero = norms == 0
    out = np.zeros((X.shape[0], X.shape[1] + 1), dtype=np.float64)
    out[~zero, :-1] = X[~zero] / norms[~zero, None]
    out[zero, -1] = 1.0
    return out


def _distances(queries: np.ndarray, data: np.ndarray, indices: np.ndarray) -> np.ndarray:
    """1 - cosine of each query row and its candidate rows, in float64; identical rows are exactly 0 apart.

    UMAP takes a unit's distance to its nearest other unit as its local scale
    (``rho``, the first distance above 0), so a unit's distance to itself and to
    its exact duplicates must be 0 and not a float32 rounding error such as 1.2e-7.
    """
    out = np.empty(indices.shape, dtype=np.float64)
    for a in range(0, len(queries), _DISTANCE_ROWS):
        q, near = queries[a:a + _DISTANCE_ROWS], data[indices[a:a + _DISTANCE_ROWS]]
        dist = 1.0 - np.einsum("rd,rkd->rk", q, near)
        dist[(near == q[:, None, :]).all(axis=2)] = 0.0
        out[a:a + _DISTANCE_ROWS] = dist
    return np.clip(out, 0.0, 2.0, out=out)


def _search(queries: np.ndarray, data: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Rank by float32 similarity (one BLAS product per block of rows), then measure the k found in float64."""
    n, m = len(queries), len(data)
    if not 0 < k <= m:
        raise ValueError(f"k must be between 1 and the {m} indexed units, got {k}.")
    indices = np.empty((n, k), dtype=np.int64)
    block = max(1, _BLOCK_CELLS // max(m, 1))
    data_t = np.ascontiguousarray(data.T, dtype=np.float32)
    for a in range(0, n, block):
        _topk(queries[a:a + block].astype(np.float32) @ data_t, k, indices, a)
    dists = _distances(queries, data, indices)
    order = np.argsort(dists, axis=1, kind="stable")  # nearest first; equal distances keep the lower index first
    return np.take_along_axis(indices, order, axis=1), np.take_along_axis(dists, order, axis=1).astype(np.float32)


def cosine_neighbours(X, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's ``k`` nearest rows of ``X`` by cosine distance, itself included.

    Parameters
    ----------
    X : array-like of shape (n, d)
        Dense vectors.
    k : int
        Neighbours per row.

    Returns
    -------
    (indices, distances) : (ndarray of int64, ndarray of float32), shape (n, k)
        Nearest first; distance is 1 - cosine similarity. Among equally near
        rows the one with the lower index comes first.

    Examples
    --------
    >>> X = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]])
    >>> cosine_neighbours(X, 2)[0].tolist()
    [[0, 1], [1, 0], [2, 1]]
    """
    unit = _unit_rows(X)
    return _search(unit, unit, k)


class ExactIndex:
    """An exact cosine search over fitted rows, with the ``query`` UMAP's ``transform`` calls.

    Parameters
    ----------
    X : array-like of shape (n, d)
        The rows UMAP was fitted on.
    """

    #: Read by UMAP's transform to pick a search tolerance, which an exact search ignores.
    _angular_trees = True

    def __init__(self, X):
        self._data = _unit_rows(X)

    def query(self, X, k: int, epsilon: float | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` nearest fitted rows of each row of ``X``: ``(indices, distances)``, nearest first."""
        return _search(_unit_rows(X), self._data, k)
