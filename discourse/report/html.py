"""HTML building blocks for the report: escaping, tables, evidence highlighting, the page shell.

Every string that comes from a document goes through :func:`esc` (or
:func:`highlight`, which escapes each piece): a PDF containing ``<script>``
shows as text. The page is self-contained: plotly.js and the styles are inlined,
nothing is fetched when it opens.
"""

from __future__ import annotations

import datetime as dt
import html
import os
from dataclasses import dataclass, field
from typing import Iterable, Sequence
from urllib.parse import quote

import pandas as pd

__all__ = ["Section", "esc", "highlight", "pdf_link", "table_html", "figure_html", "page_html", "OKABE_ITO",
           "PALETTE"]

#: Okabe-Ito colours: distinguishable with the common colour-vision deficiencies.
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
#: For more categories: Okabe-Ito without black, then Paul Tol's colour-blind-safe extras.
PALETTE = OKABE_ITO[:7] + ["#882255", "#44AA99", "#332288", "#999933", "#AA4499", "#117733", "#000000"]
LABEL_COLOURS = {"MONEY": "#E69F00", "STAFF": "#56B4E9", "ASSET": "#009E73", "DEADLINE": "#CC79A7",
                 "PERIOD": "#CC79A7", "TARGET": "#F0E442", "AGENT": "#0072B2"}


@dataclass
class Section:
    """One section of the report."""

    id: str
    title: str
    body: str                                   # trusted HTML built with the helpers here
    lead: str = ""                              # one plain-text sentence under the title
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)  # written next to the report


