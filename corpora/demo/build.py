"""Build the discourse demo corpus: fictional UK policy documents as PDFs.

Every document is written by hand in ``src/NN-slug.md`` (YAML front matter for
the metadata, a small Markdown-like body for the text) and typeset here with
reportlab. The output is deterministic (``invariant=1`` plus fixed metadata
dates), so rebuilding gives byte-identical PDFs and ``--check`` can verify the
committed files.

Usage::

    python corpora/demo/build.py              # rebuild PDFs + manifest.csv in place
    python corpora/demo/build.py --out /tmp/d # build somewhere else
    python corpora/demo/build.py --check      # exit 1 if the committed files differ

Body syntax (one block per paragraph, blocks separated by blank lines):

``# Title``, ``## Heading``, ``### Subheading``
    headings.
``- item`` lines
    a bullet list (indent continuation lines).
``> text``
    an indented quotation.
``::pagebreak``, ``::framebreak``, ``::template NAME``
    layout control (templates: ``single``, ``newsletter``, ``twocol``).
``::small TEXT``, ``::kicker TEXT``, ``::spacer POINTS``
    small print, a label above the title, vertical space.
```` ```lines ```` ... ```` ``` ````
    prose set line by line exactly as written (used to force a hyphenated
    line break); the build fails if a line does not fit the frame.
```` ```table grid|rules|none widths=.4,.2 header=1 total=1 caption="..." ```` ... ```` ``` ````
    a table, cells separated by ``|``.
``**bold**`` and ``*italic*`` work inline; everything else is escaped, so a
literal ``<script>`` prints as text.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import filecmp
import html
import io
import re
import shlex
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

try:
    import reportlab
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFInfo, PDFName, PDFString
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus import (
        BaseDocTemplate,
        Frame,
        FrameBreak,
        KeepTogether,
        ListFlowable,
        ListItem,
        NextPageTemplate,
        PageBreak,
        PageTemplate,
        Paragraph,
        Spacer,
        Table,
        TableStyle,
    )
except ImportError as e:  # pragma: no cover - exercised only without the extra
    raise SystemExit(
        "reportlab is needed to rebuild the demo corpus: pip install -e '.[corpora]'"
    ) from e

HERE = Path(__file__).resolve().parent
SRC_DIR = HERE / "src"
MANIFEST_COLUMNS = ("path", "title", "date", "doc_type", "actor")
DOC_TYPES = (
    "speech",
    "corporate_plan",
    "strategy",
    "budget",
    "consultation_response",
    "consultation_summary",
    "scrutiny_report",
    "devolution_deal",
    "notice",
)
FOOTERS = ("page_of", "number", "none")
TEMPLATE_NAMES = ("single", "newsletter", "twocol")
FONTS = {
    "Helvetica": ("Helvetica", "Helvetica-Bold", "Helvetica-Oblique"),
    "Times-Roman": ("Times-Roman", "Times-Bold", "Times-Italic"),
}
PAGE_W, PAGE_H = A4
MARGIN_X, MARGIN_TOP, MARGIN_BOTTOM = 25 * mm, 25 * mm, 22 * mm
FRAME_W = PAGE_W - 2 * MARGIN_X
GUTTER = 8 * mm
MAX_PAGES = 6
# The reportlab version is recorded in every PDF: other versions may lay out bytes differently.
CREATOR = f"discourse corpora/demo/build.py (reportlab {reportlab.Version})"
REQUIRED_KEYS = ("file", "title", "author", "actor", "doc_type", "date")


class DemoBuildError(ValueError):
    """A source file in ``src/`` is malformed or does not fit the corpus rules."""


@dataclass(frozen=True)
class DocSpec:
    """One demo document: metadata from the front matter plus the body text."""

    source: Path
    file: str
    title: str
    author: str
    actor: str
    doc_type: str
    date: dt.date
    body: str
    undated: bool = False
    font: str = "Helvetica"
    justify: bool = False
    header: str | None = None
    header_right: str | None = None
    header_first: bool = False
    footer: str = "page_of"
    footer_left: str | None = None
    first_template: str = "single"
    furniture_last: bool = False
    copies: tuple[str, ...] = field(default_factory=tuple)


# --------------------------------------------------------------------------- sources


def load_spec(path: Path) -> DocSpec:
    """Read one ``src/*.md`` file into a validated :class:`DocSpec`."""
    text = path.read_text(encoding="utf-8")
    m = re.match(r"\A---\n(.*?)\n---\n(.*)\Z", text, flags=re.S)
    if not m:
        raise DemoBuildError(f"{path}: missing YAML front matter between '---' lines")
    meta = yaml.safe_load(m.group(1)) or {}
    missing = [k for k in REQUIRED_KEYS if k not in meta]
    if missing:
        raise DemoBuildError(f"{path}: front matter lacks {', '.join(missing)}")
    known = set(DocSpec.__dataclass_fields__) - {"source", "body"}
    unknown = sorted(set(meta) - known)
    if unknown:
        raise DemoBuildError(f"{path}: unknown front-matter keys {unknown}; allowed: {sorted(known)}")
    if meta["doc_type"] not in DOC_TYPES:
        raise DemoBuildError(f"{path}: doc_type {meta['doc_type']!r} not in {DOC_TYPES}")
    if meta.get("footer", "page_of") not in FOOTERS:
        raise DemoBuildError(f"{path}: footer {meta['footer']!r} not in {FOOTERS}")
    if meta.get("font", "Helvetica") not in FONTS:
        raise DemoBuildError(f"{path}: font {meta['font']!r} not in {sorted(FONTS)}")
    if not isinstance(meta["date"], dt.date):
        raise DemoBuildError(f"{path}: date {meta['date']!r} is not an ISO date (YYYY-MM-DD)")
    if meta.get("first_template", "single") not in TEMPLATE_NAMES:
        raise DemoBuildError(f"{path}: first_template {meta['first_template']!r} not in {TEMPLATE_NAMES}")
    meta["copies"] = tuple(meta.get("copies") or ())
    return DocSpec(source=path, body=m.group(2), **meta)


def load_specs(src_dir: Path = SRC_DIR) -> list[DocSpec]:
    """All document sources in file-name order, checked for clashing output paths."""
    specs = [load_spec(p) for p in sorted(src_dir.glob("*.md"))]
    if not specs:
        raise DemoBuildError(f"no document sources (*.md) in {src_dir}")
    paths = [p for s in specs for p in (s.file, *s.copies)]
    dupes = sorted({p for p in paths if paths.count(p) > 1})
    if dupes:
        raise DemoBuildError(f"output paths used twice: {dupes}")
    return specs


def parse_blocks(body: str) -> list[tuple[str, object]]:
    """Split a body into ``(kind, payload)`` blocks; see the module docstring."""
    blocks: list[tuple[str, object]] = []
    lines = body.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("```"):
            end = next((j for j in range(i + 1, len(lines)) if lines[j].startswith("```")), None)
            if end is None:
                raise DemoBuildError(f"unclosed ``` fence starting {line!r}")
            kind, *opts = shlex.split(line[3:])
            blocks.append((f"fence:{kind}", (opts, lines[i + 1 : end])))
            i = end + 1
            continue
        if not line.strip():
            i += 1
            continue
        start = i
        while i < len(lines) and lines[i].strip() and not lines[i].startswith("```"):
            i += 1
        blocks.append(_classify(lines[start:i]))
    return blocks


def _classify(chunk: list[str]) -> tuple[str, object]:
    """Kind of a blank-line-separated chunk of body lines."""
    first = chunk[0]
    if first.startswith("::"):
        if len(chunk) > 1:
            raise DemoBuildError(f"directive {first!r} must stand alone on its line")
        name, _, arg = first[2:].partition(" ")
        return f"directive:{name}", arg.strip()
    for prefix, kind in (("### ", "h3"), ("## ", "h2"), ("# ", "h1")):
        if first.startswith(prefix):
            return kind, " ".join(s.strip() for s in chunk)[len(prefix) :]
    if first.startswith("- "):
        items: list[str] = []
        for s in chunk:
            if s.startswith("- "):
                items.append(s[2:].strip())
            else:
                items[-1] += " " + s.strip()
        return "bullets", items
    if first.startswith("> "):
        return "quote", " ".join(s.removeprefix("> ").strip() for s in chunk)
    return "p", " ".join(s.strip() for s in chunk)


# --------------------------------------------------------------------------- typesetting


def inline(text: str) -> str:
    """Escape text for a reportlab Paragraph, then apply ``**bold**`` and ``*italic*``."""
    out = html.escape(text, quote=False)
    out = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", out)
    return re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<i>\1</i>", out)


def make_styles(spec: DocSpec) -> dict[str, ParagraphStyle]:
    """Paragraph styles for one document (its font and alignment)."""
    regular, bold, italic = FONTS[spec.font]
    size = 10.5 if spec.font == "Times-Roman" else 9.5
    body = ParagraphStyle(
        "body", fontName=regular, fontSize=size, leading=size * 1.35,
        alignment=TA_JUSTIFY if spec.justify else TA_LEFT, spaceAfter=size * 0.7,
    )
    return {
        "body": body,
        "h1": ParagraphStyle("h1", parent=body, fontName=bold, fontSize=17, leading=21,
                             alignment=TA_LEFT, spaceAfter=8, keepWithNext=1),
        "h2": ParagraphStyle("h2", parent=body, fontName=bold, fontSize=12.5, leading=16,
                             alignment=TA_LEFT, spaceBefore=6, spaceAfter=4, keepWithNext=1),
        "h3": ParagraphStyle("h3", parent=body, fontName=bold, fontSize=size + 0.5,
                             alignment=TA_LEFT, spaceBefore=3, spaceAfter=2, keepWithNext=1),
        "quote": ParagraphStyle("quote", parent=body, fontName=italic, leftIndent=18,
                                rightIndent=18),
        "small": ParagraphStyle("small", parent=body, fontSize=8.5, leading=11,
                                textColor=colors.HexColor("#444444"), alignment=TA_LEFT),
        "kicker": ParagraphStyle("kicker", parent=body, fontName=bold, fontSize=9,
                                 textColor=colors.HexColor("#1f4e79"), alignment=TA_LEFT),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=10.5,
                               alignment=TA_LEFT, spaceAfter=0),
        "cellnum": ParagraphStyle("cellnum", parent=body, fontSize=8.5, leading=10.5,
                                  alignment=TA_RIGHT, spaceAfter=0),
        "caption": ParagraphStyle("caption", parent=body, fontName=bold, fontSize=9,
                                  alignment=TA_LEFT, spaceBefore=4, spaceAfter=3),
    }


def lines_flowable(lines: list[str], style: ParagraphStyle, width: float) -> list[Paragraph]:
    """Prose set exactly line by line (justified like its neighbours); fails when a line would wrap."""
    out = []
    for i, line in enumerate(lines):
        w = stringWidth(line, style.fontName, style.fontSize)
        if w > width:
            raise DemoBuildError(f"line too wide for the frame ({w:.0f} > {width:.0f} pt): {line!r}")
        last = i == len(lines) - 1
        out.append(Paragraph(inline(line), ParagraphStyle(
            f"line{i}", parent=style, justifyLastLine=0 if last else 1,
            alignment=TA_LEFT if last else style.alignment, spaceAfter=style.spaceAfter if last else 0,
        )))
    return out


def _table_options(opts: list[str]) -> dict[str, str]:
    kinds = [o for o in opts if "=" not in o]
    parsed = dict(o.split("=", 1) for o in opts if "=" in o)
    parsed["rule"] = kinds[0] if kinds else "grid"
    if parsed["rule"] not in ("grid", "rules", "none"):
        raise DemoBuildError(f"table rule style {parsed['rule']!r}: use grid, rules or none")
    return parsed


def table_flowables(opts: list[str], rows: list[str], styles: dict, width: float) -> list:
    """A caption (optional) and a ruled table; numeric cells are right-aligned."""
    o = _table_options(opts)
    cells = [[c.strip() for c in r.split("|")] for r in rows if r.strip()]
    ncol = len(cells[0])
    if any(len(r) != ncol for r in cells):
        raise DemoBuildError(f"table rows have different numbers of cells: {rows[:2]}")
    fractions = [float(x) for x in o["widths"].split(",")] if "widths" in o else [1 / ncol] * ncol
    n_header, n_total = int(o.get("header", 1)), int(o.get("total", 0))
    numeric = re.compile(r"^[-–(£+]*[\d.,]+[)%m]*$|^[-–]$")
    data = []
    for r, row in enumerate(cells):
        bold = r < n_header or r >= len(cells) - n_total
        data.append([
            Paragraph(f"<b>{inline(c)}</b>" if bold else inline(c),
                      styles["cellnum" if c_i and numeric.match(c) else "cell"])
            for c_i, c in enumerate(row)
        ])
    table = Table(data, colWidths=[f * width for f in fractions], repeatRows=n_header)
    table.setStyle(TableStyle(_table_style(o["rule"], n_header, n_total, len(cells))))
    caption = [Paragraph(inline(o["caption"]), styles["caption"])] if "caption" in o else []
    return [KeepTogether([*caption, table]), Spacer(1, 8)]


def _table_style(rule: str, n_header: int, n_total: int, n_rows: int) -> list:
    style = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    if n_header and rule != "none":
        style.append(("BACKGROUND", (0, 0), (-1, n_header - 1), colors.HexColor("#dde6f0")))
    if rule == "grid":
        style.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
    elif rule == "rules":
        style += [("LINEABOVE", (0, 0), (-1, 0), 0.9, colors.black),
                  ("LINEBELOW", (0, n_header - 1), (-1, n_header - 1), 0.5, colors.black),
                  ("LINEBELOW", (0, -1), (-1, -1), 0.9, colors.black)]
    if n_total and rule != "none":
        style.append(("LINEABOVE", (0, n_rows - n_total), (-1, n_rows - n_total), 0.9, colors.black))
    return style


def flowables(spec: DocSpec, styles: dict) -> list:
    """Turn a document body into reportlab flowables; errors name the source file."""
    out: list = []
    width = FRAME_W if spec.first_template == "single" else (FRAME_W - GUTTER) / 2
    try:
        for kind, payload in parse_blocks(spec.body):
            width = _block(kind, payload, styles, out, width)
    except (DemoBuildError, ValueError) as e:
        raise DemoBuildError(f"{spec.source}: {e}") from e
    return out


def _block(kind: str, payload, styles: dict, out: list, width: float) -> float:
    """Append the flowables for one block; returns the column width from here on."""
    if kind in ("h1", "h2", "h3", "p", "quote"):
        out.append(Paragraph(inline(payload), styles["body" if kind == "p" else kind]))
    elif kind == "bullets":
        items = [ListItem(Paragraph(inline(t), styles["body"]), leftIndent=14) for t in payload]
        out.append(ListFlowable(items, bulletType="bullet", start="\u2022", leftIndent=14,
                                bulletFontSize=8))
    elif kind == "fence:lines":
        out.extend(lines_flowable(payload[1], styles["body"], width))
    elif kind == "fence:table":
        out.extend(table_flowables(*payload, styles, width))
    elif kind.startswith("directive:"):
        return _directive(kind.split(":", 1)[1], payload, styles, out, width)
    else:
        raise DemoBuildError(f"unknown block kind {kind!r}")
    return width


def _directive(name: str, arg: str, styles: dict, out: list, column_width: float) -> float:
    """Append the flowables for one ``::directive``; returns the new column width."""
    if name == "pagebreak":
        out.append(PageBreak())
    elif name == "framebreak":
        out.append(FrameBreak())
    elif name == "template":
        if arg not in TEMPLATE_NAMES:
            raise DemoBuildError(f"::template {arg!r}: use one of {TEMPLATE_NAMES}")
        out += [NextPageTemplate(arg), PageBreak()]
        return FRAME_W if arg == "single" else (FRAME_W - GUTTER) / 2
    elif name == "small":
        out.append(Paragraph(inline(arg), styles["small"]))
    elif name == "kicker":
        out.append(Paragraph(inline(arg.upper()), styles["kicker"]))
    elif name == "spacer":
        out.append(Spacer(1, float(arg or 10)))
    else:
        raise DemoBuildError(f"unknown directive ::{name}")
    return column_width


# --------------------------------------------------------------------------- pages


def page_templates(spec: DocSpec, total_pages: int) -> list[PageTemplate]:
    """single column, newsletter (full-width masthead over two columns) and two columns.

    Headers and footers are drawn before the body text (so they come first in the
    content stream, as in many word-processor PDFs) unless ``furniture_last`` is set.
    """
    body_h = PAGE_H - MARGIN_TOP - MARGIN_BOTTOM
    col_w = (FRAME_W - GUTTER) / 2
    masthead_h = 50 * mm

    def frame(fid: str, x: float, y: float, w: float, h: float) -> Frame:
        return Frame(x, y, w, h, id=fid, leftPadding=0, rightPadding=0, topPadding=0,
                     bottomPadding=0)

    def columns(h: float) -> list[Frame]:
        return [frame("left", MARGIN_X, MARGIN_BOTTOM, col_w, h),
                frame("right", MARGIN_X + col_w + GUTTER, MARGIN_BOTTOM, col_w, h)]

    def on_page(canv: Canvas, doc: BaseDocTemplate) -> None:
        draw_furniture(canv, spec, doc.page, total_pages)

    hook = {"onPageEnd" if spec.furniture_last else "onPage": on_page}
    top = frame("masthead", MARGIN_X, PAGE_H - MARGIN_TOP - masthead_h, FRAME_W, masthead_h)
    templates = [
        PageTemplate("single", [frame("body", MARGIN_X, MARGIN_BOTTOM, FRAME_W, body_h)], **hook),
        PageTemplate("newsletter", [top, *columns(body_h - masthead_h - 4 * mm)],
                     autoNextPageTemplate="twocol", **hook),
        PageTemplate("twocol", columns(body_h), **hook),
    ]
    # reportlab starts with the first template in the list
    return sorted(templates, key=lambda t: t.id != spec.first_template)


def draw_furniture(canv: Canvas, spec: DocSpec, page: int, total: int) -> None:
    """Running header and footer (page numbers) for one page."""
    canv.saveState()
    regular = FONTS[spec.font][0]
    grey = colors.HexColor("#555555")
    if spec.header and (page > 1 or spec.header_first):
        canv.setFont(regular, 8)
        canv.setFillColor(grey)
        y = PAGE_H - 14 * mm
        canv.drawString(MARGIN_X, y, spec.header)
        if spec.header_right:
            canv.drawRightString(PAGE_W - MARGIN_X, y, spec.header_right)
        canv.setStrokeColor(grey)
        canv.setLineWidth(0.4)
        canv.line(MARGIN_X, y - 2.5 * mm, PAGE_W - MARGIN_X, y - 2.5 * mm)
    canv.setFont(regular, 8)
    canv.setFillColor(grey)
    y = 12 * mm
    if spec.footer_left:
        canv.drawString(MARGIN_X, y, spec.footer_left)
    if spec.footer == "page_of":
        canv.drawRightString(PAGE_W - MARGIN_X, y, f"Page {page} of {total}")
    elif spec.footer == "number":
        canv.drawCentredString(PAGE_W / 2, y, str(page))
    canv.restoreState()


class _UndatedInfo(PDFInfo):
    """Document info without CreationDate/ModDate (a PDF whose date is only in its text)."""

    def format(self, document):  # noqa: D102 - reportlab hook
        d = {"Title": PDFString(self.title), "Author": PDFString(self.author),
             "Producer": PDFString(self.producer), "Creator": PDFString(self.creator),
             "Subject": PDFString(self.subject), "Keywords": PDFString(self.keywords),
             "Trapped": PDFName(self.trapped)}
        return PDFDictionary(d).format(document)


def canvas_maker(spec: DocSpec) -> type[Canvas]:
    """A Canvas class writing the document's own date (or none) into the PDF info."""
    stamp = f"D:{spec.date:%Y%m%d}090000+00'00'"

    class DemoCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            if spec.undated:
                self._doc.info = _UndatedInfo()
            else:
                self.setDateFormatter(lambda *_: stamp)

    return DemoCanvas


def render(spec: DocSpec) -> tuple[bytes, int]:
    """Typeset one document; two passes so footers can say "Page N of M"."""
    total = 0
    for _ in range(2):
        buf = io.BytesIO()
        doc = BaseDocTemplate(
            buf, pagesize=A4, invariant=1, title=spec.title, author=spec.author,
            subject="Fictional document written for the discourse demo corpus",
            creator=CREATOR, leftMargin=MARGIN_X,
            rightMargin=MARGIN_X, topMargin=MARGIN_TOP, bottomMargin=MARGIN_BOTTOM,
        )
        doc.addPageTemplates(page_templates(spec, total))
        doc.build(flowables(spec, make_styles(spec)), canvasmaker=canvas_maker(spec))
        total = doc.page
    if not 1 <= total <= MAX_PAGES:
        raise DemoBuildError(f"{spec.source}: {total} pages; demo documents have 1-{MAX_PAGES}")
    return buf.getvalue(), total


# --------------------------------------------------------------------------- corpus


def manifest_rows(spec: DocSpec) -> list[dict[str, str]]:
    """Manifest rows for a document and its byte-identical copies."""
    date = "" if spec.undated else spec.date.isoformat()
    return [
        {"path": p, "title": spec.title, "date": date, "doc_type": spec.doc_type, "actor": spec.actor}
        for p in (spec.file, *spec.copies)
    ]


def build(out_dir: Path, src_dir: Path = SRC_DIR) -> list[dict[str, object]]:
    """Write every PDF, its copies and ``manifest.csv`` into ``out_dir``.

    Returns one summary dict per document (path, pages, bytes).
    """
    specs = load_specs(src_dir)
    if sum(s.undated for s in specs) != 1:
        raise DemoBuildError("exactly one document must be undated (date printed on page 1 only)")
    out_dir.mkdir(parents=True, exist_ok=True)
    summary, rows = [], []
    for spec in specs:
        pdf, n_pages = render(spec)
        for rel in (spec.file, *spec.copies):
            target = out_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(pdf)
        rows += manifest_rows(spec)
        summary.append({"path": spec.file, "pages": n_pages, "bytes": len(pdf)})
    with open(out_dir / "manifest.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=MANIFEST_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return summary


def stale_pdfs(out_dir: Path, src_dir: Path = SRC_DIR) -> list[str]:
    """PDFs under ``out_dir`` that no source produces (left over after a rename)."""
    made = {p for s in load_specs(src_dir) for p in (s.file, *s.copies)}
    return sorted(str(p.relative_to(out_dir)) for p in out_dir.rglob("*.pdf")
                  if str(p.relative_to(out_dir)) not in made)


def check(committed: Path = HERE) -> list[str]:
    """Rebuild into a temporary folder; committed files that differ, are missing or are stale."""
    with tempfile.TemporaryDirectory() as tmp:
        fresh = Path(tmp)
        build(fresh)
        produced = sorted(p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file())
        differ = [str(p) for p in produced
                  if not (committed / p).is_file() or not filecmp.cmp(fresh / p, committed / p, shallow=False)]
    return differ + stale_pdfs(committed)


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; see the module docstring."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE, help="output folder (default: beside this script)")
    parser.add_argument("--check", action="store_true", help="verify the committed PDFs are up to date")
    args = parser.parse_args(argv)
    try:
        if args.check:
            stale = check()
            for p in stale:
                print(f"out of date: {p}", file=sys.stderr)
            print("demo corpus up to date" if not stale else f"{len(stale)} file(s) out of date")
            return 1 if stale else 0
        summary = build(args.out)
    except DemoBuildError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    for s in summary:
        print(f"{s['pages']} p  {s['bytes']:>7} B  {s['path']}")
    for p in stale_pdfs(args.out):
        print(f"warning: {p} is not produced by any source: delete it", file=sys.stderr)
    print(f"{len(summary)} documents, {sum(s['pages'] for s in summary)} pages -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
