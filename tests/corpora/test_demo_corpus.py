"""The demo corpus in ``corpora/demo``: manifest, files, layout features and a reproducible build.

The corpus is what ``make demo`` runs on and what later stages show off, so these
tests guard the features the brief promised: every manifest file opens, dates parse
(but one, whose date is only printed on page 1), running headers and page numbers,
a two-column page, hyphenated line breaks, ruled budget tables, awkward file names,
a ``<script>`` string for the report's escaping, a byte-identical copy, and a
generator that rebuilds the committed bytes.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import importlib.util
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest

DEMO = Path(__file__).resolve().parents[2] / "corpora" / "demo"
COLUMNS = ["path", "title", "date", "doc_type", "actor"]


def _rows() -> list[dict[str, str]]:
    path = DEMO / "manifest.csv"
    if not path.is_file():
        return []
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


ROWS = _rows()
PATHS = [r["path"] for r in ROWS]


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def manifest(demo_dir) -> list[dict[str, str]]:
    """Manifest rows; fails (not skips) when the manifest is missing."""
    assert (demo_dir / "manifest.csv").is_file(), "corpora/demo/manifest.csv is missing: run build.py"
    return ROWS


@pytest.fixture(scope="module")
def unique_paths(manifest) -> list[str]:
    """One manifest path per distinct file content (copies dropped)."""
    seen: dict[str, str] = {}
    for r in manifest:
        seen.setdefault(_sha(DEMO / r["path"]), r["path"])
    return list(seen.values())


@pytest.fixture(scope="module")
def page_texts(unique_paths) -> dict[str, list[str]]:
    """pypdfium2 text of every page of every distinct document."""
    out = {}
    for rel in unique_paths:
        pdf = pdfium.PdfDocument(DEMO / rel)
        try:
            out[rel] = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
        finally:
            pdf.close()
    return out


@pytest.fixture(scope="module")
def corpus_text(page_texts) -> str:
    """All text, with pypdfium2's line-end hyphen marks and line breaks made plain."""
    text = "\n".join(t for pages in page_texts.values() for t in pages)
    return re.sub(r"\s+", " ", text.replace("\ufffe", "-"))


# --------------------------------------------------------------------------- manifest


def test_manifest_has_the_documented_columns(manifest, demo_dir):
    with open(demo_dir / "manifest.csv", newline="", encoding="utf-8") as f:
        assert next(csv.reader(f)) == COLUMNS
    assert all(r["path"] and r["title"] and r["doc_type"] and r["actor"] for r in manifest)


def test_corpus_has_12_to_20_documents_and_one_extra_copy(manifest, unique_paths):
    assert 12 <= len(unique_paths) <= 20
    assert len(manifest) == len(unique_paths) + 1


def test_every_pdf_in_the_folder_is_in_the_manifest(manifest, demo_dir):
    on_disk = sorted(str(p.relative_to(demo_dir)) for p in demo_dir.rglob("*.pdf"))
    assert on_disk == sorted(r["path"] for r in manifest)


@pytest.mark.parametrize("rel", PATHS)
def test_manifest_file_opens_with_1_to_6_pages_of_real_text(rel):
    pdf = pdfium.PdfDocument(DEMO / rel)
    try:
        assert 1 <= len(pdf) <= 6
        for i in range(len(pdf)):
            assert pdf[i].get_textpage().count_chars() > 100, f"{rel} page {i + 1} has no text layer"
    finally:
        pdf.close()


def test_dates_are_iso_and_in_2010_to_2016_except_exactly_one_empty(manifest):
    empty = [r["path"] for r in manifest if not r["date"]]
    assert len(empty) == 1, f"expected exactly one undated document, got {empty}"
    dates = [dt.date.fromisoformat(r["date"]) for r in manifest if r["date"]]
    assert all(dt.date(2010, 1, 1) <= d <= dt.date(2016, 12, 31) for d in dates)
    assert {d.year for d in dates} == set(range(2010, 2017))


def test_undated_document_prints_its_date_on_page_one_only(manifest):
    (row,) = [r for r in manifest if not r["date"]]
    pdf = pdfium.PdfDocument(DEMO / row["path"])
    try:
        first_page = pdf[0].get_textpage().get_text_range()
        meta = pdf.get_metadata_dict()
    finally:
        pdf.close()
    assert re.search(r"Published \d{1,2} [A-Z][a-z]+ 20(1[0-6])", first_page)
    assert not meta.get("CreationDate"), "the undated document must not carry a metadata date"
    assert not re.search(r"20\d\d", row["path"]), "the undated document's file name must not hold a date"


@pytest.mark.parametrize("row", [r for r in ROWS if r["date"]], ids=lambda r: r["path"])
def test_pdf_metadata_carries_the_documents_own_title_author_and_date(row):
    pdf = pdfium.PdfDocument(DEMO / row["path"])
    try:
        meta = pdf.get_metadata_dict()
    finally:
        pdf.close()
    assert meta["Title"] == row["title"]
    assert meta["Author"]
    assert meta["CreationDate"].startswith("D:" + row["date"].replace("-", ""))


