"""Exact cosine nearest neighbours for UMAP, without pynndescent's compile.

UMAP finds each unit's neighbours with pynndescent (approximate nearest
neighbour descent) once a fit has 4,096 units or more. Its search functions
take the distance as a first-class function, which numba cannot cache, so
every process that fits topics compiles them again: on the Kent sentences
(34,758 units, 100 dimensions) the neighbour search took 32 s, of which 31 s
were compilation, and it found 81% of the true 15 nearest neighbours.

An exact search over the same units is one matrix product per block of rows
(single-threaded BLAS: 4 s) and a top-k scan of each block (a small numba
kernel, cached on disk after its first compilation: 0.8 s). It is exact, so
the neighbour graph no longer depends on a random search, and it is
deterministic for a given input. It grows with the square of the number of
units; :data:`EXACT_MAX_UNITS` bounds where it is used.

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


@numba.njit(cache=True, nogil=True)
def _topk(sims, k, out_idx, out_sim, offset):  # pragma: no cover - compiled by numba
    """Write each row's ``k`` largest values of ``sims``, and their columns, to row ``offset + r`` of the outputs."""
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
        out_sim[offset + r] = best


def _unit_rows(X) -> np.ndarray:
    """Rows scaled to unit length, plus a column that marks all-zero rows.

    The extra column makes zero rows identical to each other (distance 0) and
    orthogonal to every other row (distance 1), as pynndescent's cosine does.
    """
    X = np.asarray(X, dtype=np.float32)
    norms = np.linalg.norm(X, axis=1)
    zero = norms == 0
    out = np.zeros((X.shape[0], X.shape[1] + 1), dtype=np.float32)
    out[~zero, :-1] = X[~zero] / norms[~zero, None]
    out[zero, -1] = 1.0
    return out


def _search(queries: np.ndarray, data: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    n, m = len(queries), len(data)
    if not 0 < k <= m:
        raise ValueError(f"k must be between 1 and the {m} indexed units, got {k}.")
    indices = np.empty((n, k), dtype=np.int64)
    sims = np.empty((n, k), dtype=np.float32)
    block = max(1, _BLOCK_CELLS // max(m, 1))
    data_t = np.ascontiguousarray(data.T)
    for a in range(0, n, block):
        _topk(queries[a:a + block] @ data_t, k, indices, sims, a)
    return indices, np.clip(1.0 - sims, 0.0, 2.0)  # float32 in, float32 out


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
