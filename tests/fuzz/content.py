"""Fuzz families that attack what a PDF holds: bombs, images, text encodings, metadata, actions, encryption, long lines.

Each family function returns ``[(name, description, bytes), ...]``; the name
starts with the family and says what the file is.
"""

from __future__ import annotations

import random

from pdfsyntax import SENTENCES, Doc, flate, flate_bomb, minimal_doc, pdf_string, text_stream
from structure import Sample, output, patch

__all__ = ["bomb_family", "image_family", "utf16_family", "meta_family", "js_family", "encrypt_family",
           "longline_family"]

GIB = 1 << 30
FONT_RES = b"/Resources << /Font << /F1 3 0 R >> >>"


def _double_flate(data: bytes) -> tuple[bytes, bytes]:
    """(``/Filter`` entry, data) for a Flate stream compressed twice: gigabytes in a few kilobytes."""
    return b"/Filter [/FlateDecode /FlateDecode]", flate(data)


def _page_with(doc: Doc, ids, resources: bytes, content: bytes) -> None:
    patch(doc, ids.page[0], FONT_RES, b"/Resources " + resources)
    doc.add(Doc.stream(b"", content), ids.content[0])


def bomb_family() -> list[Sample]:
    """Flate streams that inflate to gigabytes, in every place a reader decodes streams."""
    out = []
    zeros2 = flate_bomb(b"\0", 2 * GIB)
    text_unit = b"(Local groups run it.) Tj T*    \n"  # 32 bytes: divides the 1 MiB splice block
    prefix = b"BT /F1 1 Tf 72 800 Td 1 TL\n"

    doc, ids = minimal_doc(1)
    filt, data = _double_flate(zeros2)
    doc.add(Doc.stream(filt, data), ids.content[0])
    out.append(("bomb-content-2gib-zeros-double-flate", "page content inflates to 2 GiB of NUL bytes "
                "(Flate applied twice)", output(doc, ids)))

    doc, ids = minimal_doc(1)
    doc.add(Doc.stream(b"/Filter /FlateDecode", flate_bomb(b"\0", GIB)), ids.content[0])
    out.append(("bomb-content-1gib-zeros-flate", "page content inflates to 1 GiB of NUL bytes", output(doc, ids)))

    for size, label in ((GIB, "1gib"), (64 << 20, "64mib")):
        doc, ids = minimal_doc(1)
        filt, data = _double_flate(flate_bomb(text_unit, size, prefix=prefix, suffix=b"ET\n"))
        doc.add(Doc.stream(filt, data), ids.content[0])
        out.append((f"bomb-content-text-operators-{label}", f"page content inflates to {label} of text-showing "
                    "operators (millions of characters)", output(doc, ids)))

    doc, ids = minimal_doc(1)
    filt, data = _double_flate(flate_bomb(b"\0", 2500 * 1000 * 1000))
    img = doc.add(Doc.stream(b"/Type /XObject /Subtype /Image /Width 50000 /Height 50000 /ColorSpace /DeviceGray "
                             b"/BitsPerComponent 8 " + filt, data))
    _page_with(doc, ids, b"<< /Font << /F1 3 0 R >> /XObject << /Im1 %d 0 R >> >>" % img,
               text_stream(["A page with a very large picture."]) + b"q 400 0 0 400 72 200 cm /Im1 Do Q\n")
    out.append(("bomb-image-50000x50000-2-5gb", "an image XObject whose data inflates to 2.5 GB", output(doc, ids)))

    cmap_head = (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Bomb def "
                 b"1 begincodespacerange <00> <FF> endcodespacerange 1 beginbfchar <41> <0042> endbfchar\n")
    doc, ids = minimal_doc(1)
    filt, data = _double_flate(flate_bomb(b" ", 2 * GIB, prefix=cmap_head, suffix=b"endcmap end end\n"))
    cmap = doc.add(Doc.stream(filt, data))
    patch(doc, ids.font, b"/Encoding", b"/ToUnicode %d 0 R /Encoding" % cmap)
    out.append(("bomb-tounicode-cmap-2gib", "the font's ToUnicode CMap inflates to 2 GiB", output(doc, ids)))

    doc, ids = minimal_doc(1)
    filt, data = _double_flate(flate_bomb(b" ", 2 * GIB, prefix=b"<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?>"
                                          b"<x:xmpmeta xmlns:x='adobe:ns:meta/'>", suffix=b"</x:xmpmeta>"))
    xmp = doc.add(Doc.stream(b"/Type /Metadata /Subtype /XML " + filt, data))
    patch(doc, ids.catalog, b"/Pages", b"/Metadata %d 0 R /Pages" % xmp)
    out.append(("bomb-xmp-metadata-2gib", "the XMP metadata stream inflates to 2 GiB", output(doc, ids)))

    out += [_font_bomb(), _objstm_bomb(), _xref_stream_bomb()]
    return out