def test_doc_type_and_actor_vocabularies_are_small_and_shared(manifest):
    doc_types = Counter(r["doc_type"] for r in manifest)
    actors = Counter(r["actor"] for r in manifest)
    assert all(re.fullmatch(r"[a-z_]+", t) for t in doc_types)
    assert len(doc_types) <= 10 and len(actors) <= 8
    assert sum(n >= 2 for n in doc_types.values()) >= 4, "most doc types should recur"
    assert sum(n >= 2 for n in actors.values()) >= 4, "most actors should recur"


# --------------------------------------------------------------------------- files


def test_exactly_one_byte_identical_copy_under_copies(manifest):
    by_hash = defaultdict(list)
    for r in manifest:
        by_hash[_sha(DEMO / r["path"])].append(r["path"])
    (group,) = [paths for paths in by_hash.values() if len(paths) > 1]
    assert len(group) == 2 and sum(p.startswith("copies/") for p in group) == 1
    a, b = (r for r in manifest if r["path"] in group)
    assert {k: v for k, v in a.items() if k != "path"} == {k: v for k, v in b.items() if k != "path"}


@pytest.mark.parametrize(
    "what, test",
    [("a space", lambda p: " " in p), ("a non-ASCII character", lambda p: not p.isascii())],
)
def test_some_file_name_has(manifest, what, test):
    assert any(test(Path(r["path"]).name) for r in manifest), f"no file name with {what}"


# --------------------------------------------------------------------------- layout


def _strip(rel: str, page: int, where: str) -> str:
    """Text in the header (top 55 pt) or footer (bottom 50 pt) band of one page."""
    pdf = pdfium.PdfDocument(DEMO / rel)
    try:
        pg = pdf[page]
        w, h = pg.get_size()
        box = (0, h - 55, w, h) if where == "header" else (0, 0, w, 50)
        return pg.get_textpage().get_text_bounded(*box).strip()
    finally:
        pdf.close()


def test_every_page_of_a_multipage_document_has_a_page_number(page_texts):
    multi = [rel for rel, pages in page_texts.items() if len(pages) > 1]
    assert len(multi) >= 10
    for rel in multi:
        n = len(page_texts[rel])
        for i in range(n):
            footer = _strip(rel, i, "footer")
            assert re.search(rf"(^|\s|Page ){i + 1}(\s|$| of {n})", footer), f"{rel} p{i + 1}: {footer!r}"


def test_running_headers_repeat_and_footers_use_both_styles(page_texts):
    repeated = 0
    styles = set()
    for rel, pages in page_texts.items():
        if len(pages) < 2:
            continue
        headers = {_strip(rel, i, "header") for i in range(1, len(pages))}
        repeated += len(headers) == 1 and headers != {""}
        footer = _strip(rel, 1, "footer")
        styles.add("page_of" if re.search(r"Page 2 of \d", footer) else "bare" if re.search(r"(^|\s)2$", footer) else "?")
    assert repeated >= 10, "running headers should repeat on every page after the first"
    assert {"page_of", "bare"} <= styles


def test_a_page_has_two_text_columns(page_texts):
    """A gutter down the middle of the body with text on both sides (newsletter layout)."""
    found = []
    for rel, pages in page_texts.items():
        pdf = pdfium.PdfDocument(DEMO / rel)
        try:
            for i in range(len(pages)):
                pg = pdf[i]
                w, h = pg.get_size()
                tp = pg.get_textpage()
                gutter = tp.get_text_bounded(w / 2 - 4, 60, w / 2 + 4, h * 0.7).strip()
                left = tp.get_text_bounded(0, 60, w / 2 - 4, h * 0.7)
                right = tp.get_text_bounded(w / 2 + 4, 60, w, h * 0.7)
                if not gutter and len(left) > 500 and len(right) > 500:
                    found.append((rel, i + 1))
        finally:
            pdf.close()
    assert found, "no two-column page"


def test_two_column_page_words_fall_into_two_columns(page_texts):
    """The same check by word positions (pdfplumber), as the extractor will see them."""
    rel = next(r for r in page_texts if "budget-consultation" in r)
    with pdfplumber.open(DEMO / rel) as pdf:
        page = pdf.pages[0]
        # below the full-width masthead, above the footer (a centred page number)
        body = [w for w in page.extract_words() if page.height * 0.3 < w["top"] < page.height - 50]
    mid = page.width / 2
    assert not [w["text"] for w in body if w["x0"] < mid < w["x1"]]
    assert sum(w["x1"] < mid for w in body) > 100 and sum(w["x0"] > mid for w in body) > 100


