"""The fuzz-corpus generator: deterministic, complete, and its bombs really inflate."""

from __future__ import annotations

import hashlib
import zlib

import pytest

from make_corpus import DEFAULT_SEED, FAMILIES, make_corpus
from pdfsyntax import flate_bomb, minimal_doc


def _digest(files) -> dict[str, str]:
    return {f.name: hashlib.sha256(f.path.read_bytes()).hexdigest() for f in files}


def test_corpus_is_deterministic_and_covers_every_family(tmp_path):
    a = make_corpus(tmp_path / "a")
    b = make_corpus(tmp_path / "b")
    assert len(a) >= 200
    assert _digest(a) == _digest(b)
    assert {f.family for f in a} == set(FAMILIES)
    assert all(f.name.startswith(f.family + "-") for f in a if f.family != "dup")
    assert (tmp_path / "a" / "INDEX.csv").read_text(encoding="utf-8").count("\n") == len(a) + 1


def test_another_seed_changes_only_the_random_families(tmp_path):
    a = _digest(make_corpus(tmp_path / "a"))
    c = _digest(make_corpus(tmp_path / "c", seed=DEFAULT_SEED + 1))
    changed = {name for name in a if a[name] != c.get(name)}
    assert changed
    assert {name.split("-")[0] for name in changed} <= {"flip", "zero", "notpdf", "encrypt"}


def test_duplicates_are_byte_identical_to_their_source(tmp_path):
    files = make_corpus(tmp_path)
    data = {f.name: f.path.read_bytes() for f in files}
    dups = [f for f in files if f.family == "dup"]
    assert len(dups) >= 5
    for f in dups:
        source = f.description.rsplit(" ", 1)[-1]
        assert data[f.name] == data[source], f.name


@pytest.mark.parametrize("unit, prefix, suffix", [(b"\0", b"", b""), (b"(Grant.) Tj T*   \n", b"BT ", b"ET"),
                                                   (bytes(8), b"\x01\x02", b"")])
def test_flate_bomb_inflates_to_exactly_the_repeated_unit(unit, prefix, suffix):
    total = 24 << 20
    bomb = flate_bomb(unit, total, prefix=prefix, suffix=suffix)
    out = zlib.decompress(bomb)  # also checks the spliced Adler-32 trailer
    assert out.startswith(prefix) and out.endswith(suffix)
    body = out[len(prefix):len(out) - len(suffix)]
    assert body == unit * (len(body) // len(unit)) and abs(len(out) - total) <= (1 << 20)
    assert len(bomb) < total // 200


@pytest.mark.parametrize("xref", ["table", "stream", "objstm"])
def test_minimal_documents_are_valid_pdfs(xref):
    import pypdfium2 as pdfium

    doc, ids = minimal_doc(2, compress=xref != "table")
    pdf = pdfium.PdfDocument(doc.to_bytes(ids.catalog, info=ids.info, xref=xref))
    try:
        assert len(pdf) == 2
        assert "ward forums" in pdf[0].get_textpage().get_text_range()
        assert pdf.get_metadata_value("Title") == "Ward forum budgets"
    finally:
        pdf.close()
