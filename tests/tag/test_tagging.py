"""tag_store (incremental tag runs) and tag_table."""

import textwrap

import pandas as pd
import pytest

from discourse.errors import UsageError
from discourse.tag import current_tag_run, tag_runs, tag_store, tag_table

BOOK = textwrap.dedent("""\
    codebook: mini
    version: {version}
    frames:
      localism:
        subframes:
          devolution:
            patterns: [{{lemma: devolve}}]
      enabling:
        subframes:
          volunteers:
            patterns: ["volunteer*"{extra}]
""")


def _book(tmp_path, version=1, extra=""):
    path = tmp_path / f"mini.v{version}{'b' if extra else ''}.yml"
    path.write_text(BOOK.format(version=version, extra=extra), encoding="utf-8")
    return str(path)


def _add(store, doc_id, sentences):
    store.insert("documents", pd.DataFrame([{"doc_id": doc_id, "sha256": doc_id * 4, "status": "ok", "title": doc_id}]))
    store.insert("sentences", pd.DataFrame([
        {"doc_id": doc_id, "sentence_id": i, "page_no": 1, "text": t, "n_words": len(t.split())}
        for i, t in enumerate(sentences)]))


def _frames(store):
    return store.query("SELECT tag_run_id, doc_id, sentence_id, frame, subframe, terms, negated, score FROM frames "
                       "ORDER BY tag_run_id, doc_id, sentence_id, frame")


@pytest.fixture
def tagged(store, tmp_path):
    _add(store, "d1", ["We will not devolve powers.", "The minutes were agreed.", "Volunteers run it."])
    book = _book(tmp_path)
    first = tag_store(store, codebook=book)
    return store, book, first


def test_rows_per_present_frame(tagged):
    store, _, first = tagged
    rows = _frames(store)
    assert first["created"] and first["sentences"] == 3
    assert rows[["sentence_id", "frame", "subframe", "negated", "score"]].values.tolist() == [
        [0, "localism", "devolution", True, 1.0], [2, "enabling", "volunteers", False, 1.0]]
    assert [list(t) for t in rows["terms"]] == [["devolve"], ["volunteers"]]
    run = tag_runs(store).iloc[0]
    assert (run["codebook"], run["codebook_version"], run["n_sentences"]) == ("mini", "1", 3)
    assert run["frames_model"] is None or pd.isna(run["frames_model"])


def test_rerun_adds_nothing(tagged):
    store, book, first = tagged
    before = _frames(store)
    again = tag_store(store, codebook=book)
    assert again["tag_run_id"] == first["tag_run_id"] and not again["created"]
    assert again["sentences"] == 0
    pd.testing.assert_frame_equal(_frames(store), before)
    assert len(tag_runs(store)) == 1


def test_new_documents_join_the_same_tag_run(tagged):
    store, book, first = tagged
    _add(store, "d2", ["Devolve it all."])
    again = tag_store(store, codebook=book)
    assert again["tag_run_id"] == first["tag_run_id"] and again["documents"] == 1 and again["sentences"] == 1
    assert _frames(store)["doc_id"].tolist() == ["d1", "d1", "d2"]
    assert tag_runs(store)["n_sentences"].tolist() == [4]


def test_new_codebook_version_makes_a_new_tag_run_and_keeps_old_rows(tagged, tmp_path):
    store, _, first = tagged
    old = _frames(store)
    second = tag_store(store, codebook=_book(tmp_path, version=2))
    assert second["created"] and second["tag_run_id"] != first["tag_run_id"]
    rows = _frames(store)
    pd.testing.assert_frame_equal(rows[rows.tag_run_id == first["tag_run_id"]].reset_index(drop=True), old)
    assert current_tag_run(store) == second["tag_run_id"]
    assert tag_runs(store)["codebook_version"].tolist() == ["2", "1"]


def test_edit_without_version_bump_is_a_new_tag_run(tagged, tmp_path):
    store, _, first = tagged
    edited = tag_store(store, codebook=_book(tmp_path, version=1, extra=', "minutes"'))
    assert edited["created"] and edited["tag_run_id"] != first["tag_run_id"]
    shas = tag_runs(store)["codebook_sha256"].tolist()
    assert len(set(shas)) == 2


