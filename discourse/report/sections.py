"""Report sections: each reads the store, and returns a :class:`Section` or None when its tables are absent.

Sections never compute statistics themselves beyond counting: shares, intervals
and keyness come from :mod:`discourse.measure`; figures from
:mod:`discourse.report.figures`. The tables behind each figure travel with the
section and are written next to the report.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd

from discourse.measure.keyness import keyness_by_group
from discourse.measure.resourcing import ResourcingInputs, money_committed, resourcing_index
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
    _inputs: dict = field(default_factory=dict)

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


def _date_text(d) -> str:
    return "" if d is None or pd.isna(d) else str(pd.Timestamp(d).date())


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
    shown = listing.assign(date=listing["date"].map(_date_text),
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
        date=evidence["date"].map(_date_text))
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


# -- the resourcing gap -------------------------------------------------------------------

_FRAMES = ("localism", "enabling", "ensuring")


def _evidence_spans(evidence_json) -> list[dict]:
    try:
        spans = json.loads(evidence_json) if isinstance(evidence_json, str) else []
    except json.JSONDecodeError:
        return []
    return [e for e in spans if e.get("decisive") or e.get("label") in ("MONEY", "STAFF", "ASSET")]


def _resourcing_inputs(store: CorpusStore, ctx: ReportContext) -> ResourcingInputs | None:
    """The current tag run's sentences, commitments and frames (read once per report)."""
    tag_run = current_tag_run(store, with_table="commitments")
    if tag_run is None or not _has(store, "commitments"):
        return None
    if tag_run in ctx._inputs:
        return ctx._inputs[tag_run]
    sents = ctx.sentences(store)
    commitments = store.query("SELECT doc_id, sentence_id, label, score, evidence_json FROM commitments "
                              "WHERE tag_run_id = ?", [tag_run])
    frames_rows = _frames_rows(store, tag_run) if _has(store, "frames") else None
    ctx._inputs[tag_run] = ResourcingInputs(sents, commitments, frames_rows, tag_run)
    return ctx._inputs[tag_run]


def commitment_evidence(inputs: ResourcingInputs, ctx: ReportContext, labels=("resourced", "pledge")) -> pd.DataFrame:
    """Frame sentences with the given commitment labels, their frames, documents and evidence."""
    frames_rows = inputs.frames if inputs.frames is not None else pd.DataFrame(columns=["doc_id", "sentence_id", "frame"])
    per_sentence = frames_rows.groupby(["doc_id", "sentence_id"])["frame"].agg(
        lambda f: ", ".join(sorted(set(f)))).reset_index()
    c = inputs.commitments[inputs.commitments["label"].isin(labels)]
    return (c.merge(per_sentence, on=["doc_id", "sentence_id"])
            .merge(inputs.sentences, on=["doc_id", "sentence_id"])
            .sort_values(["label", "frame", "date", "doc_id", "sentence_id"], na_position="last"))


def _evidence_html(ev: pd.DataFrame, ctx: ReportContext, caption: str, table_id: str) -> str:
    shown = ev.assign(
        sentence=[highlight(t, _evidence_spans(e)) for t, e in zip(ev.text, ev.evidence_json)],
        page=_doc_links(ev, ctx), date=ev["date"].map(_date_text))
    shown = shown[["label", "frame", "sentence", "title", "date", "actor", "page"]]
    return table_html(shown, caption=caption, html_columns=["sentence", "page"], max_rows=ctx.max_rows,
                      table_id=table_id, note="Evidence spans are highlighted: money, staff, assets, deadlines, "
                                              "targets, who commits and the words that decided the label.")