def _font_bomb() -> Sample:
    doc, ids = minimal_doc(1)
    filt, data = _double_flate(flate_bomb(b"\0", 2 * GIB, prefix=b"\x00\x01\x00\x00\x00\x09"))
    ff = doc.add(Doc.stream(b"/Length1 2147483647 " + filt, data))
    desc = doc.add(b"<< /Type /FontDescriptor /FontName /BombSans /Flags 32 /FontBBox [0 -200 1000 900] "
                   b"/ItalicAngle 0 /Ascent 900 /Descent -200 /CapHeight 700 /StemV 80 /FontFile2 %d 0 R >>" % ff)
    widths = b" ".join([b"500"] * 95)
    doc.add(b"<< /Type /Font /Subtype /TrueType /BaseFont /BombSans /FirstChar 32 /LastChar 126 /Widths [%s] "
            b"/FontDescriptor %d 0 R /Encoding /WinAnsiEncoding >>" % (widths, desc), ids.font)
    return "bomb-embedded-truetype-2gib", "the embedded TrueType font program inflates to 2 GiB", output(doc, ids)


def _objstm_bomb() -> Sample:
    """The catalog lives in an object stream that inflates to 2 GiB (of whitespace after it)."""
    doc, ids = minimal_doc(1, compress=True, version=b"1.5")
    catalog = doc.objects.pop(ids.catalog)
    head = b"%d 0 " % ids.catalog
    filt, data = _double_flate(flate_bomb(b" ", 2 * GIB, prefix=head + catalog + b"\n"))
    stm = doc.add(Doc.stream(b"/Type /ObjStm /N 1 /First %d " % len(head) + filt, data))
    return ("bomb-object-stream-2gib", "the catalog is in an object stream that inflates to 2 GiB",
            doc.to_bytes(ids.catalog, info=ids.info, xref="stream", compressed={ids.catalog: (stm, 0)}))


def _xref_stream_bomb() -> Sample:
    """An xref stream whose rows inflate to 2 GiB (268 million free entries after the real ones)."""
    doc, ids = minimal_doc(1)
    body, offsets = doc.body()
    num = max(doc.objects) + 1
    rows = bytearray(b"\x00" + bytes(4) + b"\xff\xff\xff")
    for n in range(1, num + 1):
        rows += b"\x01" + (offsets[n] if n in offsets else len(body)).to_bytes(4, "big") + bytes(3)
    n_rows = 2 * GIB // 8
    bomb = flate_bomb(bytes(8), n_rows * 8, prefix=bytes(rows))
    filt, data = _double_flate(bomb)
    entries = b"/Type /XRef /Size %d /W [1 4 3] /Root %d 0 R /Info %d 0 R " % (n_rows, ids.catalog, ids.info) + filt
    xref = b"%d 0 obj\n" % num + Doc.stream(entries, data) + b"\nendobj\nstartxref\n%d\n%%%%EOF\n" % len(body)
    return "bomb-xref-stream-2gib", "the xref stream inflates to 2 GiB of entries", body + xref


