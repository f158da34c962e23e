"""Fuzz families that break the structure of a PDF: page trees, nesting, cycles, xref, lengths.

Each family function returns ``[(name, description, bytes), ...]``; the name
starts with the family and says what the file is.
"""

from __future__ import annotations

from pdfsyntax import Doc, MinimalIds, flate, minimal_doc, text_stream, xref_table

__all__ = ["Sample", "patch", "output", "count_family", "nest_family", "cycle_family", "pages_family",
           "xref_family", "length_family", "table_family"]

Sample = tuple[str, str, bytes]


def patch(doc: Doc, num: int, old: bytes, new: bytes) -> None:
    """Replace the first ``old`` in object ``num`` with ``new`` (it must be there)."""
    body = doc.objects[num]
    if old not in body:
        raise ValueError(f"{old!r} not in object {num}: {body[:200]!r}")
    doc.objects[num] = body.replace(old, new, 1)


def output(doc: Doc, ids: MinimalIds, **kw) -> bytes:
    """The document's bytes with its catalog and Info dict in the trailer."""
    return doc.to_bytes(ids.catalog, info=ids.info, **kw)


def count_family() -> list[Sample]:
    """Huge or nonsense declared page counts over a small real page tree."""
    out = []
    for label, value in (("1000000", b"1000000"), ("2147483648", b"2147483648"), ("negative", b"-5"),
                         ("bigint", b"99999999999999999999999999"), ("name", b"/Lots")):
        doc, ids = minimal_doc(1)
        patch(doc, ids.pages, b"/Count 1", b"/Count " + value)
        out.append((f"count-{label}-one-real-page", f"page tree root declares /Count {value.decode()} over one page",
                    output(doc, ids)))
    doc, ids = minimal_doc(2)
    patch(doc, ids.pages, b"/Count 2", b"/Count 40")
    out.append(("count-40-over-two-real-pages", "page tree root declares /Count 40 over two pages (under the "
                "page limit)", output(doc, ids)))
    doc, ids = minimal_doc(2)
    mid = doc.add(b"<< /Type /Pages /Parent 2 0 R /Kids [%d 0 R] /Count 1000000 >>" % ids.page[1])
    patch(doc, ids.page[1], b"/Parent 2 0 R", b"/Parent %d 0 R" % mid)
    doc.add(b"<< /Type /Pages /Kids [%d 0 R %d 0 R] /Count 1000001 >>" % (ids.page[0], mid), ids.pages)
    out.append(("count-nested-node-1000000", "an intermediate page-tree node declares a million pages",
                output(doc, ids)))
    for n in (1000, 20000):
        doc, ids = minimal_doc(1)
        kids = b" ".join([b"%d 0 R" % ids.page[0]] * n)
        doc.add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n), ids.pages)
        out.append((f"count-{n}-kids-same-page", f"{n} /Kids entries all pointing at the same page object",
                    output(doc, ids)))
    return out


def nest_family() -> list[Sample]:
    """Recursion bombs: deeply nested arrays, dicts, references, page trees, forms, q and TJ."""
    arr = b"[" * 100_000 + b"]" * 100_000
    dct = b"<< /K " * 50_000 + b">> " * 50_000
    out = []
    for label, blob in (("array-100000", arr), ("dict-50000", dct)):
        doc, ids = minimal_doc(1)
        patch(doc, ids.page[0], b"/Resources <<", b"/Resources << /Properties << /P0 %s >>" % blob)
        out.append((f"nest-{label}-in-page-resources", f"{label} levels of nesting in the page resources",
                    output(doc, ids)))
        doc, ids = minimal_doc(1)
        patch(doc, ids.info, b"/Title", b"/Nest %s /Title" % blob)
        out.append((f"nest-{label}-in-info", f"{label} levels of nesting in the document Info dict",
                    output(doc, ids)))
        doc, ids = minimal_doc(1)
        patch(doc, ids.catalog, b"/Pages", b"/Nest %s /Pages" % blob)
        out.append((f"nest-{label}-in-catalog-xref-stream", f"{label} levels of nesting in the catalog, "
                    "xref stream", output(doc, ids, xref="stream")))
    out += [_indirect_chain(), _deep_page_tree(3000), _deep_forms(1000), _deep_q(200_000), _deep_tj(50_000)]
    return out


