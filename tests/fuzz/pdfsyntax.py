"""Hand-written PDF syntax for the fuzz corpus: objects, streams, xref tables/streams, Flate bombs.

Everything here writes bytes directly, so a test can build a PDF that no
well-behaved library would produce (a wrong ``/Length``, a loop in the page
tree, an xref stream with absurd field widths) and know exactly what is in it.
All output is deterministic.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass, field

__all__ = ["Doc", "pdf_string", "text_stream", "flate", "flate_bomb", "minimal_doc", "MinimalIds",
           "SENTENCES"]

#: Our own text for valid pages (not taken from any corpus).
SENTENCES = [
    "The council will give ward forums a budget of ten thousand pounds a year.",
    "Local groups told us they want more say over how the library is run.",
    "We will publish the spending figures for every service each quarter.",
    "Volunteers in Eastgate now open the youth club on three evenings a week.",
    "The new bus route will link the market town with the hospital by May.",
    "Residents can apply for a small grant to improve their shared garden.",
]


def pdf_string(text: str) -> bytes:
    """A literal string ``(...)`` in PDFDocEncoding-compatible Latin-1, escaped."""
    raw = text.encode("latin-1", "replace")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def text_stream(lines: list[str], font: bytes = b"/F1", size: int = 11, top: int = 760) -> bytes:
    """Content stream drawing ``lines`` top-down with font ``font``."""
    out = [b"BT %s %d Tf 72 %d Td 14 TL" % (font, size, top)]
    for line in lines:
        out.append(pdf_string(line) + b" Tj T*")
    out.append(b"ET")
    return b"\n".join(out) + b"\n"


def flate(data: bytes) -> bytes:
    """zlib-compress ``data`` (what ``/FlateDecode`` undoes)."""
    return zlib.compress(data, 9)


# -- Flate bombs ------------------------------------------------------------------

_ADLER_BASE = 65521
_BLOCK = 1 << 20


def _adler_combine(a1: int, a2: int, len2: int) -> int:
    """zlib's adler32_combine: the checksum of ``x + y`` from those of ``x`` and ``y``."""
    rem = len2 % _ADLER_BASE
    s1 = a1 & 0xFFFF
    s2 = (rem * s1) % _ADLER_BASE
    s1 += (a2 & 0xFFFF) + _ADLER_BASE - 1
    s2 += ((a1 >> 16) & 0xFFFF) + ((a2 >> 16) & 0xFFFF) + _ADLER_BASE - rem
    s1 %= _ADLER_BASE
    s2 %= _ADLER_BASE
    return (s2 << 16) | s1


def _adler_repeat(block: bytes, times: int) -> tuple[int, int]:
    """(adler32 of ``block * times``, its length) by doubling, without building it."""
    result, result_len = 1, 0  # adler32 of b""
    power, power_len = zlib.adler32(block), len(block)
    while times:
        if times & 1:
            result = _adler_combine(result, power, power_len)
            result_len += power_len
        power = _adler_combine(power, power, power_len)
        power_len *= 2
        times >>= 1
    return result, result_len