def esc(value) -> str:
    """HTML-escape anything (None and NaN become an empty string)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return html.escape(str(value), quote=True)


def highlight(text: str, spans: Iterable[dict]) -> str:
    """Escape ``text`` and wrap evidence spans (``start_char``, ``end_char``, ``label``) in ``<mark>``."""
    spans = sorted((s for s in spans if 0 <= s.get("start_char", -1) < s.get("end_char", -1) <= len(text)),
                   key=lambda s: (s["start_char"], -s["end_char"]))
    out, pos = [], 0
    for s in spans:
        a, b = s["start_char"], s["end_char"]
        if a < pos:
            continue  # overlapping spans: keep the first
        label = str(s.get("label", ""))
        colour = LABEL_COLOURS.get(label, "#E69F00")
        out.append(esc(text[pos:a]))
        out.append(f'<mark style="--ev:{colour}" title="{esc(label)}">{esc(text[a:b])}'
                   f'<sup>{esc(label.lower())}</sup></mark>')
        pos = b
    out.append(esc(text[pos:]))
    return "".join(out)


def pdf_link(path: str | None, page: int | None, report_dir: str, label: str | None = None) -> str:
    """``<a href="relative/path.pdf#page=N">`` for a document page (escaped); plain text for non-PDFs."""
    if not path:
        return ""
    label = label or (f"p. {int(page)}" if page is not None and page == page else "open")
    if not str(path).lower().endswith(".pdf"):
        return esc(label)
    target = os.path.relpath(os.path.abspath(path), os.path.abspath(report_dir))
    href = quote(target.replace(os.sep, "/")) + (f"#page={int(page)}" if page is not None and page == page else "")
    return f'<a href="{esc(href)}" target="_blank" rel="noopener">{esc(label)}</a>'


def table_html(df: pd.DataFrame, *, caption: str = "", html_columns: Sequence[str] = (), max_rows: int = 500,
               table_id: str = "", note: str = "") -> str:
    """A sortable, filterable table. Cells are escaped except ``html_columns`` (already safe HTML)."""
    shown = df.head(max_rows)
    head = "".join(f"<th scope=\"col\">{esc(c)}</th>" for c in shown.columns)
    rows = []
    for rec in shown.itertuples(index=False):
        cells = []
        for col, value in zip(shown.columns, rec):
            if col in html_columns:
                cells.append(f"<td>{value if value is not None else ''}</td>")
            elif isinstance(value, float):
                cells.append(f'<td class="num">{"" if value != value else f"{value:,.3f}".rstrip("0").rstrip(".")}</td>')
            elif isinstance(value, int):
                cells.append(f'<td class="num">{value:,}</td>')
            else:
                cells.append(f"<td>{esc(value)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    id_attr = f' id="{esc(table_id)}"' if table_id else ""
    more = f" Showing {len(shown):,} of {len(df):,} rows; all rows are in the table files." if len(df) > len(shown) else ""
    return (
        f'<div class="tablewrap"><input class="filter" type="search" placeholder="Filter rows…" '
        f'aria-label="Filter {esc(caption) or "table"}">'
        f'<table class="sortable"{id_attr}><caption>{esc(caption)}'
        f'<span class="note">{esc(note + more)}</span></caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
    )


def figure_html(fig) -> str:
    """A plotly figure as a div (plotly.js is inlined once in the page head)."""
    return '<div class="figure">' + fig.to_html(
        full_html=False, include_plotlyjs=False,
        config={"responsive": True, "displaylogo": False, "toImageButtonOptions": {"format": "png", "scale": 2}},
    ) + "</div>"


_CSS = """
:root { --fg:#1b1b1b; --muted:#595959; --line:#d9d9d9; --bg:#fff; --accent:#0072B2; }
* { box-sizing: border-box; }
body { margin:0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color:var(--fg); background:var(--bg); }
header.top { padding: 1.2rem 1rem; border-bottom: 1px solid var(--line); }
header.top h1 { margin: 0 0 .3rem; font-size: 1.6rem; }
header.top p { margin: 0; color: var(--muted); }
nav { position: sticky; top: 0; background: #f7f7f7; border-bottom: 1px solid var(--line); z-index: 10;
      overflow-x: auto; white-space: nowrap; }
nav a { display: inline-block; padding: .55rem .8rem; color: var(--accent); text-decoration: none; }
nav a:hover, nav a:focus { text-decoration: underline; }
main { max-width: 1240px; margin: 0 auto; padding: 0 1rem 3rem; }
section { padding-top: 1rem; border-bottom: 1px solid var(--line); }
section h2 { font-size: 1.35rem; margin: .6rem 0 .2rem; }
section > p.lead { color: var(--muted); margin-top: 0; }
.figure { width: 100%; min-height: 320px; }
.grid { display: grid; grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 1rem; }
@media (max-width: 800px) { .grid { grid-template-columns: minmax(0, 1fr); } }
.grid > * { min-width: 0; }  /* let plotly shrink to its grid cell */
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(150px, 1fr)); gap: .6rem; margin: .8rem 0; }
.kpi { border: 1px solid var(--line); border-radius: 6px; padding: .6rem .8rem; }
.kpi b { display: block; font-size: 1.5rem; }
.kpi span { color: var(--muted); font-size: .9rem; }
.tablewrap { overflow-x: auto; margin: .8rem 0 1.2rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
caption .note { display: block; font-weight: normal; color: var(--muted); font-size: .85rem; }
th, td { border-bottom: 1px solid var(--line); padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { cursor: pointer; background: #f2f2f2; position: sticky; top: 0; }
th[aria-sort="ascending"]::after { content: " ▲"; } th[aria-sort="descending"]::after { content: " ▼"; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
input.filter { width: 100%; max-width: 420px; padding: .4rem .6rem; margin: .3rem 0; border: 1px solid #bbb; border-radius: 4px; }
mark { background: color-mix(in srgb, var(--ev) 30%, white); border-bottom: 2px solid var(--ev); padding: 0 .1em; }
mark sup { font-size: .65em; color: var(--muted); margin-left: .15em; }
.files a { margin-right: .8rem; }
.methods dt { font-weight: 600; } .methods dd { margin: 0 0 .6rem 0; }
.methods pre { white-space: pre-wrap; font-size: .85rem; background: #f7f7f7; padding: .5rem; }
@media (max-width: 600px) { body { font-size: 15px; } header.top h1 { font-size: 1.3rem; } .figure { min-height: 280px; } }
"""

_JS = """
window.addEventListener('load', function () {
  document.querySelectorAll('.plotly-graph-div').forEach(function (d) { Plotly.Plots.resize(d); });
});
document.querySelectorAll('table.sortable').forEach(function (table) {
  var heads = table.querySelectorAll('th');
  heads.forEach(function (th, col) {
    th.tabIndex = 0;
    function sort() {
      var asc = th.getAttribute('aria-sort') !== 'ascending';
      heads.forEach(function (h) { h.removeAttribute('aria-sort'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      var body = table.tBodies[0], rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].innerText.trim(), y = b.cells[col].innerText.trim();
        var nx = parseFloat(x.replace(/,/g, '')), ny = parseFloat(y.replace(/,/g, ''));
        var r = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
        return asc ? r : -r;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    }
    th.addEventListener('click', sort);
    th.addEventListener('keydown', function (e) { if (e.key === 'Enter') sort(); });
  });
});
document.querySelectorAll('input.filter').forEach(function (input) {
  var table = input.parentNode.querySelector('table');
  input.addEventListener('input', function () {
    var q = input.value.toLowerCase();
    Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
      r.style.display = r.innerText.toLowerCase().indexOf(q) >= 0 ? '' : 'none';
    });
  });
});
"""


def page_html(title: str, subtitle: str, sections: Sequence[Section], files: dict[str, list[str]]) -> str:
    """The whole self-contained report page."""
    from plotly.offline import get_plotlyjs

    nav = "".join(f'<a href="#{esc(s.id)}">{esc(s.title)}</a>' for s in sections)
    body = []
    for s in sections:
        links = "".join(f'<a href="{esc(quote(p))}">{esc(os.path.basename(p))}</a>' for p in files.get(s.id, []))
        body.append(
            f'<section id="{esc(s.id)}" aria-labelledby="{esc(s.id)}-h"><h2 id="{esc(s.id)}-h">{esc(s.title)}</h2>'
            + (f'<p class="lead">{esc(s.lead)}</p>' if s.lead else "")
            + s.body
            + (f'<p class="files">Tables behind this section: {links}</p>' if links else "")
            + "</section>"
        )
    generated = dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        f"<title>{esc(title)}</title><style>{_CSS}</style>"
        f"<script>{get_plotlyjs()}</script></head><body>"
        f'<header class="top"><h1>{esc(title)}</h1><p>{esc(subtitle)} · generated {generated}</p></header>'
        f'<nav aria-label="Sections">{nav}</nav><main>{"".join(body)}</main>'
        f"<script>{_JS}</script></body></html>"
    )
