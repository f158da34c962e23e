import pandas as pd

from discourse.report.html import esc, highlight, pdf_link, table_html


def test_esc():
    assert esc('<script>alert("x")</script>') == "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"
    assert esc(None) == "" and esc(float("nan")) == ""


def test_highlight_escapes_every_piece_and_marks_spans():
    text = "We will spend £4.7m <now> & hire 3 staff"
    out = highlight(text, [{"start_char": 14, "end_char": 19, "label": "MONEY"},
                           {"start_char": 33, "end_char": 40, "label": "STAFF"},
                           {"start_char": 15, "end_char": 18, "label": "MONEY"}])  # overlap: ignored
    assert "&lt;now&gt; &amp;" in out and "<now>" not in out
    assert out.count("<mark") == 2 and ">£4.7m<sup>money</sup></mark>" in out


def test_highlight_ignores_bad_offsets():
    assert highlight("abc", [{"start_char": 2, "end_char": 9, "label": "X"}]) == "abc"


def test_pdf_link_is_relative_quoted_and_escaped(tmp_path):
    pdf = tmp_path / "in" / 'Budget 2014 "final".pdf'
    out = tmp_path / "out"
    link = pdf_link(str(pdf), 3, str(out))
    assert 'href="../in/Budget%202014%20%22final%22.pdf#page=3"' in link and ">p. 3<" in link
    assert pdf_link("speeches.csv#row=4", None, str(out)) == "open"


def test_table_html_escapes_cells_but_not_html_columns():
    df = pd.DataFrame({"title": ["<b>x</b>"], "link": ['<a href="a.pdf">PDF</a>'], "n": [1234]})
    out = table_html(df, caption="T", html_columns=["link"])
    assert "&lt;b&gt;x&lt;/b&gt;" in out and '<a href="a.pdf">PDF</a>' in out and ">1,234<" in out


def test_table_html_caps_rows_and_says_so():
    out = table_html(pd.DataFrame({"a": range(10)}), max_rows=3)
    assert out.count("<tr>") == 4 and "Showing 3 of 10 rows" in out
