"""Extraction bugs the fuzz corpus found, one test per bug, each on the corpus file that showed it.

The repro bytes come from the generator (``make_corpus.build(name)``), in the
spirit of pdfplumber's ``tests/pdfs/issue-N-*`` files.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import pytest

from discourse.extract import ExtractSettings
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
