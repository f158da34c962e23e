"""Generate the hostile-input fuzz corpus: a few hundred PDFs (and things named .pdf) that try to break extraction.

Usage::

    python tests/fuzz/make_corpus.py OUT_DIR [--seed 7]

or, from a test::

    from make_corpus import make_corpus
    files = make_corpus(tmp_path / "fuzz")

The corpus is deterministic for a given seed (and reportlab version): small
valid PDFs are generated (hand-written PDF syntax and reportlab), then
mutated (truncations, byte flips, zeroed ranges), and hand-built files attack
one thing each (see :data:`FAMILIES`). Every file's name starts with its family
and says what it is; ``INDEX.csv`` in the output folder lists name, family and
description. The corpus is never committed: generate it where you need it.
"""

from __future__ import annotations

import argparse
import csv
import functools
import os
import random
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import content
import filesystem
import structure
from pdfsyntax import minimal_doc
from structure import Sample

__all__ = ["make_corpus", "build", "CorpusFile", "FAMILIES", "DEFAULT_SEED"]

DEFAULT_SEED = 7

#: Family -> what it attacks (the first part of every file name).
FAMILIES = {
    "valid": "well-formed controls the mutations start from (must extract ok)",
    "trunc": "valid files cut off at many offsets",
    "flip": "valid files with random bytes replaced",
    "zero": "valid files with byte ranges zeroed",
    "count": "huge or nonsense declared page counts",
    "nest": "recursion bombs: deeply nested objects, references, page trees, forms",
    "bomb": "Flate streams that inflate to gigabytes",
    "image": "enormous or nonsense declared images",
    "utf16": "invalid UTF-16 text strings and broken ToUnicode CMaps",
    "meta": "hostile metadata (dates, huge title, Info not a dict)",
    "js": "JavaScript and launch actions",
    "xref": "broken, missing, looping cross-reference tables and trailers",
    "cycle": "circular references (page-tree loops, /Parent cycles, self-drawing forms)",
    "length": "wrong stream /Length values",
    "encrypt": "encryption dictionaries with garbage or nothing behind them",
    "pages": "0-page and nonsense page trees",
    "notpdf": "non-PDF bytes with .pdf names",
    "fallback": "hostile content on a page only pdfminer finds (PDFium cannot load the page tree)",
    "names": "valid PDFs under hostile file names; symlinks and a pipe named *.pdf",
    "longline": "very long single lines",
    "table": "dense ruling grids (table finding is quadratic)",
    "dup": "byte-identical copies of other corpus files",
}


@dataclass(frozen=True)
class CorpusFile:
    """One generated file."""

    name: str
    family: str
    description: str
    path: Path


def _seeds() -> list[Sample]:
    """The valid files mutations start from."""
    import pdfgen

    out = []
    for label, kw in (("minimal-xref-table", {}), ("minimal-object-streams", {"xref": "objstm"})):
        doc, ids = minimal_doc(2, compress=bool(kw))
        out.append((f"valid-{label}", "two pages of Helvetica text, hand-written PDF syntax",
                    structure.output(doc, ids, **kw)))
    with tempfile.TemporaryDirectory() as tmp:
        report = pdfgen.report_with_headers(Path(tmp) / "r.pdf", n_pages=3)
        table = pdfgen.budget_table(Path(tmp) / "t.pdf")
        out.append(("valid-reportlab-report", "three-page reportlab report with running headers",
                    report.read_bytes()))
        out.append(("valid-reportlab-budget-table", "one-page reportlab budget table", table.read_bytes()))
    return out


def _short(seed_name: str) -> str:
    return seed_name.removeprefix("valid-")


