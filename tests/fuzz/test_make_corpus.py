"""The fuzz-corpus generator: deterministic, complete, and its bombs really inflate."""

from __future__ import annotations

import csv
import hashlib
import os
import stat
import zlib

import pytest

from make_corpus import DEFAULT_SEED, FAMILIES, make_corpus
from pdfsyntax import flate_bomb, minimal_doc


def _fingerprint(path) -> str:
    if os.path.islink(path):
        return "symlink -> " + os.readlink(path)
    if stat.S_ISFIFO(os.lstat(path).st_mode):
        return "fifo"  # reading it would block
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _digest(files) -> dict[str, str]:
    return {f.name: _fingerprint(f.path) for f in files}


def test_corpus_is_deterministic_and_covers_every_family(tmp_path):
    a = make_corpus(tmp_path / "a")
    b = make_corpus(tmp_path / "b")
    assert len(a) >= 200
    assert _digest(a) == _digest(b)
    assert {f.family for f in a} == set(FAMILIES)
    assert all(f.name.startswith(f.family + "-") for f in a if f.family != "dup")
    with open(tmp_path / "a" / "INDEX.csv", newline="", encoding="utf-8") as fh:
        assert [row["name"] for row in csv.DictReader(fh)] == [
            f.name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace") for f in a]


def test_another_seed_changes_only_the_random_families(tmp_path):
    a = _digest(make_corpus(tmp_path / "a"))
    c = _digest(make_corpus(tmp_path / "c", seed=DEFAULT_SEED + 1))
    changed = {name for name in a if a[name] != c.get(name)}
    assert changed
    assert {name.split("-")[0] for name in changed} <= {"flip", "zero", "notpdf", "encrypt"}


def test_duplicates_are_byte_identical_to_their_source(tmp_path):
    files = make_corpus(tmp_path)
    data = {f.name: f.path.read_bytes() for f in files if f.family != "names"}
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
