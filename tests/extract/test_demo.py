"""The project's own demo corpus through extraction: every layout feature it was built to exercise."""

import json

import pytest

from discourse.extract import extract
from discourse.store import open_store


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory, demo_dir):
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with open_store(path) as store:
        summary = extract([str(demo_dir)], store, manifest=str(demo_dir / "manifest.csv"))
    store = open_store(path, read_only=True)
    yield store, summary
    store.close()


def test_every_document_ok_and_copy_merged(demo_store):
    store, summary = demo_store
    assert summary["status"] == {"ok": summary["documents"]}
    assert summary["files"] == summary["documents"] + 1
    paths = store.query("SELECT all_paths FROM documents WHERE len(all_paths) > 1").all_paths.tolist()
    assert len(paths) == 1 and any("copies/" in p for p in paths[0])


def test_manifest_metadata_and_inferred_date(demo_store):
    store, _ = demo_store
    docs = store.documents()
    assert docs.doc_type.notna().all() and docs.actor.notna().all()
    sources = docs.date_source.value_counts().to_dict()
    assert sources == {"manifest": len(docs) - 1, "text": 1}


def test_no_running_headers_or_page_numbers_survive(demo_store):
    store, _ = demo_store
    pages = store.query("SELECT p.text FROM pages p JOIN documents d USING (doc_id) WHERE d.n_pages > 1")
    text = "\n".join(pages.text)
    assert "Page 1 of" not in text and "Page 2 of" not in text
    lines = [ln for t in pages.text for ln in t.split("\n")]
    assert not [ln for ln in lines if ln.strip().isdigit()]


def test_hyphenation_rejoined(demo_store):
    store, _ = demo_store
    text = " ".join(store.query("SELECT text FROM pages").text)
    for word in ("neighbourhood", "council", "devolution", "community-led"):
        assert word in text
    for broken in ("neighbour-hood", "neighbour- hood", "coun- cil", "devo-lution", "communityled"):
        assert broken not in text


def test_budget_tables_with_money(demo_store):
    store, _ = demo_store
    tables = store.query("SELECT t.rows_json FROM tables t JOIN documents d USING (doc_id) "
                         "WHERE d.doc_type = 'budget' ORDER BY d.date, t.page_no, t.table_no").rows_json
    rows = [json.loads(r) for r in tables]
    headers = [r[0][0] for r in rows]
    assert {"Service area", "Directorate"} <= set(headers)
    service = rows[headers.index("Service area")]
    assert service[0] == ["Service area", "2013/14 budget", "Savings", "Growth and inflation", "2014/15 budget"]
    assert len({len(r) for r in service}) == 1  # a rectangular grid: every row has every column
    assert any(cell.startswith("(") and cell.endswith(")") for row in service for cell in row if cell)


def test_two_column_page_reads_column_by_column(demo_store):
    store, _ = demo_store
    (text,) = store.query("SELECT p.text FROM pages p JOIN documents d USING (doc_id) "
                          "WHERE d.doc_type = 'consultation_summary' AND p.page_no = 1").text
    assert "2,391 of them online and 423 on paper." in text


def test_script_text_is_kept_as_text(demo_store):
    store, _ = demo_store
    hits = store.query("SELECT text FROM sentences WHERE text LIKE '%<script>%'")
    assert len(hits) == 1


def test_sentences_point_back_to_their_page_text(demo_store):
    store, _ = demo_store
    bad = store.query(
        "SELECT s.text FROM sentences s JOIN pages p ON p.doc_id = s.doc_id AND p.page_no = s.page_no "
        "WHERE s.page_no = s.end_page_no AND replace(substr(p.text, s.start_char + 1, s.end_char - s.start_char), "
        "chr(10), ' ') <> s.text")
    assert bad.empty
