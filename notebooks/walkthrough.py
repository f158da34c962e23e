# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # discourse: a walkthrough on the demo corpus
#
# This notebook takes the project's demo corpus, eighteen short **fictional** UK policy documents from 2010–2016
# (speeches, council plans, budgets, consultation responses), from PDFs to the figures of the resourcing gap. It
# uses the Python API only. Every step returns a pandas DataFrame or a plotly figure that you can keep working
# with.
#
# 1. Build a corpus store from the PDFs and a manifest, then look at documents, pages and sentences.
# 2. Tag every sentence for the three frames (localism, enabling, ensuring) and one commitment label (rhetoric,
#    pledge, resourced, other). Read the frame rows and a keyword-in-context table.
# 3. Frame shares over time, with intervals.
# 4. Check the tagger against a hand-coded sample: precision, recall, F1 and Krippendorff's alpha per label, and
#    the sentences it gets wrong.
# 5. The resourcing gap: how much of each frame's talk is backed by money, staff or assets, and the sentences
#    behind each number.
# 6. Topics over time (BERTopic, offline).
# 7. A codebook of your own, tagged on the same sentences and exported to quanteda.
# 8. The HTML report.
#
# **Caveat, once and for all.** The demo corpus is small: about 1,000 sentences in 18 documents, often one or two
# documents a year. The intervals below resample whole documents, so they are wide, and a single document can
# move a year's share a long way. The corpus is here to show the method and its outputs. Its figures are not a
# finding about UK policy, since the documents are invented.
#
# The whole notebook runs in about a minute on a laptop. Nothing is downloaded.

# %%
import os
import time
import warnings
from pathlib import Path

import pandas as pd

import discourse
from discourse import measure, report

# UMAP imports tqdm.auto, which warns when Jupyter widgets are not installed; no progress bars are shown here.
warnings.filterwarnings("ignore", message="IProgress not found")
pd.set_option("display.max_colwidth", 120)
pd.set_option("display.width", 160)

# The demo corpus ships with the project, in corpora/demo beside this notebooks/ folder.
# Set DISCOURSE_DEMO to point elsewhere, and DISCOURSE_NOTEBOOK_OUT to choose the output folder.
DEMO = Path(os.environ.get("DISCOURSE_DEMO", "../corpora/demo")).resolve()
OUT = Path(os.environ.get("DISCOURSE_NOTEBOOK_OUT", "out/notebook")).resolve()
OUT.mkdir(parents=True, exist_ok=True)
assert (DEMO / "manifest.csv").is_file(), f"demo corpus not found at {DEMO}: set DISCOURSE_DEMO"
print("discourse", discourse.__version__)
print("corpus:", DEMO)
print("output:", OUT)
started = time.perf_counter()

# %% [markdown]
# ## 1. Build the store
#
# A store is one DuckDB file. It holds every document, page and sentence, and, later, every label, topic and run,
# each row traceable to its file and page. `extract` reads the PDFs. The manifest supplies each document's title,
# date, type and actor. Where the manifest leaves the date empty, the date is taken from the PDF's metadata or its
# text. Extraction is incremental: run this cell again and unchanged files are skipped.
#
# The folder holds a byte-identical copy of one speech. It is stored once, and both paths are kept in `all_paths`.

# %%
from discourse.extract import extract

store = discourse.open_store(OUT / "discourse.duckdb")
summary = extract([str(DEMO)], store, manifest=str(DEMO / "manifest.csv"))
{k: summary[k] for k in ("files", "documents", "extracted", "skipped", "status", "pages", "sentences")}

# %%
docs = store.documents()
docs[["title", "date", "date_source", "doc_type", "actor", "n_pages", "n_sentences", "status"]].sort_values("date")

# %% [markdown]
# One document has no date in the manifest. The date shown for it, and where that date came from, are in the
# `date_source` column. Pages hold the cleaned text: running headers, footers and page numbers are removed, and
# words hyphenated at a line end are joined. Here is the start of a budget page.

# %%
budget = docs.loc[docs.title.str.startswith("Revenue Budget"), "doc_id"].iloc[0]
pages = store.pages(budget)
print(pages[["page_no", "n_chars", "n_chars_raw", "removed_lines"]].to_string(index=False))
print()
print(pages.text.iloc[0][:600])

