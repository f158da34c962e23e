"""The report on a real store: sections appear with their tables; hostile text stays text."""

import shutil
import tempfile
import time

import pytest

import pdfgen
from discourse.extract import add_text, extract
from discourse.report import build_report
from discourse.store import open_store

XSS = '<script>window.__xss = 1; alert("xss")</script>'


@pytest.fixture(scope="module")
def built(tmp_path_factory, demo_dir):
    out = tmp_path_factory.mktemp("report")
    with open_store(out / "discourse.duckdb") as store:
        extract([str(demo_dir)], store, manifest=str(demo_dir / "manifest.csv"))
        csv = out / "hostile.csv"
        csv.write_text(f'title,year,text\n"{XSS.replace(chr(34), chr(34) * 2)}",2016,"A sentence with {XSS.replace(chr(34), chr(34) * 2)} inside."\n')
        add_text(store, csv, title_column="title", date_column="year")
        bad = out / "bad"
        bad.mkdir()
        (bad / "empty.pdf").write_bytes(b"")
        extract([str(bad)], store)
        path = build_report(store, out, n_boot=50)
    return out, path


def test_files_and_sections(built):
    out, path = built
    html = path.read_text()
    for section in ("corpus", "extraction", "keyness", "methods"):
        assert f'<section id="{section}"' in html
    assert (out / "tables" / "corpus-documents.csv").exists()
    assert (out / "tables" / "extraction-failed.parquet").exists()
    assert "empty.pdf" in html and "0 bytes" in html


def test_no_raw_script_from_documents(built):
    _, path = built
    html = path.read_text()
    assert "window.__xss" not in html.replace("window.__xss = 1; alert(&quot;xss&quot;)", "")
    assert "&lt;script&gt;window.__xss = 1;" in html


def test_report_is_self_contained(built):
    _, path = built
    html = path.read_text()
    import re

    from plotly.offline import get_plotlyjs

    html = html.replace(get_plotlyjs(), "")  # the library's own source mentions URLs it never fetches here
    assert not re.search(r"""(?:src|href)\s*=\s*["']https?://""", html), "nothing may be fetched from the network"
    assert "Plotly.newPlot" in html


def _chrome():
    pytest.importorskip("selenium")
    if not shutil.which("chromium") or not shutil.which("chromedriver"):
        pytest.skip("chromium/chromedriver not installed (apt-get install chromium chromium-driver; make test does this)")
    from selenium import webdriver
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    opts = Options()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                f"--user-data-dir={tempfile.mkdtemp()}", "--window-size=1280,2000"):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=opts)


@pytest.mark.slow
@pytest.mark.parametrize("width", [1280, 390])
def test_renders_in_headless_chromium(built, width, tmp_path):
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    out, path = built
    driver = _chrome()
    try:
        driver.set_window_size(width, 2000)
        driver.get(path.as_uri())
        time.sleep(1.5)
        with pytest.raises(NoAlertPresentException):
            driver.switch_to.alert.text  # an executed <script> from a document would have opened one
        assert driver.execute_script("return window.__xss === undefined")
        for section in ("corpus", "extraction", "keyness", "methods"):
            el = driver.find_element(By.ID, section)
            assert el.is_displayed() and el.size["height"] > 50, section
        plots = driver.find_elements(By.CSS_SELECTOR, ".plotly-graph-div .main-svg")
        assert len(plots) >= 4
        body = driver.find_element(By.TAG_NAME, "body").text
        assert 'window.__xss = 1; alert("xss")' in body  # shown as text
        page_width = driver.execute_script("return document.documentElement.scrollWidth")
        assert page_width <= width + 1, "the page should not scroll sideways"
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == []
        shot = tmp_path / f"report-{width}.png"
        assert driver.save_screenshot(str(shot)) and shot.stat().st_size > 10_000
    finally:
        driver.quit()
