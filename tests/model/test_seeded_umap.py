"""SeededUMAP: the same embedding for the same data and seed when rows repeat.

Regression: identical units form a regular component of UMAP's graph, ARPACK
restarts on it from an unseeded random vector, and the topics of the same
corpus differed from one process to the next.
"""

import numpy as np
import pytest
import scipy.sparse.linalg as sla

from discourse.model import seeded_umap
from discourse.model.seeded_umap import SeededUMAP, seeded_arpack

PARAMS = dict(n_neighbors=15, n_components=5, min_dist=0.0, metric="cosine", low_memory=True)


def complete_graph(n: int) -> np.ndarray:
    return np.ones((n, n)) - np.eye(n)


def restarted_eigenvectors(**kwargs) -> np.ndarray:
    """All-ones is an eigenvector of a complete graph: ARPACK must restart from a random vector."""
    return sla.eigsh(complete_graph(10), 6, which="SA", v0=np.ones(10), **kwargs)[1]


def rows_with_repeats(seed: int = 0) -> np.ndarray:
    """Four blobs of 40 points and three rows repeated 16 times each."""
    rng = np.random.default_rng(seed)
    blobs = [5 * rng.normal(size=8) + rng.normal(size=(40, 8)) for _ in range(4)]
    repeated = [np.repeat(5 * rng.normal(size=(1, 8)), 16, axis=0) for _ in range(3)]
    return np.vstack(blobs + repeated)


def test_seeded_arpack_makes_restarts_reproducible():
    runs = []
    for _ in range(2):
        with seeded_arpack(0):
            runs.append(restarted_eigenvectors())
    assert np.array_equal(*runs)


def test_seeded_arpack_restores_eigsh_and_keeps_a_given_rng():
    original = sla.eigsh
    with seeded_arpack(0):
        assert sla.eigsh is not original
        given = restarted_eigenvectors(rng=1)
    assert sla.eigsh is original
    assert np.array_equal(given, restarted_eigenvectors(rng=1))


def test_seeded_arpack_restores_eigsh_after_an_error():
    original = sla.eigsh
    with pytest.raises(ZeroDivisionError), seeded_arpack(0):
        1 / 0
    assert sla.eigsh is original


@pytest.mark.slow
def test_repeated_rows_give_the_same_embedding_every_fit():
    X = rows_with_repeats()
    first, second = (SeededUMAP(**PARAMS, random_state=0).fit_transform(X) for _ in range(2))
    assert np.array_equal(first, second)


@pytest.mark.slow
@pytest.mark.parametrize("random_state", [None, np.random.RandomState(0)])
def test_without_an_integer_seed_it_is_plain_umap(monkeypatch, random_state):
    def refuse(seed):
        raise AssertionError(f"seeded_arpack({seed}) used without an integer random_state")

    monkeypatch.setattr(seeded_umap, "seeded_arpack", refuse)
    model = SeededUMAP(**PARAMS, random_state=random_state).fit(rows_with_repeats())
    assert model.embedding_.shape == (208, 5)


def test_a_fit_has_numba_cache_umaps_kernels_on_disk():
    # UMAP compiles its kernels in every process without caching (6-9 s a fit); after a SeededUMAP fit,
    # the ones it used are in numba's on-disk cache for the next process.
    from pathlib import Path

    import umap.layouts
    import umap.umap_

    assert seeded_umap.cache_umap_kernels() > 20
    SeededUMAP(**PARAMS, random_state=0, n_epochs=10).fit(rows_with_repeats())
    for kernel in (umap.umap_.smooth_knn_dist, umap.umap_.compute_membership_strengths,
                   umap.layouts._nb_optimize_layout_euclidean_single_epoch):
        folder = kernel.stats.cache_path
        assert folder is not None, f"{kernel.py_func.__name__} is not cached"
        assert list(Path(folder).glob(f"*.{kernel.py_func.__name__}-*.nbi")), f"no cache index for {kernel}"