# %% [markdown]
# Sentences are the unit of everything that follows. `with_docvars=True` joins the document variables (title,
# date, type, actor and path), so the table is ready to group.

# %%
sentences = store.sentences(with_docvars=True)
print(f"{len(sentences):,} sentences, {sentences.n_words.sum():,} words")
sentences[["doc_id", "sentence_id", "page_no", "doc_type", "date", "text"]].sample(5, random_state=1)

# %% [markdown]
# ## 2. Tag frames and commitments
#
# `tag_store` runs a spaCy pipeline over every sentence: `spacy.blank("en")`, the codebook's patterns
# (`big-society.v5`, shipped with the package) and the commitment classifier. It writes one `frames` row per
# sentence and frame found, and one `commitments` row per sentence. Every row belongs to a *tag run*, which
# records the codebook's version and hash. Tagging again with the same codebook only tags new documents.

# %%
from discourse.tag import current_tag_run, tag_store

tagged = tag_store(store)
tag_run = current_tag_run(store)
print(f"tag run {tag_run}: {tagged['sentences']:,} sentences tagged now; rows {tagged['rows']}")

# %% [markdown]
# A frame row shows the sub-frame and the terms that matched. It also shows whether the frame was *negated*
# ("We will not devolve…"). Negation marks the stance and never removes the frame: a sentence that rejects
# devolution is still about devolution.

# %%
frames = store.table("frames", "tag_run_id = ?", [tag_run])
rows = frames.merge(sentences[["doc_id", "sentence_id", "text"]], on=["doc_id", "sentence_id"])
rows[["frame", "subframe", "terms", "negated", "text"]].head(8)

# %%
frames.groupby(["frame", "subframe"]).size().rename("sentences").reset_index().sort_values(
    ["frame", "sentences"], ascending=[True, False])

# %% [markdown]
# **Keyword in context.** `kwic` works like quanteda's `kwic()`. Patterns are globs over words and may span
# several words. Each hit keeps its document, sentence and page.

# %%
from discourse.tag import kwic

kwic(store, "devolv*", window=6)[["title", "page_no", "pre", "keyword", "post"]].head(10)

# %% [markdown]
# ## 3. Frames over time
#
# The share of sentences that carry each frame, per year. A sentence can carry several frames, so the shares do
# not add up to one. `frame_shares` gives 95% intervals that resample whole documents: sentences in one document
# are not independent. On this corpus a year often holds only one or two documents, which is why the bands are so
# wide.

# %%
from discourse.measure import frame_shares, with_period

dated = with_period(sentences, "year")
shares = frame_shares(dated, frames, by=["period"], n_boot=200, seed=0)
shares[["frame", "period", "n_frame", "n_sentences", "n_documents", "share", "share_lo", "share_hi"]].round(3).head(9)

# %%
report.figure_frames_over_time(shares)

# %% [markdown]
# The same function groups by any document variable, for example the document type:

# %%
by_type = frame_shares(dated, frames, by=["doc_type"], n_boot=200, seed=0)
report.figure_shares_by_group(by_type, "doc_type")

# %% [markdown]
# ## 4. Validate against a hand-coded sample
#
# A tagger's figures mean little until it has been checked against people. `corpora/demo/hand-coded-sample.csv`
# holds 40 demo sentences, drawn with `discourse.measure.sample` stratified by frame (ten from each frame's
# stratum, ten with no frame). The project team coded them by hand with the coding guide, without looking at the
# tagger's output. The `note` column explains the hard calls.
#
# `evaluate` tags the gold sentences again and compares them with the hand codes. For each frame it reports
# precision, recall, F1 and Krippendorff's alpha. For the commitment label, which has four classes, it reports
# macro averages. 40 sentences is a small check: one sentence moves a frame's F1 by several points. For a real
# corpus, code a few hundred (`discourse sample --n 300`).

# %%
gold_path = DEMO / "hand-coded-sample.csv"
ev = measure.evaluate(gold_path)
ev.summary[["n", "support", "predicted", "precision", "recall", "f1", "alpha"]].round(2)

# %% [markdown]
# The commitment confusion matrix, with the hand codes in rows and the tagger in columns:

