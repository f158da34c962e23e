"""Hostile input (issue 7, item 4): extraction survives the fuzz corpus and every shared bad input.

For the generated corpus (``make_corpus.py``, ≥ 200 files) and for every PDF in
``../shared/corpora/pdf/pdfplumber-tests`` and ``py-pdf-samples``: the batch
returns, every input path ends in ``documents``, every status is one of the
documented ones with an error naming the file, every worker's recorded peak
memory is within its cap, and a re-run changes nothing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from discourse.extract import ExtractSettings, extract
from discourse.extract.batch import RETRY_STATUSES
from discourse.store import open_store
from make_corpus import make_corpus
from snapshots import snapshot

STATUSES = {"ok", "empty", "not_pdf", "corrupt", "encrypted", "needs_ocr", "timeout", "too_large", "crashed",
            "missing"}
SETTINGS = ExtractSettings(timeout=20, memory_mb=512)
SHARED_FOLDERS = ("pdfplumber-tests", "py-pdf-samples")


def _stored(path) -> str:
    """A path as the store holds it (bytes that are not UTF-8 escaped, as ``\\xe9``)."""
    return os.fsencode(os.path.normpath(path)).decode("utf-8", "backslashreplace")


class Run:
    """Two extract runs over the same inputs into one store, and what they left."""

    def __init__(self, inputs: list[Path], store_path: Path, first_workers: int):
        self.inputs = [str(p) for p in inputs]
        with open_store(store_path) as store:
            self.first = extract(self.inputs, store, settings=SETTINGS, workers=first_workers)
        self.snap1 = snapshot(store_path)
        with open_store(store_path) as store:
            self.second = extract(self.inputs, store, settings=SETTINGS, workers=1)
        self.snap2 = snapshot(store_path)
        with open_store(store_path, read_only=True) as store:
            self.docs = store.documents()


def _pdf_files(roots: list[Path]) -> set[str]:
    out = set()
    for root in roots:
        out |= {_stored(p) for p in root.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf"}
    return out


@pytest.fixture(scope="module")
def fuzz_run(tmp_path_factory):
    root = tmp_path_factory.mktemp("fuzz")
    files = make_corpus(root / "corpus")
    run = Run([root / "corpus"], root / "fuzz.duckdb", first_workers=2)
    run.expected = {_stored(f.path) for f in files}
    run.families = {_stored(f.path): f.family for f in files}
    return run


@pytest.fixture(scope="module")
def shared_run(shared_corpora, tmp_path_factory):
    roots = [shared_corpora / "pdf" / name for name in SHARED_FOLDERS]
    missing = [str(r) for r in roots if not r.is_dir()]
    if missing:
        pytest.skip(f"shared corpus folders not found: {', '.join(missing)}")
    run = Run(roots, tmp_path_factory.mktemp("shared") / "shared.duckdb", first_workers=1)
    run.expected = _pdf_files(roots)
    return run


@pytest.fixture(params=["fuzz", pytest.param("shared", marks=pytest.mark.shared)])
def run(request) -> Run:
    return request.getfixturevalue(f"{request.param}_run")


pytestmark = pytest.mark.slow


def test_every_input_path_has_a_document(run):
    seen = {_stored(p) for paths in run.docs.all_paths for p in paths}
    assert run.expected and run.expected <= seen
    assert run.first["files"] == len(run.expected)


def test_every_status_is_documented_with_an_error_naming_the_file(run):
    assert set(run.docs.status) <= STATUSES
    failed = run.docs[run.docs.status != "ok"]
    for row in failed.itertuples():
        assert isinstance(row.error, str) and row.error.strip(), row.path
        assert os.path.basename(row.path) in row.error, (row.path, row.error)
    ok = run.docs[run.docs.status == "ok"]
    assert ok.error.isna().all()


def test_workers_stay_within_their_memory_cap(run):
    peaks = run.docs.peak_rss_mb.dropna()
    assert len(peaks) > 0
    assert peaks.max() <= SETTINGS.memory_mb, run.docs.loc[run.docs.peak_rss_mb.idxmax(), "path"]


def test_rerun_changes_nothing(run):
    retried = int(run.docs.status.isin(RETRY_STATUSES).sum())
    assert run.second["extracted"] == retried
    assert run.second["status"] == run.first["status"]
    if retried == 0:
        for name, frame in run.snap1.items():
            assert run.snap2[name].equals(frame), name


def _statuses(run: Run, family: str) -> dict[str, str]:
    out = {}
    for row in run.docs.itertuples():
        for p in row.all_paths:
            if run.families.get(_stored(p)) == family:
                out[Path(p).name] = row.status
    return out


def test_fuzz_controls_extract_and_non_pdfs_are_named(fuzz_run):
    assert set(_statuses(fuzz_run, "valid").values()) == {"ok"}
    notpdf = _statuses(fuzz_run, "notpdf")
    assert notpdf["notpdf-empty-0-bytes.pdf"] == "empty"
    assert notpdf["notpdf-html-error-page.pdf"] == "not_pdf"
    assert set(notpdf.values()) <= {"not_pdf", "empty", "corrupt"}


def test_fuzz_bombs_and_huge_trees_end_within_limits(fuzz_run):
    bombs = _statuses(fuzz_run, "bomb")
    assert bombs["bomb-content-2gib-zeros-double-flate.pdf"] == "too_large"
    assert set(bombs.values()) <= {"ok", "too_large", "corrupt", "empty"}
    assert _statuses(fuzz_run, "count")["count-20000-kids-same-page.pdf"] == "too_large"
    assert fuzz_run.docs.seconds.max() < SETTINGS.timeout


def test_fuzz_hostile_names_are_extracted_and_non_files_reported(fuzz_run):
    names = _statuses(fuzz_run, "names")
    special = {"names-dangling-symlink.pdf", "names-symlink-loop.pdf", "names-named-pipe.pdf"}
    assert len(names) >= 15
    assert {n: s for n, s in names.items() if n not in special} == {n: "ok" for n in names if n not in special}
    assert {names[n] for n in special if n in names} <= {"missing"}
