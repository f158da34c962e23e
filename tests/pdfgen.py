"""Small PDFs the tests make themselves (reportlab), each exercising one extraction case.

Every builder writes deterministic bytes (``invariant=1``) to the path it is given
and returns that path.
"""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

W, H = A4
LEFT, RIGHT = 72, W - 72
BODY_FONT = ("Helvetica", 11)
LEADING = 15


def _canvas(path) -> canvas.Canvas:
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    c.setTitle("Test document")
    return c


def _lines(c: canvas.Canvas, lines: list[str], top: float = H - 110, font=BODY_FONT, leading=LEADING) -> float:
    c.setFont(*font)
    y = top
    for line in lines:
        if line == "":
            y -= leading * 0.8
            continue
        c.drawString(LEFT, y, line)
        y -= leading
    return y


def report_with_headers(path: Path, n_pages: int = 5) -> Path:
    """A multi-page report with a running header, a footer "Page N of M", and wrapped paragraphs."""
    c = _canvas(path)
    c.setAuthor("Testshire County Council")
    body = [
        "The council will transfer the Old Library on Mill Street to the Millbrook Community Trust",
        "on a 25-year lease, and will provide a grant of £40,000 to help the trust open it as a",
        "community hub by September 2014.",
        "",
        "Residents told us that they want more say over how money is spent in their neighbour-",
        "hood. We will therefore give each ward forum a budget of £10,000 a year.",
        "",
        "Our community-",
        "led approach has worked well in Eastgate, where volunteers now run the youth club.",
    ]
    topics = ["Stronger communities", "Libraries", "Youth services", "Transport", "Housing", "Parks",
              "Adult care", "Waste"]
    for i in range(1, n_pages + 1):
        c.setFont("Helvetica", 8)
        c.drawString(LEFT, H - 40, "Testshire County Council | Corporate Plan 2013-2016")
        c.drawRightString(RIGHT, 30, f"Page {i} of {n_pages}")
        c.setFont("Helvetica-Bold", 14)
        c.drawString(LEFT, H - 80, topics[(i - 1) % len(topics)])
        _lines(c, body)
        c.showPage()
    c.save()
    return path


def budget_table(path: Path) -> Path:
    """One page with a ruled budget table (£000) and a paragraph above it."""
    c = _canvas(path)
    _lines(c, ["Table 1 shows the proposed budget for each service area (£000)."], top=H - 90)
    rows = [("Service area", "2013/14", "2014/15"), ("Libraries", "3,420", "3,105"),
            ("Youth services", "410", "590"), ("Total", "3,830", "3,695")]
    x = [LEFT, LEFT + 200, LEFT + 300, LEFT + 400]
    top = H - 130
    c.setFont(*BODY_FONT)
    for r, row in enumerate(rows):
        y = top - r * 20
        for k, cell in enumerate(row):
            c.drawString(x[k] + 4, y - 14, cell)
    c.setLineWidth(0.7)
    for r in range(len(rows) + 1):
        c.line(x[0], top - r * 20, x[-1], top - r * 20)
    for xx in x:
        c.line(xx, top, xx, top - len(rows) * 20)
    c.showPage()
    c.save()
    return path


def encrypted(path: Path, password: str = "secret") -> Path:
    """A one-page PDF that needs a user password."""
    from reportlab.lib import pdfencrypt

    enc = pdfencrypt.StandardEncryption(password, ownerPassword="owner-" + password, strength=128)
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1, encrypt=enc)
    _lines(c, ["This report is confidential until the committee meets."])
    c.showPage()
    c.save()
    return path


def image_only(path: Path, n_pages: int = 2) -> Path:
    """Pages that carry only an image (a scan) and no text layer."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader

    img = Image.new("L", (200, 100), color=255)
    for x in range(20, 180):
        img.putpixel((x, 50), 0)
    c = _canvas(path)
    for _ in range(n_pages):
        c.drawImage(ImageReader(img), LEFT, H - 400, width=400, height=200)
        c.showPage()
    c.save()
    return path


def blank(path: Path) -> Path:
    """A page with nothing on it."""
    c = _canvas(path)
    c.showPage()
    c.save()
    return path


def simple(path: Path, text: str, title: str = "Test document") -> Path:
    """One page of plain text lines (``text`` split on newlines)."""
    c = _canvas(path)
    c.setTitle(title)
    _lines(c, text.split("\n"))
    c.showPage()
    c.save()
    return path


def truncated(path: Path, source: Path, keep: float = 0.4) -> Path:
    """The first ``keep`` share of another PDF's bytes."""
    data = Path(source).read_bytes()
    Path(path).write_bytes(data[: int(len(data) * keep)])
    return path


def not_a_pdf(path: Path) -> Path:
    """An HTML error page saved with a .pdf name (a common download failure)."""
    Path(path).write_text("<html><body>404 Not Found</body></html>", encoding="utf-8")
    return path


def scanned_text(path: Path, text: str) -> Path:
    """An image-only PDF of a page of text: the text rendered to pixels, no text layer."""
    import io

    import pypdfium2 as pdfium
    from reportlab.lib.utils import ImageReader

    source = Path(str(path) + ".src.pdf")
    simple(source, text)
    pdf = pdfium.PdfDocument(str(source))
    image = pdf[0].render(scale=3).to_pil().convert("L")
    pdf.close()
    source.unlink()
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    buf.seek(0)
    c = _canvas(path)
    c.drawImage(ImageReader(buf), 0, 0, width=W, height=H)
    c.showPage()
    c.save()
    return path