def test_re_extracted_document_is_retagged_and_removed_one_dropped(tagged):
    store, book, first = tagged
    with store.transaction():
        store.delete_document_rows("d1", ("sentences",))
        store.insert("sentences", pd.DataFrame([{"doc_id": "d1", "sentence_id": 0, "page_no": 1,
                                                 "text": "Volunteers only now.", "n_words": 3}]))
    again = tag_store(store, codebook=book)
    assert again["documents"] == 1
    assert _frames(store)[["sentence_id", "frame"]].values.tolist() == [[0, "enabling"]]
    store.con.execute("UPDATE documents SET status = 'corrupt' WHERE doc_id = 'd1'")
    gone = tag_store(store, codebook=book)
    assert gone["removed"] == 1 and _frames(store).empty


def test_runs_are_recorded(tagged):
    store, _, _ = tagged
    runs = store.runs()
    assert runs["command"].tolist() == ["tag"] and runs["status"].tolist() == ["ok"]


def test_read_only_store_is_refused(tmp_path):
    from discourse.store import open_store

    path = tmp_path / "s.duckdb"
    open_store(path).close()
    with open_store(path, read_only=True) as ro, pytest.raises(UsageError, match="read-only"):
        tag_store(ro)


def test_tag_table_adds_frame_columns(tmp_path):
    df = pd.DataFrame({"id": [1, 2, 3], "text": ["We devolve.", None, "Volunteers help."]})
    out = tag_table(df, codebook=_book(tmp_path))
    assert out.columns.tolist() == ["id", "text", "localism", "enabling", "frame_terms", "commitment",
                                    "commitment_score", "evidence"]
    assert out[["localism", "enabling"]].values.tolist() == [[1, 0], [0, 0], [0, 1]]
    assert out["frame_terms"].tolist() == ["localism: devolve", "", "enabling: volunteers"]


def test_tag_table_refuses_to_overwrite_and_takes_a_prefix(tmp_path):
    df = pd.DataFrame({"text": ["We devolve."], "localism": [1]})
    with pytest.raises(UsageError, match="--prefix"):
        tag_table(df, codebook=_book(tmp_path))
    out = tag_table(df, codebook=_book(tmp_path), prefix="pred_")
    assert out[["localism", "pred_localism"]].values.tolist() == [[1, 1]]


def test_tag_table_names_missing_text_column():
    with pytest.raises(UsageError, match="No text column 'body'"):
        tag_table(pd.DataFrame({"text": ["x"]}), text_column="body")


@pytest.mark.slow
def test_dask_workers_write_the_same_rows_as_one(demo_dir, tmp_path):
    """One worker; two local workers (threads driving forked children); an existing cluster's process workers."""
    from distributed import LocalCluster

    from discourse.extract import extract
    from discourse.store import open_store

    rows = {}
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0") as cluster:
        for name, workers, scheduler in (("one", 1, None), ("local", 2, None), ("cluster", 2, cluster.scheduler_address)):
            with open_store(tmp_path / f"{name}.duckdb") as store:
                extract([str(demo_dir)], store, manifest=str(demo_dir / "manifest.csv"))
                summary = tag_store(store, workers=workers, scheduler=scheduler, chunk_sentences=200)  # several chunks
                assert summary["sentences"] == store.count("sentences")
                assert tag_store(store, workers=workers, scheduler=scheduler)["sentences"] == 0  # nothing left to do
                rows[name] = {t: store.query(f"SELECT * EXCLUDE (tag_run_id) FROM {t} "
                                             "ORDER BY doc_id, sentence_id" + (", frame" if t == "frames" else ""))
                              for t in ("frames", "commitments")}
                assert store.count("tagged_documents") == store.query(
                    "SELECT count(DISTINCT doc_id) n FROM sentences").n[0]
    for table in ("frames", "commitments"):
        assert len(rows["one"][table]) > 100
        pd.testing.assert_frame_equal(rows["one"][table], rows["local"][table])
        pd.testing.assert_frame_equal(rows["one"][table], rows["cluster"][table])


def test_local_dask_tagging_leaves_no_child_process(store):
    import psutil

    _add(store, "d1", ["The council will fund 20 posts.", "Communities take control."])
    _add(store, "d2", ["Volunteers run the library."])
    before = {p.pid for p in psutil.Process().children()}
    summary = tag_store(store, workers=2, chunk_sentences=1)
    assert summary["sentences"] == 3
    assert {p.pid for p in psutil.Process().children()} <= before


def test_dask_tagging_refuses_a_prebuilt_pipeline(store):
    from discourse.tag import make_tagger

    with pytest.raises(UsageError, match="builds the pipeline on each worker"):
        tag_store(store, nlp=make_tagger(lemmatize=False), workers=2)