def image_family() -> list[Sample]:
    """Enormous or nonsense declared images (tiny data), on pages that also carry text."""
    out = []
    jpeg_sof = (b"\xff\xd8\xff\xc0\x00\x11\x08\xff\xff\xff\xff\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01"
                b"\xff\xda\x00\x0c\x03\x01\x00\x02\x11\x03\x11\x00\x3f\x00" + b"\x55" * 64 + b"\xff\xd9")
    variants = [
        ("image-100000x100000-gray-10-bytes", b"/Width 100000 /Height 100000 /ColorSpace /DeviceGray "
         b"/BitsPerComponent 8", b"\x80" * 10),
        ("image-65535x65535-rgb-16bpc-flate", b"/Width 65535 /Height 65535 /ColorSpace /DeviceRGB "
         b"/BitsPerComponent 16 /Filter /FlateDecode", flate(b"\x10" * 100)),
        ("image-negative-width", b"/Width -100 /Height 100 /ColorSpace /DeviceGray /BitsPerComponent 8", b"\x00" * 10),
        ("image-bpc-99-unknown-colorspace", b"/Width 10 /Height 10 /ColorSpace /Plaid /BitsPerComponent 99",
         b"\x00" * 10),
        ("image-dct-header-65535x65535", b"/Width 65535 /Height 65535 /ColorSpace /DeviceRGB /BitsPerComponent 8 "
         b"/Filter /DCTDecode", jpeg_sof),
        ("image-jpx-garbage-100000x100000", b"/Width 100000 /Height 100000 /Filter /JPXDecode",
         b"\x00\x00\x00\x0cjP  \r\n\x87\n" + bytes(range(256))),
        ("image-jbig2-missing-globals", b"/Width 100000 /Height 100000 /ColorSpace /DeviceGray /BitsPerComponent 1 "
         b"/Filter /JBIG2Decode /DecodeParms << /JBIG2Globals 999 0 R >>", bytes(range(64))),
        ("image-smask-100000x100000", b"/Width 10 /Height 10 /ColorSpace /DeviceGray /BitsPerComponent 8 "
         b"/SMask %SMASK% 0 R", b"\x80" * 100),
    ]
    for name, entries, data in variants:
        doc, ids = minimal_doc(1)
        if b"%SMASK%" in entries:
            smask = doc.add(Doc.stream(b"/Type /XObject /Subtype /Image /Width 100000 /Height 100000 "
                                       b"/ColorSpace /DeviceGray /BitsPerComponent 8", b"\x00" * 10))
            entries = entries.replace(b"%SMASK%", b"%d" % smask)
        img = doc.add(Doc.stream(b"/Type /XObject /Subtype /Image " + entries, data))
        _page_with(doc, ids, b"<< /Font << /F1 3 0 R >> /XObject << /Im1 %d 0 R >> >>" % img,
                   text_stream(["The picture below is not what it claims to be."]) +
                   b"q 300 0 0 300 72 300 cm /Im1 Do Q\n")
        out.append((name, "a page with text and an image XObject: " + entries.decode("latin-1"), output(doc, ids)))
    doc, ids = minimal_doc(1)
    doc.add(Doc.stream(b"", text_stream(["An inline image follows."]) +
                       b"q 100 0 0 100 72 300 cm BI /W 100000 /H 100000 /BPC 8 /CS /G ID " + b"\x7f" * 16 +
                       b"\nEI Q\n"), ids.content[0])
    out.append(("image-inline-100000x100000", "an inline image declaring 100000 x 100000 pixels", output(doc, ids)))
    return out


def utf16_family() -> list[Sample]:
    """Invalid UTF-16 in text strings, and broken ToUnicode CMaps."""
    out = []
    titles = [
        ("odd-length", b"<FEFF004100>"), ("lone-high-surrogate", b"<FEFFD800>"),
        ("lone-high-then-text", b"<FEFFD80000410042>"), ("lone-low-surrogate", b"<FEFFDC000042>"),
        ("reversed-surrogate-pair", b"<FEFFDC00D800>"), ("bom-only", b"<FEFF>"),
        ("little-endian-bom", b"<FFFE4100420043>"), ("nul-and-control-chars", b"<FEFF000000070041001B0000>"),
        ("noncharacters", b"<FEFFFFFEFFFF0041>"), ("utf8-bom-invalid-utf8", b"<EFBBBFC328A0A1>"),
    ]
    for label, title in titles:
        doc, ids = minimal_doc(1)
        patch(doc, ids.info, b"/Title (Ward forum budgets)", b"/Title " + title + b" /Author " + title)
        out.append((f"utf16-title-{label}", f"Info /Title and /Author are {title.decode()}", output(doc, ids)))
    for label, cmap in _cmaps():
        doc, ids = minimal_doc(1)
        tu = doc.add(Doc.stream(b"", cmap)) if cmap is not None else 999
        patch(doc, ids.font, b"/Encoding", b"/ToUnicode %d 0 R /Encoding" % tu)
        doc.add(Doc.stream(b"", text_stream(["Plain words come first."]) +
                           b"BT /F1 11 Tf 72 600 Td (\\001\\002\\003\\004ABC) Tj ET\n"), ids.content[0])
        out.append((f"utf16-tounicode-{label}", f"the font's ToUnicode CMap: {label.replace('-', ' ')}",
                    output(doc, ids)))
    return out