# %%
ev.details["commitment"]["confusion"]

# %%
ev.details["commitment"]["per_class"].round(2)

# %% [markdown]
# Now the disagreements, with the coder's note. Read them: they show where the codebook needs a pattern, and
# where the guide itself leaves room for two readings. Fix patterns from what you learn here, but measure on
# sentences the codebook has never seen.

# %%
labels = ["localism", "enabling", "ensuring", "commitment"]
err = ev.errors()
cols = [c for lab in labels for c in (lab, f"pred_{lab}")]
print(f"{len(err)} of {len(ev.predictions)} sentences disagree on at least one label")
err[["text", *cols, "note"]]

# %% [markdown]
# The store keeps the validation figures, so the report's methods box can show them next to the results:

# %%
ev.save(store, gold_path.name)

# %% [markdown]
# ## 5. The resourcing gap
#
# The coding guide separates four kinds of sentence. **Rhetoric** is values and aspirations. A **pledge** is a
# specific action that can be checked later. A sentence is **resourced** when the author puts money, staff or
# assets into the action. Anything else is **other**. The *resourcing index* of a cell is
# resourced / (rhetoric + pledge + resourced), with document-bootstrap intervals. A low index means a frame is
# talked about far more than it is funded.

# %%
index = measure.measure(store, by="frame,year", n_boot=200, seed=0)
index[["frame", "year", "n_documents", "rhetoric", "pledge", "resourced", "resourcing_index", "resourcing_lo",
       "resourcing_hi"]].round(2)

# %%
report.figure_commitment_mix(index, period="year")

# %%
report.figure_resourcing_index(index, period="year")

# %% [markdown]
# **Money committed.** This is the sum of the amounts that go *into* the author's own action in resourced
# sentences. It leaves out savings, cuts, tax changes, background totals and other bodies' money, as the coding
# guide asks. Currencies are never added together. `measure.money` reads the newest tag run from the
# store (`money_committed` does the same on tables you pass it).

# %%
money = measure.money(store, by="frame")
money.assign(amount_m=(money.amount / 1e6).round(2))

# %%
report.figure_money_by_frame(money)

# %% [markdown]
# A total can rest on one or two large sentences. Before you quote one, sort the sentences behind it by amount and
# read the top rows. For each, ask whether this is really money the author puts into the action. A ring-fence
# removed, a grant another body pays or a total over thirty years can each dwarf everything else in a frame.

# %%
from discourse.measure.resourcing import money_spans

biggest = money.sort_values("amount").frame.iloc[-1]
cell = measure.evidence(store, {"frame": biggest, "label": "resourced"})
cell["gbp_m"] = cell.evidence_json.map(
    lambda e: sum(m["value"] for m in money_spans(e) if m["currency"] == "GBP") / 1e6)
print(f"{biggest}: £{cell.gbp_m.sum():,.1f}m in {len(cell)} sentences")
cell.sort_values("gbp_m", ascending=False)[["title", "page_no", "gbp_m", "text"]].head(5)

# %% [markdown]
# **Evidence.** Every number above can be traced to its sentences. Here are the resourced localism sentences,
# with their document, page and the evidence spans that decided the label: the money, who commits and what the
# money is for.

# %%
behind = measure.evidence(store, {"frame": "localism", "label": "resourced"})
behind[["title", "page_no", "text", "evidence"]]

# %% [markdown]
# ## 6. Topics over time
#
# `fit_topics` fits BERTopic on the store's sentences, fully offline. The embedding is the project's own
# PPMI + SIF vectors, and UMAP and HDBSCAN follow. It writes the topic tables to the store. The seed fixes the
# result, and `n_boot` sets the bootstrap replicates of the share intervals: 100 is enough for a look, while the
# report uses 1,000. The default smallest topic size scales with the corpus. On a thousand sentences it gives
# dozens of tiny topics, so here we ask for topics of at least 30 sentences. Sentences that fit no topic are
# outliers (topic -1); most are then reassigned to their nearest topic. Short headings have few distinctive words,
# so their topics are the hardest to label.

# %%
from discourse.model.topics_store import fit_topics, read_topic_table