@pytest.mark.parametrize(
    "before, after",
    [("neighbour", "hood"), ("community", "led"), ("coun", "cil"), ("devo", "lution")],
)
def test_word_hyphenated_across_a_line_break(page_texts, before, after):
    """pypdfium2 marks a line-end hyphen with U+FFFE; other readers keep '-' + newline."""
    pattern = re.compile(rf"{before}(\ufffe|-\r?\n){after}")
    assert any(pattern.search(t) for pages in page_texts.values() for t in pages)


@pytest.mark.parametrize("rel, unit", [("harrowdale-budget-2014-15.pdf", "(£000)"),
                                       ("westmere-budget-mtfp-2015-16.pdf", "(£m)")])
def test_ruled_budget_table_is_found_by_pdfplumber(rel, unit):
    with pdfplumber.open(DEMO / rel) as pdf:
        for page in pdf.pages:
            for table in page.find_tables():  # default strategy: ruling lines only
                rows = table.extract()
                numeric = [r for r in rows if sum(bool(re.fullmatch(r"\(?[\d,.]+\)?", c or "")) for c in r) >= 3]
                if len(numeric) >= 6 and unit in (page.extract_text() or ""):
                    return
    pytest.fail(f"no ruled budget table in {unit} found in {rel}")


def test_script_tag_is_printed_literally_in_a_document(corpus_text):
    assert '<script>alert("xss")</script>' in corpus_text


# --------------------------------------------------------------------------- content


@pytest.mark.parametrize(
    "phrase",
    [
        "£4.7m", "£150 million", "£1.2bn", "£30,000", "£750k", "between £2,000 and £25,000",
        "12 new community development workers", "three FTE officers", "on a 25-year lease",
        "We will not devolve", "Whitehall knows best", "Council tax will rise by 1.9%",
        "Big Society", "co-operative council", "social value", "neighbourhood plan",
    ],
)
def test_corpus_text_exercises(corpus_text, phrase):
    assert phrase.lower() in corpus_text.lower()


def test_corpus_has_500_to_900_sentences_by_a_naive_split(corpus_text):
    sentences = [s for s in re.split(r"(?<=[.!?])\s+(?=[A-Z0-9£\"'])", corpus_text) if len(s.split()) >= 3]
    assert 500 <= len(sentences) <= 900


# --------------------------------------------------------------------------- generator


@pytest.fixture(scope="module")
def build_module():
    """corpora/demo/build.py imported as a module (needs reportlab)."""
    pytest.importorskip("reportlab", reason="reportlab rebuilds the demo corpus: pip install -e '.[corpora]'")
    spec = importlib.util.spec_from_file_location("demo_build", DEMO / "build.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["demo_build"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.slow
def test_build_is_deterministic_and_matches_the_committed_files(build_module, tmp_path):
    build_module.build(tmp_path / "a")
    build_module.build(tmp_path / "b")
    produced = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert len(produced) == len(ROWS) + 1  # every PDF and the manifest
    for rel in produced:
        assert (tmp_path / "a" / rel).read_bytes() == (tmp_path / "b" / rel).read_bytes(), rel
    committed = pdfium.PdfDocument(DEMO / PATHS[0])
    committed_creator = committed.get_metadata_dict()["Creator"]
    committed.close()
    if committed_creator != build_module.CREATOR:
        pytest.skip(f"committed PDFs were made by {committed_creator!r}, this is {build_module.CREATOR!r}")
    for rel in produced:
        assert (tmp_path / "a" / rel).read_bytes() == (DEMO / rel).read_bytes(), f"{rel} is out of date"


BAD_SOURCES = {
    "no front matter": "# Title\n\nText.\n",
    "unknown doc_type": "---\nfile: x.pdf\ntitle: T\nauthor: A\nactor: A\ndoc_type: memo\ndate: 2012-01-01\n---\nText.\n",
    "bad date": "---\nfile: x.pdf\ntitle: T\nauthor: A\nactor: A\ndoc_type: speech\ndate: 'soon'\n---\nText.\n",
    "uneven table": "---\nfile: x.pdf\ntitle: T\nauthor: A\nactor: A\ndoc_type: speech\ndate: 2012-01-01\n"
    "undated: true\n---\n```table grid\na | b\nc\n```\n",
    "line too wide": "---\nfile: x.pdf\ntitle: T\nauthor: A\nactor: A\ndoc_type: speech\ndate: 2012-01-01\n"
    "undated: true\n---\n```lines\n" + "word " * 40 + "\n```\n",
}


@pytest.mark.parametrize("case", sorted(BAD_SOURCES))
def test_build_rejects_a_bad_source_naming_the_file(build_module, tmp_path, case):
    src = tmp_path / "src"
    src.mkdir()
    (src / "bad-source.md").write_text(BAD_SOURCES[case], encoding="utf-8")
    with pytest.raises(build_module.DemoBuildError, match="bad-source.md"):
        build_module.build(tmp_path / "out", src_dir=src)
