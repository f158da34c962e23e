"""Audit mode: a short report on a policy team's own documents.

``discourse audit PDF... --out DIR`` (and :func:`audit`) extracts one or a few
documents (no dates or manifest needed), tags them, and writes ``DIR/audit.html``
answering three questions a committee asks of a plan:

- how much of what the documents say about each frame is resourced (money,
  staff or assets behind it)?
- which pledges have no resources behind them, and on which page?
- how much money is committed, per frame?

Every row links to its page in the PDF. The store ``DIR/discourse.duckdb``
keeps every figure for later queries, exactly as ``discourse run`` does.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Sequence

import pandas as pd

from discourse.codebooks.loader import DEFAULT_CODEBOOK
from discourse.extract import ExtractSettings, extract
from discourse.measure.resourcing import money_committed, resourcing_index
from discourse.report import build_report
from discourse.report import figures as F
from discourse.report.html import Section, esc, figure_html, table_html
from discourse.report.sections import (
    ReportContext, _evidence_html, _has, _kpis, _resourcing_inputs, commitment_evidence, extraction, methods,
)
from discourse.store import CorpusStore, open_store

__all__ = ["audit", "AUDIT_SECTIONS", "AUDIT_NAME"]

AUDIT_NAME = "audit.html"
_FRAMES = ("localism", "enabling", "ensuring")


def _per_document(inputs, docs: pd.DataFrame) -> pd.DataFrame:
    """Frame sentences, commitments and resourced share per document and frame."""
    idx = resourcing_index(inputs, by=["doc_id", "frame"], n_boot=0)
    idx = idx.merge(docs[["doc_id", "title", "path"]], on="doc_id", how="left")
    return idx[["title", "frame", "n_sentences", "rhetoric", "pledge", "resourced", "resourcing_index", "doc_id",
                "path"]].sort_values(["title", "frame"])


def audit_summary(store: CorpusStore, ctx: ReportContext) -> Section | None:
    """Headline figures: the resourced share of frame commitments, overall and per document."""
    inputs = _resourcing_inputs(store, ctx)
    if inputs is None or inputs.frames is None:
        return None
    overall = resourcing_index(inputs, by=["frame"], n_boot=ctx.n_boot, seed=ctx.seed)
    docs = store.documents()
    n_frame = inputs.frames[["doc_id", "sentence_id"]].drop_duplicates().shape[0]
    n_sent = len(inputs.sentences)
    kpis = [("sentences read", f"{n_sent:,}"), ("carry a frame", f"{n_frame:,}")]
    for frame in _FRAMES:
        row = overall[overall.frame == frame]
        if len(row) and row.commitments.iloc[0]:
            r = row.iloc[0]
            kpis.append((f"{frame}: {int(r.resourced)} of {int(r.commitments)} commitments resourced",
                         f"{r.resourcing_index:.0%}"))
    per_doc = _per_document(inputs, docs)
    body = _kpis(kpis)
    if len(overall):
        body += figure_html(F.figure_commitment_mix(overall.assign(period="all documents"), period="period"))
    body += table_html(per_doc.drop(columns=["doc_id", "path"]), caption="Per document and frame",
                       max_rows=ctx.max_rows, table_id="per-document",
                       note="resourcing_index = resourced / (rhetoric + pledge + resourced).")
    lead = ("Of the sentences that speak about localism, enabling or ensuring, how many commit resources "
            "(money, staff or assets), how many only promise, and how many only talk.")
    return Section("summary", "Summary", body, lead, tables={"by_frame": overall, "by_document": per_doc})


def unresourced_pledges(store: CorpusStore, ctx: ReportContext) -> Section | None:
    """Every pledge in a frame sentence with no resource behind it, with its page."""
    inputs = _resourcing_inputs(store, ctx)
    if inputs is None or inputs.frames is None:
        return None
    ev = commitment_evidence(inputs, ctx, labels=("pledge",)).sort_values(["title", "page_no", "sentence_id"])
    lead = (f"{len(ev):,} pledges in frame sentences name no money, staff or assets behind them. "
            "Each links to its page.") if len(ev) else "Every pledge in a frame sentence has resources behind it."
    body = _evidence_html(ev, ctx, "Unresourced pledges, in document and page order", "pledges") if len(ev) else ""
    cols = ["frame", "title", "page_no", "text", "evidence_json", "doc_id", "sentence_id", "path"]
    return Section("pledges", "Unresourced pledges", body, lead, tables={"unresourced_pledges": ev[cols]})


def money(store: CorpusStore, ctx: ReportContext) -> Section | None:
    """Money committed per frame, and the resourced sentences behind it."""
    inputs = _resourcing_inputs(store, ctx)
    if inputs is None or inputs.frames is None:
        return None
    by_frame = money_committed(inputs, by=["frame"])
    resourced = commitment_evidence(inputs, ctx, labels=("resourced",)).sort_values(["title", "page_no"])
    body = ""
    if len(by_frame):
        body += figure_html(F.figure_money_by_frame(by_frame))
        body += table_html(by_frame, caption="Money committed, by frame and currency", max_rows=ctx.max_rows,
                           note="Only amounts going into the author's own action count (not tax yields, savings, "
                                "cuts, background totals or other bodies' money); currencies are never added.")
        lead = "; ".join(f"{esc(r.frame)}: {r.amount:,.0f} {esc(r.currency)}" for r in by_frame.itertuples()) + "."
    else:
        lead = "No money is committed in frame sentences."
    if len(resourced):
        body += _evidence_html(resourced, ctx, "Resourced commitments, with their evidence", "resourced")
    cols = ["frame", "title", "page_no", "text", "evidence_json", "doc_id", "sentence_id", "path"]
    return Section("money", "Money and resources by frame", body, lead,
                   tables={"money_by_frame": by_frame, "resourced": resourced[cols]})


#: Sections of the audit report, in order.
AUDIT_SECTIONS = (audit_summary, unresourced_pledges, money, extraction, methods)


def audit(
    paths: Sequence[str],
    out: str | os.PathLike,
    *,
    settings: ExtractSettings | None = None,
    codebook: str = DEFAULT_CODEBOOK,
    author: Sequence[str] = (),
    echo: Callable[[str], None] | None = None,
) -> dict:
    """Extract and tag ``paths`` into ``out`` and write ``out/audit.html``.

    Parameters
    ----------
    paths : sequence of str
        PDF files or folders (a team's own plans, budgets or speeches).
    out : path
        Output folder: the store ``discourse.duckdb``, ``audit.html`` and ``tables/``.
    settings : ExtractSettings, optional
        Extraction settings (password, OCR...).
    codebook : str
        Codebook name or path.
    author : sequence of str
        Names the documents' author goes by ("Kelbridge City Council", "KCC"):
        commitments these make count as the author's own.
    echo : callable, optional
        Called with one line per stage.

    Returns
    -------
    dict
        ``store``, ``extract``, ``tag`` summaries and the ``audit`` report path.
    """
    from discourse.pipeline import STORE_NAME
    from discourse.tag import tag_store

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    say = echo or (lambda message: None)
    summary: dict = {"store": str(out / STORE_NAME)}
    with open_store(out / STORE_NAME) as store:
        s = extract(paths, store, settings=settings)
        summary["extract"] = s
        say(f"extract: {s['documents']} documents, {s['pages']} pages, {s['sentences']} sentences")
        if _has(store, "sentences"):
            t = tag_store(store, codebook=codebook, author_aliases=tuple(author))
            summary["tag"] = t
            say(f"tag: {t['sentences']:,} sentences tagged now")
        path = build_report(store, out, title="discourse audit: " + ", ".join(Path(p).name for p in paths)[:120],
                            subtitle=f"{store.count('documents'):,} document(s) audited", n_boot=1000,
                            sections=AUDIT_SECTIONS, filename=AUDIT_NAME)
        summary["audit"] = str(path)
        say(f"audit: {path}")
    return summary