def resourcing(store: CorpusStore, ctx: ReportContext) -> Section | None:
    inputs = _resourcing_inputs(store, ctx)
    if inputs is None or inputs.frames is None:
        return None
    period = ctx.bin
    overall = resourcing_index(inputs, by=["frame"], n_boot=ctx.n_boot, seed=ctx.seed)
    over_time = resourcing_index(inputs, by=["frame", period], n_boot=ctx.n_boot, seed=ctx.seed)
    by_type = resourcing_index(inputs, by=["frame", "doc_type"], n_boot=ctx.n_boot, seed=ctx.seed)
    by_actor = resourcing_index(inputs, by=["frame", "actor"], n_boot=ctx.n_boot, seed=ctx.seed)
    money = money_committed(inputs, by=["frame"])
    kpis = []
    for frame in _FRAMES:
        row = overall[overall.frame == frame]
        if len(row) and row.commitments.iloc[0]:
            r = row.iloc[0]
            kpis.append((f"{frame}: resourced of {int(r.commitments):,} commitments",
                         f"{r.resourcing_index:.0%} ({r.resourcing_lo:.0%}–{r.resourcing_hi:.0%})"
                         if r.resourcing_lo == r.resourcing_lo else f"{r.resourcing_index:.0%}"))
    body = _kpis(kpis)
    body += figure_html(F.figure_commitment_mix(over_time, period=period))
    body += figure_html(F.figure_resourcing_index(over_time.dropna(subset=["resourcing_index"]), period=period))
    body += '<div class="grid">' + figure_html(F.figure_resourcing_by_group(by_type, "doc_type")) + \
        figure_html(F.figure_resourcing_by_group(by_actor, "actor")) + "</div>"
    if len(money):
        body += figure_html(F.figure_money_by_frame(money))
        body += table_html(money, caption="Money committed in resourced sentences, by frame and currency",
                           max_rows=ctx.max_rows,
                           note="Only amounts that go into the author's own action count; tax yields, savings, "
                                "cuts, background totals and other bodies' money are left out. A sentence with "
                                "two frames counts in both.")
    ev = commitment_evidence(inputs, ctx)
    body += _evidence_html(ev, ctx, "Evidence: resourced commitments and pledges in frame sentences",
                           "commitment-evidence")
    lead = ("Each frame sentence is classed as rhetoric, a pledge, or a resourced commitment (money, staff or "
            "assets behind it). The resourcing index is resourced / (rhetoric + pledge + resourced), with 95% "
            "intervals from resampling documents.")
    tables = {"resourcing_by_frame": overall, f"resourcing_by_frame_{period}": over_time,
              "resourcing_by_frame_doc_type": by_type, "resourcing_by_frame_actor": by_actor,
              "money_by_frame": money,
              "commitment_evidence": ev[["label", "score", "frame", "doc_id", "sentence_id", "page_no", "text",
                                         "evidence_json", "title", "date", "doc_type", "actor", "path"]]}
    return Section("resourcing", "The resourcing gap", body, lead, tables=tables)


# -- topics --------------------------------------------------------------------------------

def _current_topic_run(store: CorpusStore) -> pd.Series | None:
    if not _has(store, "topic_runs", "topics"):
        return None
    runs = store.query("SELECT * FROM topic_runs ORDER BY created_at DESC, topic_run_id DESC LIMIT 1")
    return runs.iloc[0] if len(runs) else None


