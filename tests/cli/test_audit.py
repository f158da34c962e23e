"""discourse audit: a short report on a team's own PDFs (no dates or manifest)."""

import json

import pandas as pd
import pytest
from click.testing import CliRunner

import pdfgen
from discourse.cli import main

PLAN = (
    "Kelbridge City Council Plan.\n"
    "We will devolve decisions on local parks to neighbourhood forums.\n"
    "The council will invest £2.5m in community hubs run by local volunteers in 2015-16.\n"
    "We will support community groups to take over local buildings.\n"
    "Localism matters to everyone in Kelbridge.\n"
    "Business rates raise £40m for the city each year."
)


@pytest.fixture
def plan(tmp_path):
    d = tmp_path / "docs"
    d.mkdir()
    return pdfgen.simple(d / "plan.pdf", PLAN, title="Kelbridge Plan")


def test_audit_writes_the_report_and_its_tables(plan, tmp_path):
    out = tmp_path / "audit"
    r = CliRunner().invoke(main, ["audit", str(plan), "--out", str(out), "--author", "Kelbridge City Council",
                                  "--json"])
    assert r.exit_code == 0, r.output
    summary = json.loads(r.output)
    assert summary["audit"].endswith("audit.html") and summary["extract"]["documents"] == 1
    html = (out / "audit.html").read_text()
    for section in ("summary", "pledges", "money", "methods"):
        assert f'<section id="{section}"' in html
    pledges = pd.read_csv(out / "tables" / "pledges-unresourced_pledges.csv")
    assert len(pledges) >= 1 and (pledges.page_no == 1).all()
    assert not pledges.text.str.contains("£2.5m").any(), "a resourced commitment is not an unresourced pledge"
    money = pd.read_csv(out / "tables" / "money-money_by_frame.csv")
    # the £2.5m goes into the council's own action; the £40m business-rates yield is not committed money
    assert money.amount.max() == pytest.approx(2.5e6) and set(money.currency) == {"GBP"}
    assert 'href="../docs/plan.pdf#page=1"' in html


def test_audit_is_rerunnable_without_duplicates(plan, tmp_path):
    out = tmp_path / "audit"
    runner = CliRunner()
    assert runner.invoke(main, ["audit", str(plan), "--out", str(out)]).exit_code == 0
    first = pd.read_csv(out / "tables" / "summary-by_document.csv")
    r = runner.invoke(main, ["audit", str(plan), "--out", str(out)])
    assert r.exit_code == 0 and "tag: 0 sentences tagged now" in r.output
    pd.testing.assert_frame_equal(pd.read_csv(out / "tables" / "summary-by_document.csv"), first)