def flate_bomb(unit: bytes, total: int, prefix: bytes = b"", suffix: bytes = b"") -> bytes:
    """A valid zlib stream that inflates to ``prefix + unit * n + suffix`` (about ``total`` bytes).

    Compressing gigabytes would take minutes; instead one 1 MiB block of the
    repeating unit is compressed with sync flushes until the compressed block
    repeats, and that block is spliced ``n`` times (deflate blocks are
    byte-aligned after a sync flush and the LZ77 window then holds the same
    bytes each time). The Adler-32 trailer is computed for the full output.
    """
    per_block = max(1, _BLOCK // len(unit))
    block = unit * per_block
    n_blocks = max(1, (total - len(prefix) - len(suffix)) // len(block))
    c = zlib.compressobj(9)
    head = c.compress(prefix) + c.flush(zlib.Z_SYNC_FLUSH)
    chunks: list[bytes] = []
    while True:  # compress blocks until the compressed form reaches a steady state
        chunks.append(c.compress(block) + c.flush(zlib.Z_SYNC_FLUSH))
        if len(chunks) >= 3 and chunks[-1] == chunks[-2]:
            break
        if len(chunks) > 16:
            raise RuntimeError("compressed blocks never repeat; choose a unit that divides 1 MiB")
    steady = chunks[-1]
    lead = chunks[:-1]
    n_steady = n_blocks - len(lead)
    if n_steady < 0:
        raise ValueError(f"total={total} is too small for a bomb; use at least {len(chunks) * len(block)}")
    tail = c.compress(suffix) + c.flush(zlib.Z_FINISH)
    adler = zlib.adler32(prefix)
    block_adler, block_len = _adler_repeat(block, n_blocks)
    adler = _adler_combine(adler, block_adler, block_len)
    adler = _adler_combine(adler, zlib.adler32(suffix), len(suffix))
    return head + b"".join(lead) + steady * n_steady + tail[:-4] + adler.to_bytes(4, "big")


# -- documents --------------------------------------------------------------------

@dataclass
class Doc:
    """Numbered objects written out as a PDF, with the cross-reference section of your choice."""

    version: bytes = b"1.4"
    objects: dict[int, bytes] = field(default_factory=dict)

    def add(self, body: bytes, num: int | None = None) -> int:
        """Add (or replace, with ``num``) an object body; return its number."""
        if num is None:
            num = max(self.objects, default=0) + 1
        self.objects[num] = body
        return num

    @staticmethod
    def stream(entries: bytes, data: bytes, *, length: bytes | None = None) -> bytes:
        """A stream object body; ``length`` overrides the true ``/Length`` (any bytes)."""
        declared = length if length is not None else str(len(data)).encode()
        return b"<< " + entries + b" /Length " + declared + b" >>\nstream\n" + data + b"\nendstream"

    def body(self) -> tuple[bytes, dict[int, int]]:
        """Header and objects, with each object's byte offset."""
        out = bytearray(b"%PDF-" + self.version + b"\n%\xe2\xe3\xcf\xd3\n")
        offsets = {}
        for num in sorted(self.objects):
            offsets[num] = len(out)
            out += b"%d 0 obj\n" % num + self.objects[num] + b"\nendobj\n"
        return bytes(out), offsets

    def to_bytes(self, root: int, *, info: int | None = None, trailer_extra: bytes = b"",
                 xref: str = "table", compressed: dict[int, tuple[int, int]] | None = None) -> bytes:
        """Serialise with an xref ``table``, an xref ``stream``, ``objstm`` or ``none`` (no xref, no trailer).

        ``compressed`` (xref streams only) lists objects stored in object
        streams as ``{num: (objstm_num, index)}`` type-2 entries.
        """
        out, offsets = self.body()
        refs = b"/Root %d 0 R" % root + (b" /Info %d 0 R" % info if info else b"")
        size = max([*self.objects, *(compressed or {})]) + 1
        if xref == "none":
            return out + b"%%EOF\n"
        if xref == "stream":
            return out + _xref_stream(offsets, compressed or {}, size, len(out), refs + b" " + trailer_extra)
        if xref == "objstm":
            return self._with_object_stream(refs + b" " + trailer_extra)
        table = xref_table(offsets, size)
        trailer = b"trailer\n<< /Size %d %s %s >>\n" % (size, refs, trailer_extra)
        return out + table + trailer + b"startxref\n%d\n%%%%EOF\n" % len(out)

    def _with_object_stream(self, entries: bytes) -> bytes:
        """Non-stream objects packed into one ``/ObjStm``; an xref stream with type-2 entries (PDF 1.5)."""
        packed = [n for n in sorted(self.objects) if b"\nstream\n" not in self.objects[n]]
        loose = Doc(b"1.5", {n: b for n, b in self.objects.items() if n not in packed})
        offsets_in, parts, pos = [], [], 0
        for n in packed:
            offsets_in.append(b"%d %d" % (n, pos))
            parts.append(self.objects[n] + b"\n")
            pos += len(parts[-1])
        header = b" ".join(offsets_in) + b"\n"
        stm = max(self.objects) + 1
        loose.add(Doc.stream(b"/Type /ObjStm /N %d /First %d /Filter /FlateDecode" % (len(packed), len(header)),
                             flate(header + b"".join(parts))), stm)
        out, offsets = loose.body()
        compressed = {n: (stm, i) for i, n in enumerate(packed)}
        return out + _xref_stream(offsets, compressed, stm + 1, len(out), entries)


def _xref_stream(offsets: dict[int, int], compressed: dict[int, tuple[int, int]], num: int, at: int,
                 entries: bytes) -> bytes:
    """Xref stream object ``num`` at byte ``at``: type-1 rows for ``offsets``, type-2 for ``compressed``."""
    rows = bytearray(b"\x00" + bytes(4) + b"\xff\xff")
    for n in range(1, num + 1):
        if n == num:
            rows += b"\x01" + at.to_bytes(4, "big") + bytes(2)
        elif n in offsets:
            rows += b"\x01" + offsets[n].to_bytes(4, "big") + bytes(2)
        elif n in compressed:
            stm, idx = compressed[n]
            rows += b"\x02" + stm.to_bytes(4, "big") + idx.to_bytes(2, "big")
        else:
            rows += bytes(7)
    stream = Doc.stream(b"/Type /XRef /Size %d /W [1 4 2] /Filter /FlateDecode %s" % (num + 1, entries),
                        flate(bytes(rows)))
    return b"%d 0 obj\n" % num + stream + b"\nendobj\nstartxref\n%d\n%%%%EOF\n" % at


def xref_table(offsets: dict[int, int], size: int) -> bytes:
    """A classic ``xref`` section for objects ``0..size-1``."""
    lines = [b"xref", b"0 %d" % size, b"0000000000 65535 f\r"]
    for num in range(1, size):
        off = offsets.get(num)
        lines.append(b"%010d 00000 n\r" % off if off is not None else b"0000000000 65535 f\r")
    return b"\n".join(lines) + b"\n"


@dataclass
class MinimalIds:
    """Object numbers in a :func:`minimal_doc`."""

    catalog: int
    pages: int
    font: int
    info: int
    page: list[int]
    content: list[int]


def minimal_doc(n_pages: int = 2, *, compress: bool = False, lines_per_page: int = 3,
                version: bytes = b"1.4") -> tuple[Doc, MinimalIds]:
    """A small valid PDF: Helvetica text, ``n_pages`` pages of our own sentences, an Info dict."""
    doc = Doc(version)
    catalog, pages, font, info = 1, 2, 3, 4
    doc.add(b"<< /Type /Catalog /Pages 2 0 R >>", catalog)
    doc.add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>", font)
    doc.add(b"<< /Title (Ward forum budgets) /Producer (discourse fuzz) /CreationDate (D:20140301120000Z) >>",
            info)
    page_ids, content_ids = [], []
    for i in range(n_pages):
        lines = [SENTENCES[(i * lines_per_page + k) % len(SENTENCES)] for k in range(lines_per_page)]
        data = text_stream([f"Section {i + 1}"] + lines)
        body = Doc.stream(b"/Filter /FlateDecode", flate(data)) if compress else Doc.stream(b"", data)
        content_ids.append(doc.add(body))
        page_ids.append(doc.add(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents %d 0 R >>" % content_ids[-1]))
    kids = b" ".join(b"%d 0 R" % p for p in page_ids)
    doc.add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n_pages), pages)
    return doc, MinimalIds(catalog, pages, font, info, page_ids, content_ids)