def topics(store: CorpusStore, ctx: ReportContext) -> Section | None:
    run = _current_topic_run(store)
    if run is None:
        return None
    rid = run.topic_run_id
    table = store.query("SELECT topic_id, label, top_terms, size, share FROM topics WHERE topic_run_id = ? "
                        "ORDER BY topic_id", [rid])
    tot = store.query("SELECT topic_id, bin, count, n_units, share, share_lo, share_hi FROM topics_over_time "
                      "WHERE topic_run_id = ? ORDER BY topic_id, bin_start", [rid])
    labels = dict(zip(table.topic_id, [f"{t}: {lab}" for t, lab in zip(table.topic_id, table.label)]))
    table = table.assign(top_terms=table.top_terms.map(lambda t: ", ".join(list(t)[:10]) if t is not None else ""))
    outliers = float(table.loc[table.topic_id == -1, "share"].sum())
    tf = store.query("SELECT * FROM topic_frames WHERE topic_run_id = ?", [rid]) if _has(store, "topic_frames") \
        else pd.DataFrame()
    if len(tf):
        shares = tf[tf.frame.isin(_FRAMES)].pivot_table(index="topic_id", columns="frame", values="share")
        shares.columns = [f"{c} share" for c in shares.columns]
        ri = tf[tf.frame == "any"].set_index("topic_id")[["resourcing_index", "ri_lo", "ri_hi"]]
        table = table.merge(shares, left_on="topic_id", right_index=True, how="left") \
            .merge(ri, left_on="topic_id", right_index=True, how="left")
    lead = (f"{len(table) - int((table.topic_id == -1).any())} topics from {int(run.n_units or 0):,} "
            f"{esc(run.unit)}s (BERTopic, fitted offline). Topic -1 holds the outliers: "
            f"{outliers:.1%} of units after reduction. Shares are of each period's units, with 95% intervals "
            "from resampling documents.")
    body = ""
    if tot.bin.nunique() > 1:
        body += figure_html(F.figure_topics_over_time(tot, labels))
    shown = table.assign(share=table.share.map(lambda x: f"{x:.1%}"))
    for col in [c for c in shown.columns if c.endswith(" share")] + ["resourcing_index", "ri_lo", "ri_hi"]:
        if col in shown:
            shown[col] = shown[col].map(lambda x: "" if x is None or x != x else f"{x:.0%}")
    body += table_html(shown, caption="Topics: top terms, size, frame mix and resourcing index", max_rows=ctx.max_rows,
                       table_id="topic-table", note="Frame shares are the share of the topic's sentences carrying "
                                                 "the frame; the resourcing index is over its committed sentences.")
    examples = store.query(
        "SELECT a.topic_id, a.prob, s.doc_id, s.sentence_id, s.page_no, s.text, d.title, d.date, d.path "
        "FROM (SELECT *, row_number() OVER (PARTITION BY topic_id ORDER BY prob DESC, doc_id, sentence_id) AS k "
        "      FROM topic_assignments WHERE topic_run_id = ?) a "
        "JOIN sentences s USING (doc_id, sentence_id) JOIN documents d USING (doc_id) "
        "WHERE a.k <= 3 ORDER BY a.topic_id, a.k", [rid])
    if len(examples):
        ex = examples.assign(topic=examples.topic_id.map(labels), sentence=examples.text.map(esc),
                             page=_doc_links(examples, ctx), date=examples.date.map(_date_text))
        body += table_html(ex[["topic", "sentence", "title", "date", "page"]], html_columns=["sentence", "page"],
                           caption="Evidence: the most typical sentences of each topic", max_rows=ctx.max_rows,
                           table_id="topic-evidence")
    return Section("topics", "Topics over time", body, lead,
                   tables={"topics": table, "topics_over_time": tot, "topic_frames": tf,
                           "topic_examples": examples})


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
        ev = store.query("SELECT gold, label, n, support, precision, recall, f1, alpha, codebook, frames_model, "
                         "evaluated_at, run_id FROM evaluations WHERE run_id IN (SELECT max(run_id) FROM evaluations "
                         "GROUP BY gold) ORDER BY gold, label")
        items.append(("Validation against hand-coding", f"{ev.gold.nunique()} gold set(s); figures below "
                                                          "(F1 and alpha for each frame; macro-F1 for commitment)"))
    body = '<dl class="methods">' + "".join(f"<dt>{esc(k)}</dt><dd>{esc(v)}</dd>" for k, v in items)
    body += "<dt>Package versions</dt><dd><pre>" + esc(json.dumps(versions, indent=1, sort_keys=True)) + "</pre></dd></dl>"
    if _has(store, "evaluations"):
        body += table_html(ev, caption="Validation figures", max_rows=ctx.max_rows)
    shown = runs[["run_id", "command", "status", "started_at", "finished_at"]]
    body += table_html(shown, caption="Runs", max_rows=ctx.max_rows, table_id="runs")
    return Section("methods", "Methods", body, "How these figures were made, so they can be reproduced.",
                   tables={"runs": runs})


#: Sections in report order.
SECTIONS = (overview, extraction, frames, resourcing, topics, keyness, methods)