def _indirect_chain(n: int = 10_000) -> Sample:
    doc, ids = minimal_doc(1)
    first = max(doc.objects) + 1
    for k in range(n):
        doc.add(b"%d 0 R" % (first + k + 1), first + k)
    doc.add(b"<< /Font << /F1 3 0 R >> >>", first + n)
    patch(doc, ids.page[0], b"/Resources << /Font << /F1 3 0 R >> >>", b"/Resources %d 0 R" % first)
    return (f"nest-indirect-chain-{n}", f"page resources reached through a chain of {n} indirect references",
            output(doc, ids))


def _deep_page_tree(depth: int) -> Sample:
    doc, ids = minimal_doc(1)
    parent = ids.pages
    nodes = []
    for _ in range(depth):
        nodes.append(doc.add(b""))
    chain = [ids.pages, *nodes]
    for k, node in enumerate(chain):
        kid = chain[k + 1] if k + 1 < len(chain) else ids.page[0]
        parent_ref = b"" if k == 0 else b"/Parent %d 0 R " % chain[k - 1]
        doc.add(b"<< /Type /Pages %s/Kids [%d 0 R] /Count 1 >>" % (parent_ref, kid), node)
    patch(doc, ids.page[0], b"/Parent %d 0 R" % parent, b"/Parent %d 0 R" % chain[-1])
    return (f"nest-page-tree-depth-{depth}", f"one page at the bottom of a page tree {depth} levels deep",
            output(doc, ids))


