"""Report sections: each reads the store, and returns a :class:`Section` or None when its tables are absent.

Sections never compute statistics themselves beyond counting: shares, intervals
and keyness come from :mod:`discourse.measure`; figures from
:mod:`discourse.report.figures`. The tables behind each figure travel with the
section and are written next to the report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pandas as pd

from discourse.measure.keyness import keyness_by_group
from discourse.measure.shares import frame_shares
from discourse.periods import period_labels
from discourse.report import figures as F
from discourse.report.html import Section, esc, figure_html, highlight, pdf_link, table_html
from discourse.store import CorpusStore
from discourse.tag.runs import current_tag_run

__all__ = ["ReportContext", "SECTIONS"]


@dataclass
class ReportContext:
    """Settings and shared data for building sections."""

    out_dir: str
    bin: str = "year"
    n_boot: int = 1000
    seed: int = 0
    max_rows: int = 300
    _sentences: pd.DataFrame | None = None

    def sentences(self, store: CorpusStore) -> pd.DataFrame:
        """Sentences with document variables and a ``period`` column (cached)."""
        if self._sentences is None:
            s = store.sentences(with_docvars=True)
            s["period"] = period_labels(s["date"], self.bin)
            self._sentences = s
        return self._sentences


def _has(store: CorpusStore, *tables: str) -> bool:
    names = set(store.table_names())
    return all(t in names and store.count(t) > 0 for t in tables)


def _kpis(items: list[tuple[str, object]]) -> str:
    return '<div class="kpis">' + "".join(
        f'<div class="kpi"><b>{esc(v)}</b><span>{esc(k)}</span></div>' for k, v in items) + "</div>"


def _doc_links(df: pd.DataFrame, ctx: ReportContext, page_col: str = "page_no", label: str | None = None) -> pd.Series:
    pages = df[page_col] if page_col in df else [None] * len(df)
    return pd.Series([pdf_link(p, pg, ctx.out_dir, label) for p, pg in zip(df["path"], pages)], index=df.index)


# -- corpus -------------------------------------------------------------------------------

def overview(store: CorpusStore, ctx: ReportContext) -> Section | None:
    if not _has(store, "documents"):
        return None
    docs = store.documents()
    ok = docs[docs.status == "ok"].copy()
    ok["period"] = period_labels(ok["date"], ctx.bin)
    n_sent = store.count("sentences")
    dated = ok["date"].dropna()
    span = f"{pd.Timestamp(dated.min()).date()} to {pd.Timestamp(dated.max()).date()}" if len(dated) else "no dates"
    body = _kpis([("documents extracted", f"{len(ok):,} of {len(docs):,}"),
                  ("pages", f"{int(ok.n_pages.fillna(0).sum()):,}"), ("sentences", f"{n_sent:,}"),
                  ("dates", span), ("document types", ok.doc_type.nunique()), ("actors", ok.actor.nunique())])
    undated = int(ok["date"].isna().sum())
    lead = f"{len(ok):,} documents with text" + (f"; {undated} without a date are left out of over-time figures." if undated else ".")
    body += '<div class="grid">' + figure_html(F.figure_documents_over_time(ok)) + \
        figure_html(F.figure_documents_by(ok, "actor")) + "</div>"
    listing = ok.sort_values(["date", "title"])[["title", "date", "doc_type", "actor", "n_pages", "n_sentences", "path"]]
    shown = listing.assign(date=listing["date"].map(lambda d: "" if pd.isna(d) else str(pd.Timestamp(d).date())),
                           file=_doc_links(listing.assign(page_no=1), ctx, label="PDF")).drop(columns=["path"])
    body += table_html(shown, caption="Documents", html_columns=["file"], max_rows=ctx.max_rows, table_id="documents")
    return Section("corpus", "Corpus", body, lead, tables={"documents": listing})


def extraction(store: CorpusStore, ctx: ReportContext) -> Section | None:
    if not _has(store, "documents"):
        return None
    docs = store.documents()
    failed = docs[docs.status != "ok"][["path", "status", "error"]].sort_values(["status", "path"])
    warned = docs[docs.warning.notna()][["path", "warning"]] if "warning" in docs else docs.iloc[0:0]
    ocr_pages = store.query("SELECT count(*) n FROM pages WHERE needs_ocr").n[0]
    counts = docs.status.value_counts()
    lead = ", ".join(f"{n} {s}" for s, n in counts.items()) + "."
    body = figure_html(F.figure_status(docs))
    if ocr_pages:
        body += f"<p>{ocr_pages:,} pages have no text layer (scanned); re-run with <code>--ocr</code> to read them.</p>"
    if len(failed):
        body += table_html(failed, caption="Files that were not extracted, and why", max_rows=ctx.max_rows,
                           table_id="failed")
    if len(warned):
        body += table_html(warned, caption="Files extracted with a warning", max_rows=ctx.max_rows)
    return Section("extraction", "Extraction", body, lead,
                   tables={"status": counts.rename_axis("status").reset_index(name="documents"), "failed": failed})


# -- frames --------------------------------------------------------------------------------

def _frames_rows(store: CorpusStore, tag_run: str) -> pd.DataFrame:
    return store.query("SELECT doc_id, sentence_id, frame, subframe, terms, negated, score FROM frames "
                       "WHERE tag_run_id = ?", [tag_run])


def _term_spans(text: str, terms) -> list[dict]:
    spans, low = [], text.lower()
    for term in (terms if terms is not None else []):
        t = str(term).lower().strip("*")
        if not t:
            continue
        start = low.find(t)
        while start >= 0:
            spans.append({"start_char": start, "end_char": start + len(t), "label": "term"})
            start = low.find(t, start + len(t))
    return spans


def frames(store: CorpusStore, ctx: ReportContext) -> Section | None:
    tag_run = current_tag_run(store)
    if tag_run is None or not _has(store, "frames"):
        return None
    sents = ctx.sentences(store)
    rows = _frames_rows(store, tag_run)
    over_time = frame_shares(sents, rows, by=["period"], n_boot=ctx.n_boot, seed=ctx.seed)
    by_type = frame_shares(sents, rows, by=["doc_type"], n_boot=ctx.n_boot, seed=ctx.seed)
    by_actor = frame_shares(sents, rows, by=["actor"], n_boot=ctx.n_boot, seed=ctx.seed)
    body = figure_html(F.figure_frames_over_time(over_time))
    body += '<div class="grid">' + figure_html(F.figure_shares_by_group(by_type, "doc_type")) + \
        figure_html(F.figure_shares_by_group(by_actor, "actor")) + "</div>"
    evidence = rows.merge(sents, on=["doc_id", "sentence_id"]).sort_values(["frame", "date", "doc_id", "sentence_id"])
    evidence = evidence.assign(
        sentence=[highlight(t, _term_spans(t, terms)) for t, terms in zip(evidence.text, evidence.terms)],
        page=_doc_links(evidence, ctx),
        date=evidence["date"].map(lambda d: "" if pd.isna(d) else str(pd.Timestamp(d).date())))
    shown = evidence[["frame", "subframe", "negated", "sentence", "title", "date", "actor", "page"]]
    body += table_html(shown, caption="Evidence: the sentences behind the frame figures",
                       html_columns=["sentence", "page"], max_rows=ctx.max_rows, table_id="frame-evidence",
                       note="Matched codebook terms are highlighted.")
    tables = {"frames_over_time": over_time, "frames_by_doc_type": by_type, "frames_by_actor": by_actor,
              "frame_evidence": evidence[["frame", "subframe", "negated", "score", "doc_id", "sentence_id", "page_no",
                                          "text", "title", "date", "doc_type", "actor", "path"]]}
    return Section("frames", "Frames over time", body,
                   "Share of sentences carrying each frame, with 95% intervals from resampling documents.",
                   tables=tables)


# -- keyness -------------------------------------------------------------------------------

def keyness(store: CorpusStore, ctx: ReportContext) -> Section | None:
    if not _has(store, "sentences"):
        return None
    sents = ctx.sentences(store)
    body, tables = "", {}
    for group, label in (("period", "period"), ("actor", "actor")):
        data = sents.dropna(subset=[group])
        if data[group].nunique() < 2:
            continue
        k = keyness_by_group(data.text, data[group], top=12, min_count=3)
        tables[f"keyness_by_{group}"] = k
        figs = [figure_html(F.figure_keyness(k[k.group == g], title=f"Key terms: {g} against other {label}s"))
                for g in sorted(k.group.unique(), key=str)[-4:]]
        body += f"<h3>By {esc(label)}</h3>" + '<div class="grid">' + "".join(figs) + "</div>"
        body += table_html(k, caption=f"Key terms by {label} (chi-squared with Yates' correction)",
                           max_rows=ctx.max_rows)
    if not tables:
        return None
    return Section("keyness", "Keyness", body,
                   "Terms that distinguish one period or actor from the rest, as quanteda's textstat_keyness.",
                   tables=tables)


# -- methods ------------------------------------------------------------------------------

def methods(store: CorpusStore, ctx: ReportContext) -> Section | None:
    runs = store.runs()
    if runs.empty:
        return None
    latest = runs.iloc[-1]
    versions = json.loads(latest.versions_json or "{}")
    items = [("Runs recorded", f"{len(runs)}"), ("Time bins", ctx.bin),
             ("Intervals", f"95% percentile bootstrap over documents, {ctx.n_boot} replicates, seed {ctx.seed}")]
    if _has(store, "tag_runs"):
        tr = store.query("SELECT * FROM tag_runs ORDER BY created_at DESC LIMIT 1").iloc[0]
        items.append(("Codebook", f"{tr.get('codebook')} version {tr.get('codebook_version')} "
                                  f"(sha256 {str(tr.get('codebook_sha256'))[:12]}…)"))
        for col in ("frames_model", "commitment_version"):
            if col in tr and tr[col] is not None and tr[col] == tr[col]:
                items.append((col.replace("_", " ").capitalize(), str(tr[col])))
    if _has(store, "topic_runs"):
        t = store.query("SELECT * FROM topic_runs ORDER BY created_at DESC LIMIT 1").iloc[0]
        items.append(("Topic model", str(t.get("params_json"))))
    if _has(store, "evaluations"):
        ev = store.query("SELECT * FROM evaluations ORDER BY run_id")
        items.append(("Validation against hand-coding", ""))
    body = '<dl class="methods">' + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in items)
    body += "<dt>Package versions</dt><dd><pre>" + esc(json.dumps(versions, indent=1, sort_keys=True)) + "</pre></dd></dl>"
    if _has(store, "evaluations"):
        body += table_html(ev, caption="Validation figures", max_rows=ctx.max_rows)
    shown = runs[["run_id", "command", "status", "started_at", "finished_at"]]
    body += table_html(shown, caption="Runs", max_rows=ctx.max_rows, table_id="runs")
    return Section("methods", "Methods", body, "How these figures were made, so they can be reproduced.",
                   tables={"runs": runs})


#: Sections in report order.
SECTIONS = (overview, extraction, frames, keyness, methods)
