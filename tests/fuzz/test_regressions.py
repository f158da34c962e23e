"""Extraction bugs the fuzz corpus found, one test per bug, each on the corpus file that showed it.

The repro bytes come from the generator (``make_corpus.build(name)``), in the
spirit of pdfplumber's ``tests/pdfs/issue-N-*`` files.
"""

from __future__ import annotations

import datetime as dt
import os
import unicodedata

import pytest

from discourse.extract import ExtractSettings, extract
from discourse.extract.document import DocumentInput, process_pdf
from make_corpus import build


def _extract(tmp_path, name: str, **settings):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(build(name))
    item = DocumentInput("f" * 16, "f" * 64, str(path), path.stat().st_size)
    return process_pdf(item, ExtractSettings(**settings))


# -- family "count": a page tree that declares more pages than it has ------------------

@pytest.mark.parametrize("name, declared, real", [
    ("count-1000000-one-real-page", 1_000_000, 1),
    ("count-nested-node-1000000", 1_000_001, 2),
    ("count-40-over-two-real-pages", 40, 2),
])
def test_a_lying_page_count_is_not_taken_at_its_word(tmp_path, name, declared, real):
    result = _extract(tmp_path, name)
    assert result.status == "ok", result.document["error"]
    assert result.document["n_pages"] == real
    assert [p["page_no"] for p in result.pages] == list(range(1, real + 1))
    assert f"{declared}" in result.document["warning"] and f"{real}" in result.document["warning"]


def test_a_true_page_count_over_the_limit_is_still_too_large(tmp_path):
    result = _extract(tmp_path, "count-20000-kids-same-page")
    assert result.status == "too_large" and "20000 pages" in result.document["error"]


# -- families "pages", "cycle", "nest": PDFium opens the file but cannot load its pages ---------

@pytest.mark.parametrize("name", ["cycle-kids-pair", "pages-kids-point-at-font", "pages-kids-is-a-number"])
def test_pages_pdfium_cannot_load_are_read_by_the_fallback(tmp_path, name):
    result = _extract(tmp_path, name)
    assert result.status == "ok", result.document["error"]
    assert "ward forums" in result.pages[0]["text"]
    assert {p["method"] for p in result.pages} == {"pdfplumber"}
    assert "pdfminer fallback" in result.document["warning"]


@pytest.mark.parametrize("name", ["pages-kids-null", "nest-page-tree-depth-3000"])
def test_pages_nobody_can_load_make_a_corrupt_document_not_an_empty_one(tmp_path, name):
    result = _extract(tmp_path, name)
    assert result.status == "corrupt"
    assert name in result.document["error"] and "page" in result.document["error"]


# -- family "utf16": invalid UTF-16 in the Info dictionary -------------------------------------

@pytest.mark.parametrize("name", ["utf16-title-lone-high-surrogate", "utf16-title-lone-low-surrogate",
                                  "utf16-title-reversed-surrogate-pair"])
def test_one_undecodable_metadata_value_does_not_lose_the_others(tmp_path, name):
    result = _extract(tmp_path, name)
    assert result.status == "ok"
    assert result.document["date"] == dt.date(2014, 3, 1)
    assert result.document["date_source"] == "metadata"


@pytest.mark.parametrize("name", ["utf16-title-nul-and-control-chars", "utf16-title-noncharacters",
                                  "utf16-title-odd-length"])
def test_titles_carry_no_control_or_noncharacter_code_points(tmp_path, name):
    title = _extract(tmp_path, name).document["title"]
    assert title and title == title.strip()
    bad = [c for c in title if unicodedata.category(c) in ("Cc", "Cs") or c in "\ufffe\uffff"]
    assert not bad, repr(title)


# -- family "names": hostile file names and *.pdf entries that are not files ----------------

def _names_corpus(tmp_path):
    from filesystem import names_family

    made = names_family(tmp_path / "in")
    return {name: path for name, _, path in made}


def _stored(path) -> str:
    """How a path is stored: bytes that are not UTF-8 are written as escapes (\\xe9)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


@pytest.mark.timeout(120)
def test_hostile_file_names_never_stop_the_batch_and_every_entry_gets_a_row(tmp_path, store):
    made = _names_corpus(tmp_path)
    assert len(made) >= 15
    summary = extract([str(tmp_path / "in")], store, settings=ExtractSettings(timeout=30))
    assert summary["files"] == len(made)
    docs = store.documents()
    stored = {p for paths in docs.all_paths for p in paths}
    assert {_stored(p) for p in made.values()} <= stored
    status = {p: row.status for row in docs.itertuples() for p in row.all_paths}
    special = {"names-dangling-symlink.pdf", "names-symlink-loop.pdf", "names-named-pipe.pdf"}
    for name, path in made.items():
        assert status[_stored(path)] == ("missing" if name in special else "ok"), name


def test_a_file_name_that_is_not_utf8_is_stored_escaped(tmp_path, store):
    made = _names_corpus(tmp_path)
    latin1 = made["names-latin1-caf\udce9.pdf"]
    extract([str(latin1)], store)
    row = store.documents().iloc[0]
    assert row.status == "ok" and row.path.endswith("names-latin1-caf\\xe9.pdf")


def test_names_differing_only_in_unicode_normalisation_are_two_files(tmp_path, store):
    d = tmp_path / "in"
    d.mkdir()
    nfc, nfd = unicodedata.normalize("NFC", "café.pdf"), unicodedata.normalize("NFD", "café.pdf")
    (d / nfc).write_bytes(build("valid-minimal-xref-table"))
    (d / nfd).write_bytes(build("valid-reportlab-report"))
    summary = extract([str(d)], store)
    assert summary["files"] == 2 and summary["documents"] == 2
    assert sorted(p for paths in store.documents().all_paths for p in paths) == sorted([str(d / nfc), str(d / nfd)])


@pytest.mark.timeout(60)
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this platform")
def test_a_named_pipe_called_pdf_is_reported_not_read(tmp_path, store):
    d = tmp_path / "in"
    d.mkdir()
    os.mkfifo(d / "stream.pdf")
    (d / "real.pdf").write_bytes(build("valid-minimal-xref-table"))
    summary = extract([str(d)], store)
    assert summary["status"] == {"ok": 1, "missing": 1}
    row = store.documents("missing").iloc[0]
    assert "stream.pdf" in row.error and "not a regular file" in row.error


# -- family "table": dense ruling grids ----------------------------------------------------------

@pytest.mark.parametrize("name", ["table-grid-1999x1999-paths-on-a-huge-page",
                                  "table-grid-3000x3000-in-4-paths-huge-page",
                                  "fallback-table-grid-1999x1999-paths-on-a-huge-page"])
def test_a_grid_with_millions_of_intersections_does_not_exhaust_memory(tmp_path, store, name):
    path = tmp_path / f"{name}.pdf"
    path.write_bytes(build(name))
    extract([str(path)], store, settings=ExtractSettings(memory_mb=512, timeout=60))
    row = store.documents().iloc[0]
    assert row.status == "ok", row.error
    assert "budget lines are ruled" in store.pages().text[0]


@pytest.mark.parametrize("name", ["table-grid-140x140-a4", "fallback-table-grid-140x140-a4"])
def test_a_dense_grid_page_does_not_take_seconds_of_table_finding(tmp_path, store, name):
    # 19600 intersections took ~20 s of pdfplumber's O(n^2) cell search on one page (2 shared cores)
    path = tmp_path / "grid.pdf"
    path.write_bytes(build(name))
    extract([str(path)], store, settings=ExtractSettings(timeout=8))
    assert store.documents().status[0] == "ok"
