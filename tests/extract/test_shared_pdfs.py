"""Issue-2 acceptance on the real PDFs in ../shared/corpora/pdf (skipped where absent)."""

import json
import os
from pathlib import Path

import pytest

from discourse.extract import ExtractSettings, extract
from discourse.store import open_store

pytestmark = [pytest.mark.shared, pytest.mark.slow]


@pytest.fixture(scope="module")
def pdf_root(shared_corpora):
    return shared_corpora / "pdf"


@pytest.fixture(scope="module")
def extracted(pdf_root, tmp_path_factory):
    path = tmp_path_factory.mktemp("shared") / "pdf.duckdb"
    with open_store(path) as store:
        summary = extract([str(pdf_root)], store, settings=ExtractSettings(password="test"))
    store = open_store(path, read_only=True)
    yield store, summary
    store.close()


def _status(store, suffix):
    rows = store.query("SELECT status, error, n_pages, all_paths FROM documents WHERE path LIKE ?",
                       ["%" + suffix])
    assert len(rows) == 1, f"{suffix}: {len(rows)} rows"
    return rows.iloc[0]


def test_every_pdf_has_a_row(extracted, pdf_root):
    store, summary = extracted
    files = [p for p in pdf_root.rglob("*") if p.is_file() and p.suffix.lower() == ".pdf"]
    seen = {os.path.normpath(p) for paths in store.documents().all_paths for p in paths}
    assert {os.path.normpath(str(f)) for f in files} == seen
    assert summary["files"] == len(files)


@pytest.mark.parametrize("suffix, status, words", [
    ("pdfplumber-tests/empty.pdf", "empty", "0 bytes"),
    ("pdfplumber-tests/issue-297-example.pdf", "empty", "no text"),
    ("pdfplumber-tests/issue-203-decimalize.pdf", "needs_ocr", "--ocr"),
    ("pdfplumber-tests/password-example.pdf", "ok", None),
    ("py-pdf-samples/005-libreoffice-writer-password/libreoffice-writer-password.pdf", "encrypted",
     "does not open it"),
    ("py-pdf-samples/007-imagemagick-images/imagemagick-images.pdf", "needs_ocr", "no text layer"),
    ("py-pdf-samples/019-grayscale-image/grayscale-image.pdf", "needs_ocr", "no text layer"),
    ("py-pdf-samples/023-cmyk-image/cmyk-image.pdf", "needs_ocr", "no text layer"),
    ("py-pdf-samples/017-unreadable-meta-data/unreadablemetadata.pdf", "ok", None),
    ("uk-inquiries/PostOfficeHorizon-IT-Inquiry-Response.pdf", "needs_ocr", "16 of 16 pages"),
])
def test_status_and_message(extracted, suffix, status, words):
    store, _ = extracted
    row = _status(store, suffix)
    assert row.status == status, row.error
    if words:
        assert words in row.error and suffix.rsplit("/", 1)[-1] in row.error


def test_recovered_file_used_pdfplumber_and_says_so(extracted):
    store, _ = extracted
    row = _status(store, "unreadablemetadata.pdf")
    methods = store.query("SELECT DISTINCT p.method FROM pages p JOIN documents d USING (doc_id) "
                          "WHERE d.path LIKE '%unreadablemetadata.pdf'").method.tolist()
    assert methods == ["pdfplumber"]
    warning = store.query("SELECT warning FROM documents WHERE path LIKE '%unreadablemetadata.pdf'").warning[0]
    assert "pdfminer fallback" in warning and row.error is None


def test_duplicates_are_merged(extracted, pdf_root):
    store, _ = extracted
    from discourse.extract.discover import sha256_file

    by_hash = {}
    for f in pdf_root.rglob("*.pdf"):
        by_hash.setdefault(sha256_file(str(f)), []).append(str(f))
    copies = [paths for paths in by_hash.values() if len(paths) > 1]
    assert copies, "the corpus has byte-identical copies"
    for paths in copies:
        row = store.query("SELECT all_paths FROM documents WHERE list_contains(all_paths, ?)", [paths[0]])
        assert len(row) == 1 and sorted(row.all_paths[0]) == sorted(paths)


def test_page_counts_match_pypdf_samples(extracted, pdf_root):
    store, _ = extracted
    expected = json.loads((pdf_root / "py-pdf-samples" / "files.json").read_text())["data"]
    for entry in expected:
        path = str(pdf_root / "py-pdf-samples" / entry["path"])
        row = store.query("SELECT status, n_pages, warning FROM documents WHERE list_contains(all_paths, ?)",
                          [path])
        if len(row) and row.status[0] == "ok" and row.warning[0] is None:  # not a pdfminer recovery
            assert row.n_pages[0] == entry["pages"], entry["path"]


def test_kent_documents_ok(extracted):
    store, _ = extracted
    kent = store.query("SELECT status, count(*) n FROM documents WHERE path LIKE '%kent-county-council%' GROUP BY 1")
    assert dict(zip(kent.status, kent.n)).keys() == {"ok"}


def test_run_with_two_workers_gives_the_same_store_as_one(pdf_root, tmp_path):
    """Issue 7: ``discourse run ../shared/corpora/pdf --workers 2`` equals ``--workers 1``, extraction and tagging."""
    from snapshots import EXTRACT_TABLES, TAG_TABLES, assert_same_store

    from discourse.pipeline import STORE_NAME, run

    stores = []
    for workers in (1, 2):
        out = tmp_path / f"w{workers}"
        summary = run([str(pdf_root)], out, settings=ExtractSettings(password="test"), workers=workers,
                      topics=False, n_boot=0)
        assert summary["tag"]["sentences"] > 10_000
        stores.append(out / STORE_NAME)
    assert_same_store(*stores, tables=EXTRACT_TABLES + TAG_TABLES)