def _cmap(body: bytes, codespace: bytes = b"<00> <FF>") -> bytes:
    return (b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Fuzz def "
            b"1 begincodespacerange " + codespace + b" endcodespacerange\n" + body +
            b"\nendcmap CMapName currentdict /CMap defineresource pop end end\n")


def _cmaps() -> list[tuple[str, bytes | None]]:
    many = b"\n".join(b"1 beginbfchar <%02X> <%04X> endbfchar" % (k % 256, 0x4E00 + k) for k in range(20000))
    return [
        ("lone-surrogates", _cmap(b"3 beginbfchar <01> <D800> <02> <DFFF> <41> <DC00D800> endbfchar")),
        ("nul-bidi-and-noncharacters", _cmap(b"4 beginbfchar <01> <0000> <02> <202E> <03> <FFFE> <04> <FFFF> "
                                             b"endbfchar")),
        ("range-into-surrogates", _cmap(b"1 beginbfrange <00> <FF> <D7A0> endbfrange")),
        ("odd-length-destination", _cmap(b"2 beginbfchar <01> <004> <41> <0> endbfchar")),
        ("5000-code-unit-destination", _cmap(b"1 beginbfchar <01> <" + b"0041" * 5000 + b"> endbfchar")),
        ("truncated-syntax", b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 beginbfchar <01"),
        ("20000-entries", _cmap(many)),
        ("range-start-after-end", _cmap(b"1 beginbfrange <FF> <00> <0041> endbfrange")),
        ("missing-object", None),
    ]


def meta_family() -> list[Sample]:
    """Hostile document metadata: impossible dates, a huge title, Info that is not a dictionary."""
    out = []
    for label, entry in (("date-year-0000", b"/CreationDate (D:00000000000000Z)"),
                         ("date-month-13-day-45", b"/CreationDate (D:20141345000000Z)"),
                         ("date-30-digits", b"/CreationDate (D:" + b"9" * 30 + b")"),
                         ("date-year-99999", b"/CreationDate (D:99999)"),
                         ("title-1mb", b"/Title " + pdf_string("Ward forum budgets " * 55_000))):
        doc, ids = minimal_doc(1)
        key = entry.split()[0]
        old = b"/CreationDate (D:20140301120000Z)" if key == b"/CreationDate" else b"/Title (Ward forum budgets)"
        patch(doc, ids.info, old, entry)
        out.append((f"meta-{label}", f"Info dict with {entry[:60].decode('latin-1')}", output(doc, ids)))
    doc, ids = minimal_doc(1)
    doc.add(b"42", ids.info)
    out.append(("meta-info-is-an-integer", "the trailer's /Info is an integer", output(doc, ids)))
    doc, ids = minimal_doc(1)
    doc.add(b"%d 0 R" % ids.info, ids.info)
    out.append(("meta-info-refers-to-itself", "the trailer's /Info is a reference to itself", output(doc, ids)))
    return out


def js_family() -> list[Sample]:
    """JavaScript and other actions: they must never run, and must not stop extraction."""
    js = b"<< /S /JavaScript /JS (app.alert('opened'); while (true) {}) >>"
    out = []
    doc, ids = minimal_doc(1)
    patch(doc, ids.catalog, b"/Pages", b"/OpenAction " + js + b" /Pages")
    out.append(("js-openaction-javascript", "/OpenAction runs JavaScript with an endless loop", output(doc, ids)))
    doc, ids = minimal_doc(1)
    patch(doc, ids.catalog, b"/Pages", b"/OpenAction << /S /Launch /F (/bin/sh) /Win << /F (cmd.exe) >> >> /Pages")
    out.append(("js-openaction-launch", "/OpenAction launches a program", output(doc, ids)))
    doc, ids = minimal_doc(1)
    code = doc.add(Doc.stream(b"", b"this.print({bUI: false}); app.launchURL('http://example.invalid/', true);"))
    patch(doc, ids.catalog, b"/Pages", b"/Names << /JavaScript << /Names [(init) << /S /JavaScript /JS %d 0 R >>] "
          b">> >> /Pages" % code)
    out.append(("js-names-tree-javascript-stream", "document-level JavaScript in the /Names tree", output(doc, ids)))
    doc, ids = minimal_doc(1)
    patch(doc, ids.page[0], b"/Contents", b"/AA << /O " + js + b" /C " + js + b" >> /Contents")
    out.append(("js-page-open-close-actions", "page open/close additional actions run JavaScript", output(doc, ids)))
    doc, ids = minimal_doc(1)
    act = doc.add(b"")
    doc.add(b"<< /S /JavaScript /JS (1;) /Next [%d 0 R %d 0 R] >>" % (act, act), act)
    patch(doc, ids.catalog, b"/Pages", b"/OpenAction %d 0 R /Pages" % act)
    out.append(("js-action-next-is-itself", "a JavaScript action whose /Next chain is itself", output(doc, ids)))
    doc, ids = minimal_doc(1)
    annots = (b"/Annots [<< /Type /Annot /Subtype /Link /Rect [72 700 300 720] /A << /S /URI "
              b"/URI (javascript:alert(1)) >> >> << /Type /Annot /Subtype /Widget /FT /Btn /Rect [72 650 200 670] "
              b"/A << /S /SubmitForm /F << /FS /URL /F (http://example.invalid/) >> >> >>]")
    patch(doc, ids.page[0], b"/Contents", annots + b" /Contents")
    xfa = doc.add(Doc.stream(b"", b"<xdp:xdp><script>while(1){}</script>" + b"<" * 1000))
    patch(doc, ids.catalog, b"/Pages", b"/AcroForm << /Fields [] /XFA %d 0 R /NeedAppearances true >> /Pages" % xfa)
    out.append(("js-uri-submitform-and-xfa", "a javascript: URI link, a SubmitForm widget and broken XFA",
                output(doc, ids)))
    return out


def encrypt_family(rng: random.Random) -> list[Sample]:
    """Encryption dictionaries with garbage keys, unknown handlers, or nothing behind them."""
    def garbage(n: int) -> bytes:
        return b"<" + bytes(rng.randrange(256) for _ in range(n)).hex().encode() + b">"

    file_id = b"/ID [%s %s]" % (garbage(16), garbage(16))
    variants = [
        ("standard-v2-r3-garbage-keys", b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O %s /U %s >>"
         % (garbage(32), garbage(32)), file_id),
        ("standard-v4-aesv2-garbage-keys", b"<< /Filter /Standard /V 4 /R 4 /Length 128 /P -4 /O %s /U %s "
         b"/CF << /StdCF << /CFM /AESV2 /AuthEvent /DocOpen /Length 16 >> >> /StmF /StdCF /StrF /StdCF >>"
         % (garbage(32), garbage(32)), file_id),
        ("standard-v5-r6-short-strings", b"<< /Filter /Standard /V 5 /R 6 /Length 256 /P -4 /O <00> /U <01> "
         b"/OE <02> /UE <03> /Perms <04> >>", file_id),
        ("standard-no-file-id", b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O %s /U %s >>"
         % (garbage(32), garbage(32)), b""),
        ("unknown-handler", b"<< /Filter /NotARealHandler /V 2 /Length 128 >>", file_id),
        ("version-99", b"<< /Filter /Standard /V 99 /R 99 /O %s /U %s /P -4 >>" % (garbage(32), garbage(32)),
         file_id),
        ("crypt-filter-unknown-method", b"<< /Filter /Standard /V 4 /R 4 /P -4 /O %s /U %s /CF << /StdCF << "
         b"/CFM /Rot13 >> >> /StmF /StdCF /StrF /StdCF >>" % (garbage(32), garbage(32)), file_id),
        ("dictionary-is-an-integer", b"42", file_id),
    ]
    out = []
    for label, enc, trailer_id in variants:
        doc, ids = minimal_doc(1)
        num = doc.add(enc)
        out.append((f"encrypt-{label}", f"an /Encrypt entry: {enc[:70].decode('latin-1')}",
                    output(doc, ids, trailer_extra=b"/Encrypt %d 0 R " % num + trailer_id)))
    doc, ids = minimal_doc(1)
    out.append(("encrypt-reference-to-missing-object", "/Encrypt names an object that does not exist",
                output(doc, ids, trailer_extra=b"/Encrypt 999 0 R " + file_id)))
    return out


def longline_family() -> list[Sample]:
    """Very long lines: in the text, in the file's own syntax, and a page of very many lines."""
    out = []

    def one_page(name: str, desc: str, content: bytes) -> None:
        doc, ids = minimal_doc(1)
        doc.add(Doc.stream(b"/Filter /FlateDecode", flate(content)), ids.content[0])
        out.append((name, desc, output(doc, ids)))

    words = " ".join(SENTENCES * 2500)  # ~1.1 MB of words
    one_page("longline-text-1mb-one-tj", "one text-showing operator with 1 MB of words (a single line)",
             b"BT /F1 1 Tf 10 800 Td " + pdf_string(words) + b" Tj ET\n")
    one_page("longline-text-1mb-no-spaces", "one word of 1 MB (no spaces anywhere)",
             b"BT /F1 1 Tf 10 800 Td " + pdf_string("a" * 1_000_000) + b" Tj ET\n")
    one_page("longline-text-50000-tj-no-moves", "50000 text operators on one baseline",
             b"BT /F1 1 Tf 10 800 Td " + b"(community ) Tj " * 50_000 + b"ET\n")
    one_page("longline-hyphen-at-every-line-end", "20000 lines, each ending in a hyphen",
             text_stream([f"com{k % 10}-" for k in range(20_000)], size=1, top=820).replace(b"14 TL", b"0.04 TL"))
    one_page("longline-text-500000-dots", "a line of half a million full stops",
             b"BT /F1 1 Tf 10 800 Td (" + b"." * 500_000 + b") Tj ET\n")
    one_page("longline-text-abbreviations", "a line of 100000 abbreviations and amounts",
             b"BT /F1 1 Tf 10 800 Td (" + b"Cllr. para. 4.5m. " * 100_000 + b") Tj ET\n")
    one_page("longline-30000-short-lines", "a page with 30000 short lines",
             text_stream([SENTENCES[k % 6][:20] for k in range(30_000)], size=1, top=820)
             .replace(b"14 TL", b"0.027 TL"))
    doc, ids = minimal_doc(1)
    flat = output(doc, ids, xref="none").replace(b"\r", b" ").replace(b"\n", b" ")
    out.append(("longline-file-without-line-breaks", "the whole file on one line (no xref)", flat))
    good = output(doc, ids)
    head = good.index(b"\n") + 1
    out.append(("longline-comment-4mb-after-header", "a 4 MB comment line after the header (offsets kept right)",
                _insert_comment(good, head, 4_000_000)))
    return out


def _insert_comment(data: bytes, at: int, n: int) -> bytes:
    """Insert a comment line of ``n`` bytes at ``at`` and shift the xref offsets to match."""
    start = data.rindex(b"\nxref\n") + 1
    table_end = data.index(b"trailer", start)
    table = data[start:table_end]
    lines = table.split(b"\n")
    shifted = [lines[0], lines[1]]
    for line in lines[2:]:
        if line.endswith(b"n\r"):
            line = b"%010d" % (int(line[:10]) + n + 1) + line[10:]
        shifted.append(line)
    startxref = int(data[data.rindex(b"startxref") + 10:].split()[0])
    tail = data[table_end:data.rindex(b"startxref")] + b"startxref\n%d\n%%%%EOF\n" % (startxref + n + 1)
    return data[:at] + b"%" + b"x" * (n - 1) + b"\n" + data[at:start] + b"\n".join(shifted) + tail
