"""The report on a real store: sections appear with their tables; hostile text stays text."""

import shutil
import tempfile
import time

import pytest

import pdfgen
from discourse.extract import add_text, extract
from discourse.pipeline import run
from discourse.report import build_report
from discourse.store import open_store

SECTIONS = ("corpus", "extraction", "frames", "resourcing", "topics", "keyness", "methods")
XSS = '<script>window.__xss = 1; alert("xss")</script>'


@pytest.fixture(scope="module")
def built(tmp_path_factory, demo_dir):
    out = tmp_path_factory.mktemp("report")
    summary = run([str(demo_dir)], out, manifest=str(demo_dir / "manifest.csv"), n_boot=50)
    assert summary["topics"].get("n_topics", 0) > 1, summary["topics"]
    with open_store(out / "discourse.duckdb") as store:
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
    for section in SECTIONS:
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
        for section in SECTIONS:
            el = driver.find_element(By.ID, section)
            assert el.is_displayed() and el.size["height"] > 50, section
        plots = driver.find_elements(By.CSS_SELECTOR, ".plotly-graph-div .main-svg")
        assert len(plots) >= 10
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


def test_resourcing_section_tables_trace_to_pages(built):
    out, _ = built
    import pandas as pd

    index = pd.read_csv(out / "tables" / "resourcing-resourcing_by_frame.csv")
    assert set(index.frame) <= {"localism", "enabling", "ensuring"} and len(index) == 3
    ok = index.commitments > 0
    assert ((index.resourced[ok] / index.commitments[ok]).round(6) == index.resourcing_index[ok].round(6)).all()
    evidence = pd.read_csv(out / "tables" / "resourcing-commitment_evidence.csv")
    assert set(evidence.label) == {"resourced", "pledge"}
    assert evidence.page_no.notna().all() and evidence.path.str.endswith(".pdf").all()
    # every resourced sentence in the evidence is counted in its frame's cell
    counted = evidence[evidence.label == "resourced"].assign(frame=lambda d: d.frame.str.split(", ")).explode("frame")
    assert (counted.groupby("frame").size() == index.set_index("frame").resourced[lambda r: r > 0]).all()
    money = pd.read_csv(out / "tables" / "resourcing-money_by_frame.csv")
    assert (money.amount > 0).all() and set(money.currency) == {"GBP"}


def test_topics_section(built):
    out, path = built
    import pandas as pd

    topics = pd.read_csv(out / "tables" / "topics-topics.csv")
    assert topics.share.sum() == pytest.approx(1.0, abs=1e-6)  # topic -1 is never hidden: shares cover all units
    tot = pd.read_csv(out / "tables" / "topics-topics_over_time.csv")
    assert (tot.share_lo <= tot.share + 1e-9).all() and (tot.share <= tot.share_hi + 1e-9).all()
    html = path.read_text()
    assert "Topic -1 holds the outliers" in html


def test_rerunning_the_job_refits_nothing(built, demo_dir):
    out, _ = built
    run([str(demo_dir)], out, manifest=str(demo_dir / "manifest.csv"), n_boot=50)  # tags the fixture's added row
    with open_store(out / "discourse.duckdb", read_only=True) as store:
        n_topic_runs = store.count("topic_runs")
    summary = run([str(demo_dir)], out, manifest=str(demo_dir / "manifest.csv"), n_boot=50)
    assert summary["extract"]["extracted"] == 0 and summary["tag"]["sentences"] == 0
    assert summary["topics"]["skipped"] == "up to date"
    with open_store(out / "discourse.duckdb", read_only=True) as store:
        assert store.count("topic_runs") == n_topic_runs