def _deep_forms(depth: int) -> Sample:
    doc, ids = minimal_doc(1)
    first = max(doc.objects) + 1
    for k in range(depth):
        num = first + k
        if k + 1 < depth:
            res, data = b"<< /XObject << /Fx %d 0 R >> >>" % (num + 1), b"/Fx Do\n"
        else:
            res, data = b"<< /Font << /F1 3 0 R >> >>", text_stream(["The innermost form says hello."])
        doc.add(Doc.stream(b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources " + res, data), num)
    patch(doc, ids.page[0], b"/Resources << /Font << /F1 3 0 R >> >>",
          b"/Resources << /Font << /F1 3 0 R >> /XObject << /Fx %d 0 R >> >>" % first)
    doc.add(Doc.stream(b"", text_stream(["A page that draws nested forms."]) + b"/Fx Do\n"), ids.content[0])
    return (f"nest-form-xobject-depth-{depth}", f"form XObjects nested {depth} deep, each drawing the next",
            output(doc, ids))


def _deep_q(depth: int) -> Sample:
    doc, ids = minimal_doc(1)
    data = b"q " * depth + b"\n" + text_stream(["Saved graphics states pile up above this line."])
    doc.add(Doc.stream(b"", data), ids.content[0])
    return (f"nest-q-{depth}", f"{depth} graphics-state saves (q) without restores before the text",
            output(doc, ids))


def _deep_tj(depth: int) -> Sample:
    doc, ids = minimal_doc(1)
    data = text_stream(["A nested TJ array follows."])[:-3] + b"[" * depth + b"(x)" + b"]" * depth + b" TJ\nET\n"
    doc.add(Doc.stream(b"", data), ids.content[0])
    return (f"nest-tj-array-{depth}", f"a TJ operand nested {depth} arrays deep", output(doc, ids))


def cycle_family() -> list[Sample]:
    """Circular references: page-tree loops, /Parent cycles, self references, self-drawing forms."""
    out = []
    doc, ids = minimal_doc(1)
    patch(doc, ids.pages, b"/Kids [", b"/Kids [%d 0 R " % ids.pages)
    out.append(("cycle-kids-include-self", "the page-tree root lists itself among its kids", output(doc, ids)))

    doc, ids = minimal_doc(1)
    other = doc.add(b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>")
    patch(doc, ids.pages, b"/Kids [", b"/Kids [%d 0 R " % other)
    out.append(("cycle-kids-pair", "two page-tree nodes list each other as kids", output(doc, ids)))

    doc, ids = minimal_doc(1)
    patch(doc, ids.page[0], b"/Parent 2 0 R", b"/Parent %d 0 R" % ids.page[0])
    out.append(("cycle-page-parent-self", "a page whose /Parent is itself", output(doc, ids)))

    doc, ids = minimal_doc(1)
    a = doc.add(b"")
    b = doc.add(b"<< /Type /Pages /Parent %d 0 R /Kids [] /Count 0 >>" % a)
    doc.add(b"<< /Type /Pages /Parent %d 0 R /Kids [] /Count 0 >>" % b, a)
    patch(doc, ids.page[0], b"/Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >>",
          b"/Parent %d 0 R" % a)  # no own MediaBox/Resources: inheritance walks the /Parent loop
    out.append(("cycle-parent-chain-inherited-resources", "a page inheriting resources through a /Parent loop",
                output(doc, ids)))

    doc, ids = minimal_doc(1)
    selfref = doc.add(b"")
    doc.add(b"%d 0 R" % selfref, selfref)
    patch(doc, ids.page[0], b"/Resources << /Font << /F1 3 0 R >> >>", b"/Resources %d 0 R" % selfref)
    out.append(("cycle-object-is-reference-to-itself", "page resources are an object that is a reference to "
                "itself", output(doc, ids)))

    doc, ids = minimal_doc(1)
    x = doc.add(b"")
    y = doc.add(b"%d 0 R" % x)
    doc.add(b"%d 0 R" % y, x)
    patch(doc, ids.page[0], b"/Contents %d 0 R" % ids.content[0], b"/Contents %d 0 R" % x)
    out.append(("cycle-reference-pair-contents", "page contents are two references pointing at each other",
                output(doc, ids)))

    doc, ids = minimal_doc(1)
    arr = doc.add(b"")
    doc.add(b"[%d 0 R %d 0 R]" % (arr, ids.content[0]), arr)
    patch(doc, ids.page[0], b"/Contents %d 0 R" % ids.content[0], b"/Contents %d 0 R" % arr)
    out.append(("cycle-contents-array-contains-itself", "the /Contents array contains itself", output(doc, ids)))

    return out + [_self_form(pair=False), _self_form(pair=True), _outline_loop(), _font_loop()]


def _outline_loop() -> Sample:
    doc, ids = minimal_doc(1)
    outlines, item = doc.add(b""), doc.add(b"")
    doc.add(b"<< /Type /Outlines /First %d 0 R /Last %d 0 R /Count 1 >>" % (item, item), outlines)
    doc.add(b"<< /Title (Loop) /Parent %d 0 R /Next %d 0 R /Prev %d 0 R /First %d 0 R /Dest [%d 0 R /Fit] >>"
            % (outlines, item, item, item, ids.page[0]), item)
    patch(doc, ids.catalog, b"/Pages", b"/Outlines %d 0 R /PageMode /UseOutlines /Pages" % outlines)
    return ("cycle-outline-next-and-first-self", "an outline item that is its own next and first child",
            output(doc, ids))


def _font_loop() -> Sample:
    doc, ids = minimal_doc(1)
    t0 = doc.add(b"")
    doc.add(b"<< /Type /Font /Subtype /Type0 /BaseFont /Helvetica /Encoding /Identity-H "
            b"/DescendantFonts [%d 0 R] >>" % t0, t0)
    patch(doc, ids.page[0], b"/F1 3 0 R", b"/F1 3 0 R /F2 %d 0 R" % t0)
    doc.add(Doc.stream(b"", text_stream(["Plain text first."]) + b"BT /F2 12 Tf 72 600 Td <00410042> Tj ET\n"),
            ids.content[0])
    return ("cycle-type0-font-descendant-is-itself", "a Type0 font whose descendant font is itself",
            output(doc, ids))


def _self_form(pair: bool) -> Sample:
    doc, ids = minimal_doc(1)
    f1 = doc.add(b"")
    f2 = doc.add(b"") if pair else f1
    for me, nxt in ((f1, f2), (f2, f1)):
        doc.add(Doc.stream(b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> "
                           b"/XObject << /Fx %d 0 R >> >>" % nxt,
                           text_stream(["Form text."], top=500) + b"/Fx Do\n"), me)
    patch(doc, ids.page[0], b"/Font << /F1 3 0 R >>", b"/Font << /F1 3 0 R >> /XObject << /Fx %d 0 R >>" % f1)
    doc.add(Doc.stream(b"", text_stream(["This page draws a form that draws itself."]) + b"/Fx Do\n"),
            ids.content[0])
    name = "cycle-form-xobjects-draw-each-other" if pair else "cycle-form-xobject-draws-itself"
    return name, "form XObjects whose content draws " + ("each other" if pair else "itself"), output(doc, ids)


def pages_family() -> list[Sample]:
    """Zero-page and nonsense page trees."""
    out = []
    variants = [
        ("pages-count-0-kids-empty", "an empty page tree (/Count 0, /Kids [])",
         b"<< /Type /Pages /Kids [] /Count 0 >>"),
        ("pages-kids-missing", "a page-tree root without /Kids", b"<< /Type /Pages /Count 1 >>"),
        ("pages-kids-null", "a page-tree root whose only kid is null", b"<< /Type /Pages /Kids [null] /Count 1 >>"),
        ("pages-kids-point-at-font", "a page-tree root whose kid is a font dictionary",
         b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
        ("pages-count-0-with-one-kid", "/Count 0 over one real page", b"<< /Type /Pages /Kids [%d 0 R] /Count 0 >>"),
        ("pages-kids-is-a-number", "/Kids is an integer", b"<< /Type /Pages /Kids 7 /Count 1 >>"),
    ]
    for name, desc, body in variants:
        doc, ids = minimal_doc(1)
        doc.add(body.replace(b"%d", b"%d" % ids.page[0]), ids.pages)
        out.append((name, desc, output(doc, ids)))
    doc, ids = minimal_doc(1)
    patch(doc, ids.catalog, b"/Pages 2 0 R", b"")
    out.append(("pages-catalog-without-pages", "a catalog with no /Pages entry", output(doc, ids)))
    doc, ids = minimal_doc(1)
    patch(doc, ids.catalog, b"/Pages 2 0 R", b"/Pages [2 0 R]")
    out.append(("pages-catalog-pages-is-array", "/Pages is an array, not a reference", output(doc, ids)))
    doc, ids = minimal_doc(1)
    patch(doc, ids.page[0], b" /Contents %d 0 R" % ids.content[0], b"")
    out.append(("pages-one-page-without-contents", "a single page with no /Contents (blank)", output(doc, ids)))
    return out


def xref_family() -> list[Sample]:
    """Broken, missing, looping and absurd cross-reference tables, streams and trailers."""
    out = []
    doc, ids = minimal_doc(2)
    good = output(doc, ids)
    body, offsets = doc.body()
    size = max(doc.objects) + 1
    trailer = b"trailer\n<< /Size %d /Root 1 0 R /Info 4 0 R >>\n" % size

    def tail(table: bytes, trl: bytes = trailer, start: bytes = b"%d" % len(body)) -> bytes:
        return body + table + trl + b"startxref\n" + start + b"\n%%EOF\n"

    table = xref_table(offsets, size)
    out.append(("xref-none-no-trailer", "objects only: no xref table, trailer or startxref",
                output(doc, ids, xref="none")))
    out.append(("xref-missing-trailer-kept", "a trailer but no xref table (startxref 0)", body + trailer +
                b"startxref\n0\n%%EOF\n"))
    out.append(("xref-table-without-trailer", "an xref table but no trailer", body + table + b"startxref\n%d\n%%%%EOF\n"
                % len(body)))
    out.append(("xref-offsets-shifted-7", "every xref offset 7 bytes off",
                tail(xref_table({k: v + 7 for k, v in offsets.items()}, size))))
    out.append(("xref-offsets-beyond-eof", "every xref offset past the end of the file",
                tail(xref_table({k: v + 10_000_000 for k, v in offsets.items()}, size))))
    out.append(("xref-startxref-into-stream", "startxref points into the middle of a content stream",
                tail(table, start=b"%d" % (offsets[ids.content[0]] + 40))))
    out.append(("xref-startxref-huge", "startxref is a 30-digit number", tail(table, start=b"9" * 30)))
    out.append(("xref-startxref-negative", "startxref is negative", tail(table, start=b"-1234")))
    out.append(("xref-trailer-without-root", "the trailer has no /Root",
                tail(table, b"trailer\n<< /Size %d /Info 4 0 R >>\n" % size)))
    out.append(("xref-root-is-an-integer", "/Root points at an integer object",
                tail(table, b"trailer\n<< /Size %d /Root 4 0 R /Info 1 0 R >>\n" % size)))
    out.append(("xref-root-missing-object", "/Root names an object that does not exist",
                tail(table, b"trailer\n<< /Size %d /Root 999 0 R >>\n" % size)))
    out.append(("xref-subsection-count-2000000000", "the xref subsection claims two billion entries",
                tail(table.replace(b"0 %d\n" % size, b"0 2000000000\n", 1))))
    out.append(("xref-size-2147483647", "trailer /Size is 2^31-1",
                tail(table, trailer.replace(b"/Size %d" % size, b"/Size 2147483647"))))
    out.append(("xref-all-entries-free", "every xref entry is marked free",
                tail(table.replace(b" 00000 n", b" 65535 f"))))
    prev_self = tail(table, trailer.replace(b">>", b"/Prev %d >>" % len(body)))
    out.append(("xref-prev-points-to-itself", "the trailer's /Prev points back at its own xref", prev_self))
    out.append(_prev_cycle(good))
    out.append(("xref-no-eof-marker", "no %%EOF at the end", good[: good.rindex(b"%%EOF")]))
    out += _xref_stream_variants()
    return out


def _prev_cycle(good: bytes) -> Sample:
    """An incremental update whose /Prev and the original's /Prev point at each other."""
    first_xref = int(good[good.rindex(b"startxref") + 10:].split()[0])
    trailer_at = good.rindex(b"trailer")
    marker = b"/Prev %010d >>"  # fixed width, so the update's offset is known before it is written
    update_at = len(good) + len(marker % 0) - 2
    looped = good[:trailer_at] + good[trailer_at:].replace(b">>", marker % update_at, 1)
    assert len(looped) == update_at
    update = (b"xref\n0 1\n0000000000 65535 f\r\ntrailer\n<< /Size 8 /Root 1 0 R /Prev %d >>\nstartxref\n%d\n"
              b"%%%%EOF\n" % (first_xref, update_at))
    return "xref-prev-two-sections-cycle", "two xref sections whose /Prev entries point at each other", looped + update


def _xref_stream_variants() -> list[Sample]:
    out = []
    for label, old, new in (("w-255-255-255", b"/W [1 4 2]", b"/W [255 255 255]"),
                            ("w-zero", b"/W [1 4 2]", b"/W [0 0 0]"),
                            ("w-negative", b"/W [1 4 2]", b"/W [1 -4 2]"),
                            ("index-2000000000", b"/W [1 4 2]", b"/W [1 4 2] /Index [0 2000000000]"),
                            ("size-2147483647", b"/Type /XRef /Size", b"/Type /XRef /Size 2147483647 /OldSize")):
        doc, ids = minimal_doc(1, compress=True)
        data = output(doc, ids, xref="stream")
        if old not in data:
            raise ValueError(label)
        out.append((f"xref-stream-{label}", f"xref stream with {new.decode()}", data.replace(old, new, 1)))
    return out


def length_family() -> list[Sample]:
    """Content streams whose /Length is wrong, missing, indirect to nowhere or to itself."""
    out = []
    for label, length in (("too-long", b"100000"), ("too-short", b"5"), ("negative", b"-20"),
                          ("int64-max", b"9223372036854775807"), ("a-name", b"/Long"),
                          ("indirect-missing", b"999 0 R")):
        doc, ids = minimal_doc(1)
        data = text_stream(["The length of this stream is declared wrongly."])
        doc.add(Doc.stream(b"", data, length=length), ids.content[0])
        out.append((f"length-{label}", f"a content stream with /Length {length.decode()}", output(doc, ids)))
    doc, ids = minimal_doc(1)
    c = ids.content[0]
    doc.add(Doc.stream(b"", text_stream(["My length is myself."]), length=b"%d 0 R" % c), c)
    out.append(("length-indirect-to-own-stream", "a stream whose /Length refers to the stream itself",
                output(doc, ids)))
    doc, ids = minimal_doc(1)
    data = text_stream(["This stream never ends."])
    doc.add(b"<< /Length %d >>\nstream\n" % len(data) + data, ids.content[0])
    out.append(("length-missing-endstream", "a stream with no endstream keyword", output(doc, ids)))
    return out


def _grid(n: int, step: float, paths: int) -> bytes:
    """``n`` horizontal and ``n`` vertical ruling lines ``step`` apart, drawn as ``paths`` path objects
    (0: one path object per line)."""
    end = 20 + (n - 1) * step
    lines = [b"20 %.2f m %.2f %.2f l" % (20 + i * step, end, 20 + i * step) for i in range(n)]
    lines += [b"%.2f 20 m %.2f %.2f l" % (20 + i * step, 20 + i * step, end) for i in range(n)]
    if paths == 0:
        return b"0.1 w\n" + b" S\n".join(lines) + b" S\n"
    per = -(-len(lines) // paths)
    return b"0.1 w\n" + b"".join(b"\n".join(lines[k:k + per]) + b" S\n" for k in range(0, len(lines), per))


def table_family() -> list[Sample]:
    """Dense ruling grids: table finding is O(h*v) in memory and O(n^2) in the intersections it finds."""
    out = []
    for name, desc, n, step, paths, size in (
        ("table-grid-140x140-a4", "a 140 x 140 ruled grid on an A4 page (19600 intersections)", 140, 4, 0, None),
        ("table-grid-100x100-a4", "a 100 x 100 ruled grid on an A4 page", 100, 5, 0, None),
        ("table-grid-1999x1999-paths-on-a-huge-page", "1999 x 1999 ruling lines, one path each, on a "
         "14400-point page (4 million intersections)", 1999, 7, 0, 14400),
        ("table-grid-3000x3000-in-4-paths-huge-page", "3000 x 3000 ruling lines drawn as 4 path objects on a "
         "14400-point page", 3000, 4.5, 4, 14400),
    ):
        doc, ids = minimal_doc(1)
        top = (size or 842) - 40
        if size:
            patch(doc, ids.page[0], b"/MediaBox [0 0 595 842]", b"/MediaBox [0 0 %d %d]" % (size, size))
        data = text_stream(["The budget lines are ruled below."], top=top) + _grid(n, step, paths)
        doc.add(Doc.stream(b"/Filter /FlateDecode", flate(data)), ids.content[0])
        out.append((name, desc, output(doc, ids)))
    return out
