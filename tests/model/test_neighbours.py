"""Exact cosine neighbours, and SeededUMAP's use of them in place of pynndescent."""

import numpy as np
import pytest

from discourse.model.neighbours import ExactIndex, cosine_neighbours


def brute_force(queries: np.ndarray, data: np.ndarray, k: int) -> np.ndarray:
    q = queries / np.linalg.norm(queries, axis=1, keepdims=True)
    d = data / np.linalg.norm(data, axis=1, keepdims=True)
    return np.argsort(-(q @ d.T), axis=1, kind="stable")[:, :k]


def test_neighbours_are_the_exact_nearest_by_cosine():
    X = np.random.default_rng(0).normal(size=(500, 12))
    indices, dists = cosine_neighbours(X, 7)
    assert np.array_equal(indices, brute_force(X, X, 7))
    assert np.array_equal(indices[:, 0], np.arange(500))  # every row is its own nearest
    assert (np.diff(dists, axis=1) >= 0).all() and dists.min() >= 0


def test_distance_is_one_minus_cosine_and_ties_go_to_the_lower_index():
    X = np.array([[1.0, 0.0], [0.0, 2.0], [0.0, 1.0], [3.0, 0.0]])
    indices, dists = cosine_neighbours(X, 4)
    assert indices[1].tolist() == [1, 2, 0, 3]  # rows 1 and 2 point the same way: the lower index first
    assert dists[1].tolist() == pytest.approx([0.0, 0.0, 1.0, 1.0], abs=1e-6)


def test_a_row_and_its_duplicates_are_exactly_zero_apart():
    # UMAP's local scale is the first distance above 0: a float32 rounding error (1.2e-7 between a unit
    # vector and itself) would be taken for the nearest neighbour.
    X = np.random.default_rng(2).normal(size=(400, 100))
    X[200:220] = X[7]
    indices, dists = cosine_neighbours(X, 25)
    assert (dists[:, 0] == 0).all()
    assert (dists[np.arange(len(X)) != 7][:, 0] == 0).all()
    assert sorted(indices[7][:21].tolist()) == [7, *range(200, 220)] and (dists[7][:21] == 0).all()
    assert (dists[7][21:] > 0).all()
    others = np.arange(len(X))[(np.arange(len(X)) < 200) | (np.arange(len(X)) >= 220)]
    others = others[others != 7]
    assert (dists[others, 1] > 0).all()  # a row without duplicates: its nearest other row is a real distance


def test_all_zero_rows_are_near_each_other_and_far_from_the_rest():
    X = np.array([[0.0, 0.0], [1.0, 0.0], [0.0, 0.0], [0.5, 0.5]])
    indices, dists = cosine_neighbours(X, 2)
    assert indices[0].tolist() == [0, 2] and indices[2].tolist() == [0, 2]
    assert dists[0].tolist() == [0.0, 0.0]
    assert 0 not in indices[1] and 2 not in indices[1]


def test_index_answers_queries_for_new_rows():
    rng = np.random.default_rng(1)
    data, new = rng.normal(size=(300, 8)), rng.normal(size=(40, 8))
    indices, dists = ExactIndex(data).query(new, 5)
    assert np.array_equal(indices, brute_force(new, data, 5))
    assert dists.shape == (40, 5)


def test_more_neighbours_than_rows_is_an_error():
    with pytest.raises(ValueError, match="between 1 and the 3"):
        cosine_neighbours(np.eye(3), 4)


@pytest.mark.slow
def test_seeded_umap_fits_and_transforms_with_exact_neighbours_above_4096_rows():
    from discourse.model.seeded_umap import SeededUMAP

    rng = np.random.default_rng(0)
    X = np.vstack([4 * rng.normal(size=10) + rng.normal(size=(1100, 10)) for _ in range(4)]).astype(np.float32)
    params = dict(n_neighbors=15, n_components=3, min_dist=0.0, metric="cosine", random_state=0, n_epochs=30)
    model = SeededUMAP(**params).fit(X)
    assert isinstance(model._knn_search_index, ExactIndex)
    assert np.array_equal(model._knn_indices, cosine_neighbours(X, 15)[0])
    assert model.precomputed_knn == (None, None, None)  # the parameter the user gave is left as it was
    assert np.array_equal(model.embedding_, SeededUMAP(**params).fit(X).embedding_)
    assert model.transform(X[:20] + 0.01).shape == (20, 3)


def test_seeded_umap_builds_the_graph_umap_builds_from_all_distances():
    # Below 4,096 rows plain UMAP computes every distance; SeededUMAP's exact neighbours give the same graph.
    import umap

    from discourse.model.seeded_umap import SeededUMAP

    rng = np.random.default_rng(3)
    X = np.vstack([3 * rng.normal(size=12) + rng.normal(size=(150, 12)) for _ in range(4)]).astype(np.float32)
    X[100:110] = X[5]  # duplicates, as boilerplate sentences give
    params = dict(n_neighbors=15, n_components=2, metric="cosine", random_state=0, n_epochs=5)
    ours = SeededUMAP(**params).fit(X)
    plain = umap.UMAP(**params).fit(X)
    assert isinstance(ours._knn_search_index, ExactIndex) and plain._small_data
    assert abs(ours.graph_ - plain.graph_).max() < 1e-4
    assert ours.force_approximation_algorithm is False  # UMAP sets it when given neighbours: the parameter is restored