fit = fit_topics(store, seed=0, n_boot=100, min_topic_size=30, save_model=False)
print(f"{fit['n_topics']} topics from {fit['n_units']:,} sentences; outliers {fit['outliers_before']:.0%} before "
      f"and {fit['outliers_after']:.0%} after reassignment")
topics = read_topic_table(store, "topics")
topics[["topic_id", "label", "size", "top_terms"]].head(10)

# %%
tot = read_topic_table(store, "topics_over_time")
topic_labels = {t: f"{t}: {lab}" for t, lab in zip(topics.topic_id, topics.label)}
report.figure_topics_over_time(tot, topic_labels, top=5)

# %% [markdown]
# `topic_frames` joins topics to the tagged frames and commitments. It gives, for each topic, the share of its
# sentences that carry each frame, and its resourcing index.

# %%
topic_frames = read_topic_table(store, "topic_frames")
by_topic = topic_frames.pivot(index="topic_id", columns="frame", values="share")[["localism", "enabling", "ensuring"]]
by_topic["resourcing_index"] = topic_frames[topic_frames.frame == "any"].set_index("topic_id")["resourcing_index"]
by_topic["label"] = topics.set_index("topic_id")["label"]
by_topic.round(2)

# %% [markdown]
# ## 7. A codebook of your own
#
# A codebook is a YAML file: frames, then sub-frames, then patterns. A pattern is a glob, a phrase or a lemma,
# with an optional weight and context rules. A frame is present in a sentence when the weights of its matched
# patterns reach its threshold, which is 1.0 by default. Below is a small *housing* codebook, written for this
# notebook. A weak cue (weight 0.5) needs a second cue before it counts. `parse_codebook` checks the text and names
# the line of any mistake. `load_codebook` reads it from a file, the way the command line does.

# %%
from discourse.codebooks import load_codebook, parse_codebook, to_quanteda
from discourse.tag import tag_table

HOUSING = """
codebook: housing
version: 1
title: "Housing: supply and affordability"
frames:
  housing:
    description: Building and providing homes, and what they cost to rent or buy.
    subframes:
      supply:
        patterns:
          - glob: ["new homes", "housing supply", "housebuilding", "house building", "housing fund*",
                   "housing programme*", "housing development*", "build* homes", "deliver* homes"]
      affordability:
        patterns:
          - glob: ["affordable hous*", "affordable home*", "social hous*", "council hous*", "social rent*",
                   "homeless*"]
      weak:
        patterns:
          - glob: ["housing", "homes", "tenants", "rent"]
            weight: 0.5
"""
housing = parse_codebook(HOUSING)
(OUT / "housing.v1.yml").write_text(HOUSING, encoding="utf-8")
assert load_codebook(OUT / "housing.v1.yml").frame_names == housing.frame_names
print(housing.name, housing.version, list(housing.frame_names))

# %% [markdown]
# `tag_table` tags any table of sentences with a codebook, with no store involved. The output columns get a prefix
# so that they cannot overwrite the table's own columns.

# %%
with_housing = tag_table(sentences[["doc_id", "sentence_id", "page_no", "title", "text"]], codebook=housing,
                         prefix="h_")
hits = with_housing[with_housing.h_housing == 1]
print(f"{len(hits)} of {len(with_housing)} sentences are about housing")
hits[["title", "page_no", "text", "h_frame_terms"]].head(10)

# %% [markdown]
# Export the codebook to a quanteda dictionary, for colleagues working in R
# (`quanteda::dictionary(file = "housing.yml")`). What quanteda cannot express, such as the weights, is dropped,
# and every drop is listed.

# %%
quanteda_yaml, dropped = to_quanteda(housing)
(OUT / "housing-quanteda.yml").write_text(quanteda_yaml, encoding="utf-8")
print(quanteda_yaml)
print("dropped:", dropped)

# %% [markdown]
# ## 8. The report
#
# `build_report` writes a self-contained HTML page that works offline. It covers the corpus overview, frames
# over time, the resourcing gap, topics, keyness, evidence tables, and a methods box that includes the validation
# above. Next to the page, it writes a CSV and a Parquet file of the table behind every figure. Open
# `report.html` in a browser.

# %%
path = report.build_report(store, OUT, n_boot=200, seed=0)
store.close()
print(path)
print(f"notebook ran in {time.perf_counter() - started:.0f} s")