def _truncations(seeds: list[Sample]) -> list[Sample]:
    out = []
    for name, _, data in seeds:
        n = len(data)
        cuts = {1, 8, 9, 16, 64, n // 10, n // 4, n // 2, 3 * n // 4, 9 * n // 10, n - 40, n - 12, n - 1}
        for cut in sorted(c for c in cuts if 0 < c < n):
            out.append((f"trunc-{_short(name)}-at-{cut:06d}-of-{n}", f"{name} cut to its first {cut} of {n} bytes",
                        data[:cut]))
    return out


def _flips(seeds: list[Sample], seed: int) -> list[Sample]:
    out = []
    for name, _, data in seeds:
        for k, n_flips in enumerate((1, 1, 2, 3, 5, 8, 13, 21, 55, 144)):
            rng = random.Random(f"{seed}-flip-{name}-{k}")
            buf = bytearray(data)
            # the last two variants aim at the cross-reference section and trailer
            lo = len(data) - min(len(data), 300) if k >= 8 else 0
            for _ in range(n_flips):
                buf[rng.randrange(lo, len(buf))] = rng.randrange(256)
            where = "xref/trailer" if k >= 8 else "anywhere"
            out.append((f"flip-{_short(name)}-{k:02d}-{n_flips}-bytes", f"{name} with {n_flips} random bytes "
                        f"replaced ({where})", bytes(buf)))
    return out


def _zeroed(seeds: list[Sample], seed: int) -> list[Sample]:
    out = []
    for name, _, data in seeds:
        for k, width in enumerate((1, 16, 256, 1024, len(data) // 2)):
            rng = random.Random(f"{seed}-zero-{name}-{k}")
            start = rng.randrange(0, len(data) - min(width, len(data) - 1))
            buf = bytearray(data)
            buf[start:start + width] = bytes(len(buf[start:start + width]))
            out.append((f"zero-{_short(name)}-{width}-bytes-at-{start}", f"{name} with bytes {start}..{start + width} "
                        "set to zero", bytes(buf)))
    return out


def _not_pdf(seed: int, valid: bytes) -> list[Sample]:
    rng = random.Random(f"{seed}-notpdf")
    noise = bytes(rng.randrange(256) for _ in range(4096))
    return [
        ("notpdf-empty-0-bytes", "an empty file", b""),
        ("notpdf-html-error-page", "an HTML 404 page",
         b"<!DOCTYPE html><html><body><h1>404 Not Found</h1></body></html>"),
        ("notpdf-png-image", "a PNG file header and noise", b"\x89PNG\r\n\x1a\n" + noise[:512]),
        ("notpdf-zip-archive", "a ZIP local-file header and noise", b"PK\x03\x04" + noise[:512]),
        ("notpdf-random-4k", "4096 random bytes", noise),
        ("notpdf-plain-text", "UTF-8 text", "Minutes of the parish council meeting — draft\n".encode() * 50),
        ("notpdf-utf16-text-with-bom", "UTF-16 text with a byte-order mark", "Agenda item 4\n".encode("utf-16") * 20),
        ("notpdf-header-only", "just '%PDF-1.7'", b"%PDF-1.7\n"),
        ("notpdf-header-then-random", "a PDF header followed by 100 KB of random bytes",
         b"%PDF-1.4\n" + bytes(rng.randrange(256) for _ in range(100_000))),
        ("notpdf-header-after-2kb-of-junk", "a valid PDF preceded by 2 KB of junk (header not in the first 1 KB)",
         b"J" * 2048 + valid),
        ("notpdf-postscript", "a PostScript file",
         b"%!PS-Adobe-3.0\n/Helvetica findfont 12 scalefont setfont\nshowpage\n"),
        ("notpdf-elf-binary", "an ELF executable header", b"\x7fELF\x02\x01\x01" + bytes(57) + noise[:256]),
        ("notpdf-nul-bytes-1kb", "1024 NUL bytes", bytes(1024)),
    ]


#: Files whose hostile content is also sent down the pdfminer fallback.
_FALLBACK_FROM = (
    "bomb-content-2gib-zeros-double-flate", "nest-array-100000-in-page-resources", "nest-dict-50000-in-page-resources",
    "cycle-form-xobject-draws-itself", "cycle-parent-chain-inherited-resources",
    "length-indirect-to-own-stream", "utf16-tounicode-lone-surrogates", "utf16-title-nul-and-control-chars",
    "image-inline-100000x100000", "table-grid-1999x1999-paths-on-a-huge-page", "table-grid-140x140-a4",
)
_TREE = re.compile(rb"/Type /Pages /Kids \[[^\]]*\] /Count \d+")


def _fallback(samples: list[Sample]) -> list[Sample]:
    """The page tree's only kid becomes the font, so PDFium loads no page and pdfminer's object scan
    finds the orphaned page: the hostile content then meets pdfminer. Same length, so offsets stay right."""
    by_name = {name: data for name, _, data in samples}
    out = []
    for name in _FALLBACK_FROM:
        data = by_name[name]
        m = _TREE.search(data)
        new = b"/Type /Pages /Kids [3 0 R] /Count 1"
        if m is None or len(new) > len(m.group()):
            raise ValueError(f"cannot re-point the page tree of {name}")
        out.append((f"fallback-{name}", f"{name}, with a page tree PDFium cannot load (read by pdfminer)",
                    data[:m.start()] + new.ljust(len(m.group())) + data[m.end():]))
    return out


def _samples(seed: int) -> list[Sample]:
    seeds = _seeds()
    rng = random.Random(f"{seed}-encrypt")
    samples = [*seeds, *_truncations(seeds), *_flips(seeds, seed), *_zeroed(seeds, seed)]
    for family in (structure.count_family, structure.nest_family, content.bomb_family, content.image_family,
                   content.utf16_family, content.meta_family, content.js_family, structure.xref_family,
                   structure.cycle_family, structure.length_family, structure.pages_family,
                   content.longline_family, structure.table_family):
        samples += family()
    samples += content.encrypt_family(rng)
    samples += _not_pdf(seed, seeds[0][2])
    samples += _fallback(samples)
    return samples


@functools.lru_cache(maxsize=2)
def _samples_by_name(seed: int) -> dict[str, bytes]:
    return {name: data for name, _, data in _samples(seed)}


def build(name: str, seed: int = DEFAULT_SEED) -> bytes:
    """The bytes of one corpus file, by name (without ``.pdf``): the repro for a regression test."""
    samples = _samples_by_name(seed)
    if name not in samples:
        raise KeyError(f"no corpus file named {name!r}")
    return samples[name]


def _duplicates(written: list[CorpusFile], out: Path) -> list[tuple[CorpusFile, bytes]]:
    """Copies of a valid file, a non-PDF, a truncation and a bomb, under other names and in a sub-folder."""
    by_name = {f.name: f for f in written}
    picks = [("valid-minimal-xref-table.pdf", "dup-copy-of-valid-minimal.pdf"),
             ("valid-minimal-xref-table.pdf", "dup/Copy of valid minimal (revised ü).PDF"),
             ("notpdf-html-error-page.pdf", "dup-copy-of-notpdf-html.pdf"),
             ("bomb-content-2gib-zeros-double-flate.pdf", "dup-copy-of-bomb-content.pdf"),
             ("bomb-content-2gib-zeros-double-flate.pdf", "dup/bomb again.pdf"),
             ("cycle-kids-include-self.pdf", "dup-copy-of-cycle-kids.pdf")]
    truncs = sorted(n for n in by_name if n.startswith("trunc-reportlab-report"))
    picks.append((truncs[len(truncs) // 2], "dup-copy-of-a-truncation.pdf"))
    out_files = []
    for src, name in picks:
        original = by_name[src]
        out_files.append((CorpusFile(name, "dup", f"a byte-identical copy of {src}", out / name),
                          original.path.read_bytes()))
    return out_files


def make_corpus(out: str | Path, seed: int = DEFAULT_SEED) -> list[CorpusFile]:
    """Write the fuzz corpus into ``out`` (created) and return its files.

    Parameters
    ----------
    out : str or Path
        Folder to write into; existing files with the same names are replaced.
    seed : int
        Seed for every random choice (same seed, same bytes).

    Returns
    -------
    list of CorpusFile
        One per file, in generation order; also written to ``out/INDEX.csv``.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    written: list[CorpusFile] = []
    seen: set[str] = set()
    for name, description, data in _samples(seed):
        family = name.split("-", 1)[0]
        if family not in FAMILIES or name in seen:
            raise ValueError(f"bad or repeated corpus name {name!r}")
        seen.add(name)
        path = out / f"{name}.pdf"
        path.write_bytes(data)
        written.append(CorpusFile(path.name, family, description, path))
    for entry, data in _duplicates(written, out):
        entry.path.parent.mkdir(parents=True, exist_ok=True)
        entry.path.write_bytes(data)
        written.append(entry)
    for name, description, path in filesystem.names_family(out):
        written.append(CorpusFile(name, "names", description, path))
    with open(out / "INDEX.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["name", "family", "bytes", "description"])
        for f in written:  # a name that is not UTF-8 is listed with its bytes escaped (\xe9)
            name = f.name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
            w.writerow([name, f.family, os.lstat(f.path).st_size, f.description])
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", help="folder to write the corpus into")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    tests_dir = str(Path(__file__).resolve().parents[1])  # pdfgen lives in tests/
    if tests_dir not in sys.path:
        sys.path.append(tests_dir)
    files = make_corpus(args.out, args.seed)
    counts: dict[str, int] = {}
    for f in files:
        counts[f.family] = counts.get(f.family, 0) + 1
    print(f"{len(files)} files in {args.out}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
