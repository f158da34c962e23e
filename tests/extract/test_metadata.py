import datetime as dt

import pytest

from discourse.extract.metadata import date_from_path, find_date, infer_date, infer_title, parse_date

D = dt.date


@pytest.mark.parametrize("value, expected", [
    ("2013", D(2013, 1, 1)),
    (2013, D(2013, 1, 1)),
    ("2013-03-14", D(2013, 3, 14)),
    ("14/03/2013", D(2013, 3, 14)),
    ("14 March 2013", D(2013, 3, 14)),
    ("14th Mar. 2013", D(2013, 3, 14)),
    ("March 14, 2013", D(2013, 3, 14)),
    ("March 2013", D(2013, 3, 1)),
    ("", None),
    ("not a date", None),
    ("31/02/2013", None),
    (float("nan"), None),
])
def test_parse_date(value, expected):
    assert parse_date(value) == expected


def test_find_date_prefers_full_dates_in_order():
    assert find_date("Strategy 2022-2026, approved on 30 January 2025") == D(2025, 1, 30)
    assert find_date("Framing Kent's Future 2022-2026") is None


@pytest.mark.parametrize("path, expected", [
    ("cabinet/2025-01-30/originals/Report.pdf", D(2025, 1, 30)),
    ("papers/Printed minutes 30th-Jan-2025 10.00 Cabinet.pdf", D(2025, 1, 30)),
    ("x/report_20130314.pdf", D(2013, 3, 14)),
    ("x/Minutes%2014%20March%202013.pdf", D(2013, 3, 14)),
    ("x/report.pdf", None),
])
def test_date_from_path(path, expected):
    assert date_from_path(path) == expected


def test_infer_date_precedence():
    pages = ["Cabinet report\nDate: 3 February 2014\nSomething on 1 January 2010"]
    meta = {"CreationDate": "D:20140120093000"}
    assert infer_date("2014-02-26", pages, "2013-01-01/x.pdf", meta) == (D(2014, 2, 26), "manifest")
    assert infer_date(None, pages, "2013-01-01/x.pdf", meta) == (D(2014, 2, 3), "text")
    assert infer_date(None, ["no date here"], "2013-01-01/x.pdf", meta) == (D(2013, 1, 1), "filename")
    assert infer_date(None, ["no date here"], "x.pdf", meta) == (D(2014, 1, 20), "metadata")
    assert infer_date(None, ["no date here"], "x.pdf", {}) == (None, None)


def test_infer_title_precedence():
    assert infer_title("Manifest title", {"Title": "Meta"}, ["First line"], "f.pdf") == "Manifest title"
    assert infer_title(None, {"Title": "Corporate Plan 2014"}, ["First line"], "f.pdf") == "Corporate Plan 2014"
    assert infer_title(None, {"Title": "Microsoft Word - draft3.docx"}, ["Budget Report\nbody"], "f.pdf") == \
        "Budget Report"
    assert infer_title(None, {}, [""], "dir/My%20Report_final.pdf") == "My Report final"
