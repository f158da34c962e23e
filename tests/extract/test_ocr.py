import shutil

import pytest

import pdfgen
from discourse.errors import MissingToolError
from discourse.extract import ExtractSettings, extract
from discourse.extract.ocr import INSTALL_HINT, check_ocr_tools

needs_ocr_tools = pytest.mark.skipif(
    shutil.which("ocrmypdf") is None or shutil.which("tesseract") is None,
    reason="OCRmyPDF/Tesseract not installed (apt-get install ocrmypdf tesseract-ocr; make test does this)",
)


@needs_ocr_tools
@pytest.mark.slow
def test_ocr_recovers_text_of_a_scan(tmp_path, store):
    pdfgen.scanned_text(tmp_path / "scan.pdf", "The council will fund twelve new posts.\nLibraries stay open.")
    first = extract([str(tmp_path)], store)
    assert first["status"] == {"needs_ocr": 1}
    again = extract([str(tmp_path)], store, settings=ExtractSettings(ocr=True))
    assert again["extracted"] == 1 and again["status"] == {"ok": 1}
    page = store.pages().iloc[0]
    assert page.method == "ocr" and not page.needs_ocr
    text = page.text.lower()
    assert "council" in text and "libraries" in text


def test_missing_tools_message_says_how_to_install(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(MissingToolError) as e:
        check_ocr_tools()
    assert "apt-get install ocrmypdf" in str(e.value) and str(e.value) == INSTALL_HINT
