"""OCR for scanned pages with OCRmyPDF + Tesseract (Debian packages, not Python wheels)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile

from discourse.errors import DocumentError, MissingToolError
from discourse.extract.pdf import PdfReader, RawPage, open_pdf
from discourse.extract.settings import ExtractSettings

__all__ = ["ocr_pages", "check_ocr_tools", "INSTALL_HINT"]

INSTALL_HINT = ("OCR needs OCRmyPDF and Tesseract, which are system programs: on Debian/Ubuntu run "
                "'sudo apt-get install ocrmypdf tesseract-ocr tesseract-ocr-eng' "
                "(macOS: 'brew install ocrmypdf'), then re-run with --ocr.")


def check_ocr_tools() -> str:
    """Return the path of ``ocrmypdf``; raise :class:`MissingToolError` with install steps if absent."""
    exe = shutil.which("ocrmypdf")
    if exe is None or shutil.which("tesseract") is None:
        raise MissingToolError(INSTALL_HINT)
    return exe


def ocr_pages(path: str, page_nos: list[int], settings: ExtractSettings) -> list[RawPage]:
    """OCR the given pages of ``path`` and return them as raw pages (text from the OCR layer).

    Raises
    ------
    DocumentError
        ``needs_ocr`` when OCRmyPDF fails on the file, with its reason.
    MissingToolError
        When OCRmyPDF or Tesseract is not installed.
    """
    exe = check_ocr_tools()
    pages = ",".join(str(p) for p in page_nos)
    with tempfile.TemporaryDirectory(prefix="discourse-ocr-") as tmp:
        out = os.path.join(tmp, "ocr.pdf")
        cmd = [exe, "--quiet", "--skip-text", "--pages", pages, "--language", settings.ocr_language,
               "--output-type", "pdf", "--optimize", "0", "--jobs", "1", path, out]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=max(60.0, settings.timeout - 5))
        except subprocess.TimeoutExpired as e:
            raise DocumentError("timeout", f"{path}: OCR took longer than the timeout.") from e
        if proc.returncode != 0 or not os.path.exists(out):
            reason = (proc.stderr or proc.stdout or "").strip().splitlines()[-1:] or ["unknown error"]
            raise DocumentError("needs_ocr", f"{path}: OCR failed: {reason[0]}")
        pdf = open_pdf(out, settings.password)
        try:
            reader = PdfReader(pdf, tables=False)
            return [reader.read_page(p - 1) for p in page_nos]
        finally:
            pdf.close()
