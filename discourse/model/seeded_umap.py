"""UMAP whose spectral initialisation follows ``random_state`` in full.

UMAP starts the spectral initialisation of each connected component of its
neighbour graph from ARPACK (``scipy.sparse.linalg.eigsh``) with a vector of
ones. On a component in which every unit has the same degree, that vector is
already an eigenvector: ARPACK restarts from a random vector, and because UMAP
passes no ``rng``, SciPy draws it from fresh operating-system entropy. Such
components are common in policy documents: a dozen or more units that embed
identically (a repeated heading, boilerplate, sentences that differ only in
stop words or numbers) form a complete graph with every weight 1. The
component's layout then changes from one fit to the next, and the layout
optimisation carries the change to every unit, so the same input and seed gave
different topics (reported upstream as lmcinnes/umap#1277).

:class:`SeededUMAP` gives those restarts a generator seeded from
``random_state`` while it fits. Restarts are the only use ARPACK makes of the
generator when a start vector is given, so every embedding that was already
reproducible stays bit-identical.

UMAP's numba kernels (the fuzzy graph, the layout epochs, its distances) are
compiled in every process that fits, since UMAP does not ask numba to cache
them: :func:`cache_umap_kernels` does, so only the first fit on a machine pays
for the compilation.
"""

from __future__ import annotations

import contextlib
import functools
import numbers
import threading
import warnings
from typing import Iterator

import numpy as np
from umap import UMAP

__all__ = ["SeededUMAP", "seeded_arpack", "cache_umap_kernels"]

_SWAP = threading.RLock()


@contextlib.contextmanager
def seeded_arpack(seed: int) -> Iterator[None]:
    """Seed the random restarts of ``scipy.sparse.linalg.eigsh`` calls that pass no ``rng``, for a block.

    Each such call gets a new ``numpy.random.default_rng(seed)``, so its result
    does not depend on earlier calls. Calls that pass an ``rng`` are unchanged.
    Blocks in different threads run one at a time, since the function is swapped
    on the shared ``scipy.sparse.linalg`` module.

    Parameters
    ----------
    seed : int
        Seed of the restart vectors.

    Examples
    --------
    >>> import scipy.sparse.linalg as sla
    >>> with seeded_arpack(0):
    ...     vals, _ = sla.eigsh(np.ones((10, 10)) - np.eye(10), 6, which="SA", v0=np.ones(10))
    >>> np.round(vals, 6).tolist()
    [-1.0, -1.0, -1.0, -1.0, -1.0, -1.0]
    """
    import scipy.sparse.linalg as sla

    with _SWAP:
        original = sla.eigsh

        @functools.wraps(original)
        def eigsh(*args, rng=None, **kwargs):
            return original(*args, rng=np.random.default_rng(seed) if rng is None else rng, **kwargs)

        sla.eigsh = eigsh
        try:
            yield
        finally:
            sla.eigsh = original


@functools.cache
def cache_umap_kernels() -> int:
    """Have numba cache UMAP's jitted functions on disk, as discourse's own kernels are cached.

    UMAP compiles them without caching in each process: 6-9 s of every fit on a
    2-core machine, most of it for the parallel kernels that build the fuzzy
    graph. The cached machine code is what numba would compile, so embeddings
    are unchanged. numba keeps the cache beside UMAP's sources, or in the user's
    cache folder where those are read-only (``NUMBA_CACHE_DIR`` chooses another).
    Runs once per process.

    Returns
    -------
    int
        The number of UMAP functions that now cache their compiled code (0 when no
        cache folder is writable: they are compiled in each process, as before).
    """
    import umap.distances
    import umap.layouts
    import umap.umap_
    import umap.utils
    from numba.core.dispatcher import Dispatcher

    kernels = {id(f): f for module in (umap.umap_, umap.layouts, umap.utils, umap.distances)
               for f in vars(module).values() if isinstance(f, Dispatcher)}
    for n, kernel in enumerate(kernels.values()):
        try:
            kernel.enable_caching()
        except RuntimeError:  # numba found no writable cache folder for this file
            return n
    return len(kernels)


class SeededUMAP(UMAP):
    """:class:`umap.UMAP` that gives the same embedding for the same data and integer ``random_state``.

    Takes UMAP's parameters unchanged. With an integer ``random_state`` the fit
    runs inside :func:`seeded_arpack` with that seed; with any other
    ``random_state`` it is plain UMAP.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> X = np.vstack([rng.normal(size=(60, 4)), np.ones((15, 4))])  # 15 identical rows
    >>> fits = [SeededUMAP(n_components=2, random_state=0).fit_transform(X) for _ in range(2)]  # doctest: +SKIP
    >>> np.array_equal(*fits)  # doctest: +SKIP
    True
    """

    def fit(self, X, y=None, *args, **kwargs) -> "SeededUMAP":
        """Fit as :meth:`umap.UMAP.fit` does, with ARPACK's restarts seeded from an integer ``random_state``.

        Dense cosine data of more than ``n_neighbors`` and at most
        :data:`~discourse.model.neighbours.EXACT_MAX_UNITS` rows gets exact nearest
        neighbours (see :mod:`discourse.model.neighbours`).
        """
        cache_umap_kernels()
        with self._exact_neighbours(X):
            if not isinstance(self.random_state, numbers.Integral):
                return super().fit(X, y, *args, **kwargs)
            with seeded_arpack(int(self.random_state)):
                return super().fit(X, y, *args, **kwargs)

    def transform(self, X, *args, **kwargs):
        """Place new rows as :meth:`umap.UMAP.transform` does (with UMAP's kernels cached on disk)."""
        cache_umap_kernels()
        return super().transform(X, *args, **kwargs)

    @contextlib.contextmanager
    def _exact_neighbours(self, X) -> Iterator[None]:
        """Hand UMAP exact neighbours of ``X`` and an exact search index for the fit, where they apply.

        Below 4,096 rows UMAP would compute every distance with a distance function
        sklearn calls once per pair of rows (6 s for 2,000 rows); the exact search
        gives the same neighbours in a fraction of that. Sparse data, other metrics,
        a user's own ``precomputed_knn`` and ``unique=True`` keep UMAP's own search.
        """
        from discourse.model.neighbours import EXACT_MAX_UNITS, ExactIndex, cosine_neighbours

        given = self.precomputed_knn
        n = getattr(X, "shape", (0,))[0]
        if (self.metric != "cosine" or not isinstance(X, np.ndarray) or X.ndim != 2 or self.unique
                or not self.n_neighbors < n <= EXACT_MAX_UNITS or given is not None and given[0] is not None):
            yield
            return
        indices, dists = cosine_neighbours(X, self.n_neighbors)
        self.precomputed_knn = (indices, dists, ExactIndex(X))
        forced = self.force_approximation_algorithm  # UMAP sets it below 4,096 rows when given neighbours
        try:
            with warnings.catch_warnings():
                # UMAP warns that an index other than pynndescent's cannot transform: this one can.
                warnings.filterwarnings("ignore", message=r"precomputed_knn\[2\]", category=UserWarning)
                yield
        finally:
            self.precomputed_knn = given
            self.force_approximation_algorithm = forced
