"""process_pdf on PDFs the tests make: every case ends with the right status and clean text."""

import json

import pytest

import pdfgen
from discourse.extract.discover import doc_id_for, sha256_file
from discourse.extract.document import DocumentInput, process_pdf
from discourse.extract.settings import ExtractSettings


def run(path, **settings):
    path = str(path)
    sha = sha256_file(path) if __import__("os").path.getsize(path) else "0" * 64
    item = DocumentInput(doc_id_for(sha), sha, path, __import__("os").path.getsize(path))
    return process_pdf(item, ExtractSettings(**settings))


def test_report_headers_removed_hyphenation_rejoined(tmp_path):
    r = run(pdfgen.report_with_headers(tmp_path / "plan.pdf", n_pages=5))
    assert r.status == "ok" and r.document["n_pages"] == 5
    texts = [p["text"] for p in r.pages]
    assert all("Testshire County Council | Corporate Plan" not in t for t in texts)
    assert all("Page " not in t for t in texts)
    assert all("neighbourhood." in t and "community-led approach" in t for t in texts)
    first = texts[0].split("\n")
    assert first[0] == "Stronger communities"
    assert first[1].startswith("The council will transfer the Old Library") and first[1].endswith("September 2014.")


def test_sentences_have_provenance(tmp_path):
    r = run(pdfgen.report_with_headers(tmp_path / "plan.pdf", n_pages=2))
    page_text = {p["page_no"]: p["text"] for p in r.pages}
    assert r.document["n_sentences"] == len(r.sentences) > 0
    for s in r.sentences:
        assert page_text[s["page_no"]][s["start_char"]:s["end_char"]] == s["text"]
    assert [s["sentence_id"] for s in r.sentences] == list(range(len(r.sentences)))


def test_each_page_is_loaded_once(tmp_path, monkeypatch):
    """The page-count check loads the last page; the reader reads that one instead of loading it again."""
    import pypdfium2 as pdfium

    loads = []
    get_page = pdfium.PdfDocument.get_page
    monkeypatch.setattr(pdfium.PdfDocument, "get_page", lambda self, i: loads.append(i) or get_page(self, i))
    r = run(pdfgen.report_with_headers(tmp_path / "plan.pdf", n_pages=3))
    assert r.status == "ok" and len(r.pages) == 3
    assert sorted(loads) == [0, 1, 2]


def test_budget_table_found(tmp_path):
    r = run(pdfgen.budget_table(tmp_path / "budget.pdf"))
    assert r.status == "ok"
    (table,) = r.tables
    assert json.loads(table["rows_json"]) == [
        ["Service area", "2013/14", "2014/15"], ["Libraries", "3,420", "3,105"],
        ["Youth services", "410", "590"], ["Total", "3,830", "3,695"]]
    assert (table["n_rows"], table["n_cols"]) == (4, 3)


def test_tables_can_be_turned_off(tmp_path):
    assert run(pdfgen.budget_table(tmp_path / "budget.pdf"), tables=False).tables == []


@pytest.mark.parametrize("engine", ["pdfium", "pdfplumber"])
def test_table_engines_agree(tmp_path, engine):
    path = str(pdfgen.budget_table(tmp_path / "budget.pdf"))
    sha = sha256_file(path)
    r = process_pdf(DocumentInput(doc_id_for(sha), sha, path, 1), ExtractSettings(), table_engine=engine)
    assert json.loads(r.tables[0]["rows_json"])[1] == ["Libraries", "3,420", "3,105"]


def test_encrypted_needs_password(tmp_path):
    path = pdfgen.encrypted(tmp_path / "locked.pdf", password="s3cret")
    r = run(path)
    assert r.status == "encrypted" and "pass --password" in r.document["error"] and str(path) in r.document["error"]
    wrong = run(path, password="nope")
    assert wrong.status == "encrypted" and "does not open it" in wrong.document["error"]
    ok = run(path, password="s3cret")
    assert ok.status == "ok" and "confidential" in ok.pages[0]["text"]


def test_image_only_needs_ocr(tmp_path):
    r = run(pdfgen.image_only(tmp_path / "scan.pdf", n_pages=2))
    assert r.status == "needs_ocr"
    assert "--ocr" in r.document["error"]
    assert [p["needs_ocr"] for p in r.pages] == [True, True]
    assert r.document["n_pages_ocr"] == 2


def test_blank_page_is_empty_not_ocr(tmp_path):
    r = run(pdfgen.blank(tmp_path / "blank.pdf"))
    assert r.status == "empty" and "1 page but no text" in r.document["error"]
    assert r.pages[0]["needs_ocr"] is False


@pytest.mark.parametrize("make, status, message", [
    (lambda p: p.write_bytes(b"") or p, "empty", "0 bytes"),
    (pdfgen.not_a_pdf, "not_pdf", "no PDF header"),
])
def test_not_pdfs(tmp_path, make, status, message):
    path = make(tmp_path / "bad.pdf")
    r = run(path)
    assert r.status == status and message in r.document["error"] and str(path) in r.document["error"]
    assert r.pages == [] and r.sentences == []


def test_truncated_pdf_is_corrupt_or_recovered(tmp_path):
    source = pdfgen.report_with_headers(tmp_path / "full.pdf", n_pages=3)
    r = run(pdfgen.truncated(tmp_path / "cut.pdf", source, keep=0.3))
    # PDFium and pdfminer may recover part of a cut file; if not, it is corrupt with a reason
    assert r.status in ("ok", "corrupt", "empty")
    if r.status == "corrupt":
        assert "cut.pdf" in r.document["error"] and "pdfminer" in r.document["error"]


def test_too_large_by_size(tmp_path):
    path = pdfgen.simple(tmp_path / "a.pdf", "Hello")
    item = DocumentInput("x" * 16, "y" * 64, str(path), 10**9)
    r = process_pdf(item, ExtractSettings(max_bytes=10**6))
    assert r.status == "too_large" and "limit" in r.document["error"]


def test_metadata_title_and_date(tmp_path):
    path = pdfgen.simple(tmp_path / "x.pdf", "Cabinet report\nDate: 3 February 2014\nThe council will act.",
                         title="Library Strategy")
    r = run(path)
    assert r.document["title"] == "Library Strategy"
    assert str(r.document["date"]) == "2014-02-03" and r.document["date_source"] == "text"
