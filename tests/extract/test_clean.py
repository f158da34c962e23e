from collections import Counter

import pytest

from discourse.extract.clean import (
    clean_text, dehyphenate, fix_mojibake, join_lines, normalise_line, remove_running_lines, vocabulary,
)
from discourse.extract.pdf import Line


@pytest.mark.parametrize("raw, expected", [
    ("ef\ufb01cient of\ufb02ine", "efficient offline"),
    ("£4.7m\u00a0over\u202ffour years", "£4.7m over four years"),
    ("re\u00adsourced", "resourced"),
    ("zero\u200bwidth", "zerowidth"),
    ("\uf0b7 first item", "• first item"),
    ("  spaced    out  ", "spaced out"),
    ("non\u2011breaking hyphen", "non-breaking hyphen"),
])
def test_normalise_line(raw, expected):
    assert normalise_line(raw) == expected


def test_mojibake_is_repaired_and_clean_text_untouched():
    assert fix_mojibake("the councilâ€™s budget â€“ Â£4m") == "the council’s budget – £4m"
    clean = "Café culture – the council’s £4m plan"
    assert fix_mojibake(clean) is clean


def _page(texts, height=800.0, start=40.0, step=15.0):
    return [Line(t, x0=72, x1=500, top=start + i * step, bottom=start + i * step + 11, size=11)
            for i, t in enumerate(texts)]


def test_running_header_footer_and_page_numbers_removed():
    pages = []
    for n in range(1, 6):
        lines = [Line("Testshire Council | Plan 2014", x0=72, x1=300, top=30, bottom=40, size=8)]
        lines += _page([f"Body text on page {n} about libraries."], start=120)
        lines.append(Line(f"Page {n} of 5", x0=480, x1=520, top=770, bottom=781, size=8))
        pages.append(lines)
    out = remove_running_lines(pages, [800.0] * 5)
    assert [[ln.text for ln in p] for p in out] == [[f"Body text on page {n} about libraries."] for n in range(1, 6)]


def test_body_line_recurring_mid_page_is_kept():
    pages = [_page([f"Heading {n}", "We will consult residents.", "More text.", "Even more.", "x", "y", "z"],
                   start=200) for n in range(5)]
    out = remove_running_lines(pages, [800.0] * 5)
    assert all("We will consult residents." in [ln.text for ln in p] for p in out)


def test_two_page_document_needs_margin_position():
    # the same line on both pages, but in the body: kept
    body = [_page(["Intro", "Shared sentence in the body of both pages."], start=300) for _ in range(2)]
    assert all(len(p) == 2 for p in remove_running_lines(body, [800.0, 800.0]))


def test_header_echoing_title_block_is_removed_on_page_two():
    p1 = _page(["KELBY COUNCIL | BUDGET CONSULTATION 2014/15", "Your Kelby, your say", "Body one."])
    p2 = [Line("Your Kelby, your say | Budget consultation 2014/15 Kelby Council", x0=72, x1=500, top=30,
               bottom=40, size=8)] + _page(["Body two."], start=200)
    out = remove_running_lines([p1, p2], [800.0, 800.0])
    assert [ln.text for ln in out[1]] == ["Body two."]


@pytest.mark.parametrize("left, right, counts, expected", [
    ("neighbour", "hood", {}, "neighbourhood"),                 # joined form is a word
    ("community", "led", {}, "community-led"),                  # two words: a compound
    ("sustainab", "ility", {}, "sustainability"),               # fragments: join
    ("well", "being", {"well-being": 2}, "well-being"),         # the document's own usage wins
    ("well", "being", {"wellbeing": 3, "well-being": 1}, "wellbeing"),
    ("10", "year", {}, "10-year"),                              # digits keep the hyphen
    ("Anglo", "Saxon", {}, "Anglo-Saxon"),                      # capitalised continuation
])
def test_dehyphenate(left, right, counts, expected):
    assert dehyphenate(left, right, Counter(counts), vocabulary()) == expected


def test_join_lines_rebuilds_paragraphs_and_keeps_breaks():
    lines = [
        Line("Stronger communities", x0=72, x1=230, top=100, bottom=116, size=16),          # heading
        Line("We will give every ward forum a budget of £10,000 a year so that", x0=72, x1=520, top=125,
             bottom=137, size=12),
        Line("residents decide how it is spent in their neighbour-", x0=72, x1=519, top=139, bottom=151,
             size=12),
        Line("hood.", x0=72, x1=105, top=153, bottom=165, size=12),                          # short: ends
        Line("• a youth club in Eastgate", x0=80, x1=260, top=175, bottom=187, size=12),       # bullet
        Line("• a lunch club in Millbrook", x0=80, x1=270, top=189, bottom=201, size=12),
    ]
    assert join_lines(lines, Counter(), vocabulary()).split("\n") == [
        "Stronger communities",
        "We will give every ward forum a budget of £10,000 a year so that residents decide how it is spent "
        "in their neighbourhood.",
        "• a youth club in Eastgate",
        "• a lunch club in Millbrook",
    ]


def test_join_lines_keeps_table_rows_apart():
    rows = [Line(t, x0=72, x1=300, top=100 + 14 * i, bottom=111 + 14 * i, size=11)
            for i, t in enumerate(["Libraries 3,420", "Youth services 410", "total 3,830"])]
    text = join_lines(rows, Counter(), vocabulary(), tables=[(70, 95, 310, 150)])
    assert text.split("\n") == ["Libraries 3,420", "Youth services 410", "total 3,830"]


def test_join_lines_pdfium_soft_hyphen_marks():
    line = Line("the long\ufffeterm plan for neigh\ufffebourhood services", x0=72, x1=500, top=100, bottom=111)
    assert join_lines([line], Counter(), vocabulary()) == "the long-term plan for neighbourhood services"


def test_clean_text_joins_wraps_and_keeps_paragraphs():
    raw = "We will fund twelve\nnew posts.\n\nSecond para-\ngraph here.\n• item one\n• item two"
    assert clean_text(raw).split("\n") == [
        "We will fund twelve new posts.", "Second paragraph here.", "• item one", "• item two",
    ]
