"""Batches: idempotent, resumable after SIGKILL, nothing lost, duplicates merged."""

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

import pdfgen
from discourse.errors import UsageError
from discourse.extract import ExtractSettings, extract
from discourse.store import open_store
from snapshots import assert_same_store, snapshot


@pytest.fixture
def corpus(tmp_path):
    """A folder with good, bad and duplicate files, awkward names included."""
    d = tmp_path / "in"
    (d / "sub dir").mkdir(parents=True)
    pdfgen.report_with_headers(d / "plan 2014.pdf", n_pages=3)
    pdfgen.budget_table(d / "sub dir" / "Budget%202014–15.PDF")
    shutil.copy(d / "plan 2014.pdf", d / "sub dir" / "copy of plan.pdf")
    pdfgen.encrypted(d / "locked.pdf")
    pdfgen.image_only(d / "scan.pdf")
    pdfgen.not_a_pdf(d / "download.pdf")
    (d / "empty.pdf").write_bytes(b"")
    (d / "notes.txt").write_text("not a pdf, not picked up")
    return d


def test_every_file_gets_a_row_and_copies_merge(corpus, store):
    before = {p.pid for p in psutil.Process().children()}
    summary = extract([str(corpus)], store)
    assert summary["files"] == 7 and summary["documents"] == 6
    docs = store.documents().set_index("status")
    assert sorted(docs.index) == sorted(["ok", "ok", "encrypted", "needs_ocr", "not_pdf", "empty"])
    plan = store.query("SELECT all_paths FROM documents WHERE path LIKE '%plan 2014.pdf'").all_paths[0]
    assert sorted(Path(p).name for p in plan) == ["copy of plan.pdf", "plan 2014.pdf"]
    assert {f["status"] for f in summary["failed"]} == {"encrypted", "needs_ocr", "not_pdf", "empty"}
    assert all(f["error"] and f["path"] in f["error"] for f in summary["failed"])
    assert {p.pid for p in psutil.Process().children()} <= before  # the batch left no extraction child behind


def test_rerun_is_a_noop(corpus, tmp_path):
    s1 = tmp_path / "s.duckdb"
    with open_store(s1) as store:
        extract([str(corpus)], store)
    ref = snapshot(s1)
    with open_store(s1) as store:
        again = extract([str(corpus)], store)
    assert again["extracted"] == 0 and again["skipped"] == 6
    after = snapshot(s1)
    for name in ref:
        assert after[name].equals(ref[name]), name


def test_password_rerun_extracts_the_locked_file(corpus, store):
    extract([str(corpus)], store)
    again = extract([str(corpus)], store, settings=ExtractSettings(password="secret"))
    assert again["extracted"] == 1
    assert store.query("SELECT status FROM documents WHERE path LIKE '%locked.pdf'").status[0] == "ok"


def test_manifest_metadata_and_later_changes(corpus, store, tmp_path):
    manifest = corpus / "manifest.csv"
    manifest.write_text("path,title,date,doc_type,actor\nplan 2014.pdf,Our Plan,2014,plan,Testshire\n"
                        "../outside.pdf,Escape,2014,x,y\nmissing.pdf,Gone,2014,x,y\n")
    (tmp_path / "outside.pdf").write_bytes(b"%PDF-1.4")
    summary = extract([str(corpus)], store, manifest=str(manifest))
    row = store.query("SELECT title, date, date_source, doc_type, actor FROM documents "
                      "WHERE path LIKE '%plan 2014.pdf'").iloc[0]
    assert (row.title, str(row.date)[:10], row.date_source, row.doc_type, row.actor) == \
        ("Our Plan", "2014-01-01", "manifest", "plan", "Testshire")
    problems = " ".join(summary["manifest_problems"])
    assert "points outside" in problems and "missing.pdf" in problems
    manifest.write_text("path,title,date,doc_type,actor\nplan 2014.pdf,Our Plan,2014-06-30,plan,Testshire\n")
    again = extract([str(corpus)], store, manifest=str(manifest))
    assert again["extracted"] == 0
    assert str(store.query("SELECT date FROM documents WHERE path LIKE '%plan 2014.pdf'").date[0])[:10] == \
        "2014-06-30"


def test_missing_path_is_a_usage_error(store, tmp_path):
    with pytest.raises(UsageError, match="No such file"):
        extract([str(tmp_path / "nope")], store)


def test_reextraction_replaces_rows_without_duplicates(corpus, store):
    extract([str(corpus)], store)
    store.con.execute("UPDATE documents SET extractor_version = 'old'")
    extract([str(corpus)], store)
    dupes = store.query("SELECT doc_id, sentence_id, count(*) n FROM sentences GROUP BY 1, 2 HAVING n > 1")
    assert dupes.empty
    assert store.count("documents") == 6


def _make_many(folder: Path, n: int) -> None:
    folder.mkdir()
    for i in range(n):
        pdfgen.simple(folder / f"doc{i:02d}.pdf", f"Document {i}.\nThe council will fund {i} new posts in 2014.\n"
                      "We want communities to take control.", title=f"Doc {i}")


@pytest.mark.slow
def test_sigkill_mid_run_then_resume_equals_uninterrupted(tmp_path):
    # Documents are committed in groups of up to 25 (or 1 s), so the corpus must
    # span several groups for a kill after the first commits to land mid-run.
    n = 70
    folder = tmp_path / "many"
    _make_many(folder, n)
    reference = tmp_path / "ref.duckdb"
    with open_store(reference) as store:
        extract([str(folder)], store)

    killed = tmp_path / "killed.duckdb"
    cmd = [sys.executable, "-m", "discourse", "-v", "extract", str(folder), "--store", str(killed)]
    proc = subprocess.Popen(cmd, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
    committed = 0
    for line in proc.stderr:
        committed += "committed" in line
        if committed >= 5:
            os.kill(proc.pid, signal.SIGKILL)
            break
    proc.wait(30)
    assert proc.returncode == -signal.SIGKILL
    with open_store(killed, read_only=True) as store:
        n_docs = store.count("documents")
        assert 5 <= n_docs < n, "the kill should land mid-run"
        assert store.runs().status.tolist() == ["running"]
    subprocess.run(cmd, check=True, capture_output=True)
    assert_same_store(killed, reference)


@pytest.mark.slow
def test_two_dask_workers_give_the_same_store(corpus, tmp_path):
    one, two = tmp_path / "one.duckdb", tmp_path / "two.duckdb"
    with open_store(one) as store:
        extract([str(corpus)], store, workers=1)
    with open_store(two) as store:
        summary = extract([str(corpus)], store, workers=2)
    assert summary["workers"] == 2
    assert_same_store(one, two)
