"""Benchmark the topics stage on the shared corpora: speed, memory, reproducibility, quality.

Sections (default: all, skipped with a message when ../shared/corpora is absent):

  stage     load the UK manifesto sentences into a store, then topics over time by year and
            by party (actor): wall time, peak RSS, outliers before/after, undated documents
  repro     the same stage twice more, each in a fresh process: identical assignments?
  quality   NPMI (top 10, on the corpus) and diversity (top 25) for discourse's default, the
            tfidf-svd embedding, BERTopic's defaults (offline embedding), scikit-learn NMF and LDA
            with the same number of topics, fitted on the same units, in one table
  throne    Speeches from the Throne 1911-2009: topics over time by decade, plot-ready table

Usage:
  python bench/topics.py [stage|repro|quality|throne ...] [--store-dir DIR] [--docs manifesto|row]

The loader here stands in for ``discourse add-text`` until it lands. ``--docs manifesto``
(default) makes one document per party manifesto (party x year) so that bootstrap intervals
resample manifestos; ``--docs row`` makes one document per CSV row, as add-text does.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from discourse.store import open_store  # noqa: E402

SECTIONS = ("stage", "repro", "quality", "throne")


def corpora_root() -> Path:
    env = os.environ.get("DISCOURSE_SHARED_CORPORA")
    return Path(env) if env else ROOT.parent / "shared" / "corpora"


def peak_rss_gb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2


# -- loaders (stand-ins for discourse.extract.text.add_text) ------------------
def _doc_id(text: str) -> tuple[str, str]:
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    return sha[:16], sha


def _insert_docs(store, docs: list[dict], sentences: list[list[str]], source_path: str) -> None:
    doc_rows, page_rows, sent_rows = [], [], []
    for doc, sents in zip(docs, sentences):
        page = "\n".join(sents)
        doc_id, sha = _doc_id(doc["key"] + "\n" + page)
        doc_rows.append({"doc_id": doc_id, "sha256": sha, "path": source_path, "title": doc["title"],
                         "date": doc["date"], "date_source": "column" if doc["date"] is not None else None,
                         "doc_type": doc["doc_type"], "actor": doc["actor"], "n_pages": 1, "status": "ok",
                         "source": "text", "n_sentences": len(sents)})
        page_rows.append({"doc_id": doc_id, "page_no": 1, "text": page, "n_chars": len(page), "method": "text"})
        start = 0
        for i, s in enumerate(sents):
            sent_rows.append({"doc_id": doc_id, "sentence_id": i, "page_no": 1, "start_char": start,
                              "end_page_no": 1, "end_char": start + len(s), "text": s, "n_words": len(s.split())})
            start += len(s) + 1
    with store.transaction():
        store.insert("documents", pd.DataFrame(doc_rows))
        store.insert("pages", pd.DataFrame(page_rows))
        store.insert("sentences", pd.DataFrame(sent_rows))


def load_manifestos(store, csv: Path, docs: str = "manifesto") -> int:
    df = pd.read_csv(csv)
    df["text"] = df["text"].fillna("").astype(str)
    df = df[df["text"].str.strip() != ""]
    if docs == "row":
        groups = [(r.sentence_id, pd.DataFrame([r._asdict()])) for r in df.itertuples(index=False)]
    else:
        groups = list(df.groupby(["party", "year"], sort=True))
    meta, sents = [], []
    for key, part in groups:
        first = part.iloc[0]
        meta.append({"key": str(key), "title": f"{first['partyname']} {first['year']}",
                     "date": pd.Timestamp(int(first["year"]), 1, 1).date(), "doc_type": "manifesto",
                     "actor": first["party"]})
        sents.append(part["text"].tolist())
    _insert_docs(store, meta, sents, str(csv))
    return len(meta)


_SENT_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'(])")


def load_throne(store, csv: Path) -> int:
    df = pd.read_csv(csv)
    meta, sents = [], []
    for r in df.itertuples(index=False):
        text = " ".join(str(r.Text).split())
        meta.append({"key": f"{r.Speech_Year}-{r.Date}", "title": f"Speech from the Throne {r.Date}",
                     "date": pd.Timestamp(r.Date).date(), "doc_type": "speech from the throne", "actor": r.PM})
        sents.append([s for s in _SENT_END.split(text) if s.strip()])
    _insert_docs(store, meta, sents, str(csv))
    return len(meta)


def _ensure_store(path: Path, loader, csv: Path, **kw) -> tuple[Path, float]:
    t = time.perf_counter()
    if not path.exists():
        with open_store(path) as store:
            n = loader(store, csv, **kw)
        print(f"loaded {n:,} documents from {csv.name} into {path} in {time.perf_counter() - t:.1f} s")
    return path, time.perf_counter() - t


# -- sections -------------------------------------------------------------------
def run_stage(store_path: Path, **kw) -> dict:
    from discourse.model.topics_store import fit_topics

    with open_store(store_path) as store:
        t = time.perf_counter()
        summary = fit_topics(store, bin="year", by=["actor"], **kw)
        wall = time.perf_counter() - t
    summary["wall_seconds"] = round(wall, 1)
    summary["peak_rss_gb"] = round(peak_rss_gb(), 2)
    return summary


def section_stage(args, manifesto: Path) -> None:
    store, _ = _ensure_store(args.store_dir / f"manifesto-{args.docs}.duckdb", load_manifestos, manifesto,
                             docs=args.docs)
    s = run_stage(store)
    print(f"\n== stage: topics over time by year and by party on {s['n_units']:,} sentences "
          f"({s['n_docs']:,} documents, --docs {args.docs})")
    print(f"wall {s['wall_seconds']} s (target <= 300), peak RSS {s['peak_rss_gb']} GB (target <= 4)")
    print(f"fitted on {s['n_fit']:,} units (sampled: {s['sampled']}), {s['n_topics']} topics, "
          f"min_topic_size {s['min_topic_size']}")
    print(f"outliers: {s['outliers_before']:.1%} before reduction, {s['outliers_after']:.1%} after (target <= 20%)")
    print(f"undated documents: {s['n_undated_docs']} ({s['n_undated_units']} units)")
    print(f"coherence {s['coherence']:.4f}, diversity {s['diversity']:.3f}; timings {s['seconds']}")


def _assignments(store_path: Path, topic_run_id: str) -> pd.DataFrame:
    with open_store(store_path, read_only=True) as store:
        return store.query("SELECT doc_id, sentence_id, topic_id, topic_raw FROM topic_assignments "
                           "WHERE topic_run_id = ? ORDER BY doc_id, sentence_id", [topic_run_id])


def section_repro(args, manifesto: Path) -> None:
    store, _ = _ensure_store(args.store_dir / f"manifesto-{args.docs}.duckdb", load_manifestos, manifesto,
                             docs=args.docs)
    ids = []
    for _ in range(2):
        out = subprocess.run([sys.executable, __file__, "_fit", str(store)], capture_output=True, text=True,
                             check=True)
        ids.append(json.loads(out.stdout.strip().splitlines()[-1])["topic_run_id"])
    a, b = (_assignments(store, i) for i in ids)
    same = a[["topic_id", "topic_raw"]].equals(b[["topic_id", "topic_raw"]]) and a["doc_id"].equals(b["doc_id"])
    print(f"\n== repro: two fits in fresh processes ({ids[0]}, {ids[1]}): "
          f"{'IDENTICAL' if same else 'DIFFERENT'} assignments for {len(a):,} sentences")
    if not same:
        print(f"   {int((a['topic_id'] != b['topic_id']).sum())} sentences differ")


def _fitted_units(store, topic_run_id: str) -> tuple[list[str], np.ndarray]:
    """All sentence texts (the NPMI reference) and which were in the fitting sample."""
    from discourse.model.units import load_units

    texts = load_units(store, "sentence").table["text"].tolist()
    fit = store.query("SELECT in_fit FROM topic_assignments WHERE topic_run_id = ? ORDER BY doc_id, sentence_id",
                      [topic_run_id])["in_fit"].to_numpy()
    return texts, fit


def _score(name: str, terms: list[list[str]], texts: list[str], seconds: float, vec=None, **extra) -> dict:
    from discourse.model.quality import npmi_coherence, topic_diversity

    npmi, _ = npmi_coherence(terms, texts, top_n=10, vectorizer=vec)
    return {"model": name, "topics": len(terms), "npmi_top10": npmi, "diversity_top25": topic_diversity(terms),
            "outliers_before": extra.get("before", np.nan), "outliers_after": extra.get("after", np.nan),
            "seconds": seconds}


def _discourse_row(store, name: str, **kw) -> tuple[dict, dict]:
    from discourse.model.topics_store import fit_topics, read_topic_table

    t = time.perf_counter()
    s = fit_topics(store, bin="year", by=[], n_boot=0, save_model=False, **kw)
    seconds = time.perf_counter() - t
    topics = read_topic_table(store, "topics", s["topic_run_id"])
    terms = [list(x) for x in topics.loc[topics["topic_id"] >= 0, "top_terms"]]
    return s, {"terms": terms, "seconds": seconds, "before": s["outliers_before"], "after": s["outliers_after"]}


def _bertopic_defaults(fit_texts: list[str], seed: int) -> tuple[list[list[str]], float]:
    from bertopic import BERTopic

    from discourse.model.embeddings import ppmi_sif_pipeline

    t = time.perf_counter()
    model = BERTopic(embedding_model=ppmi_sif_pipeline(seed=seed), top_n_words=25)
    model.fit(fit_texts)
    terms = [[w for w, _ in ws if w] for k, ws in sorted(model.get_topics().items()) if k >= 0]
    return terms, time.perf_counter() - t


def _sklearn_rows(fit_texts: list[str], k: int, seed: int) -> list[tuple[str, list[list[str]], float]]:
    from sklearn.decomposition import NMF, LatentDirichletAllocation
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    rows = []
    t = time.perf_counter()
    tfidf = TfidfVectorizer(stop_words="english", ngram_range=(1, 2), min_df=3)
    X = tfidf.fit_transform(fit_texts)
    nmf = NMF(n_components=k, init="nndsvd", random_state=seed, max_iter=200).fit(X)
    vocab = tfidf.get_feature_names_out()
    rows.append(("scikit-learn NMF (tf-idf, 1-2 grams)", [[vocab[i] for i in np.argsort(-c)[:25]]
                                                          for c in nmf.components_], time.perf_counter() - t))
    t = time.perf_counter()
    counts = CountVectorizer(stop_words="english", ngram_range=(1, 2), min_df=3)
    X = counts.fit_transform(fit_texts)
    lda = LatentDirichletAllocation(n_components=k, learning_method="online", batch_size=2048, max_iter=10,
                                    random_state=seed).fit(X)
    vocab = counts.get_feature_names_out()
    rows.append(("scikit-learn LDA (counts, 1-2 grams)", [[vocab[i] for i in np.argsort(-c)[:25]]
                                                          for c in lda.components_], time.perf_counter() - t))
    return rows


def quality_table(store, seed: int = 0) -> pd.DataFrame:
    """Fit every model on the same units (the default fitting sample), score all on every sentence."""
    import warnings

    from discourse.model.quality import reference_vectorizer

    summary, ours = _discourse_row(store, "default", seed=seed)
    texts, in_fit = _fitted_units(store, summary["topic_run_id"])
    fit_texts = [t for t, f in zip(texts, in_fit) if f]
    rows = [_score("discourse default (ppmi-sif embedding)", ours["terms"], texts, ours["seconds"],
                   before=ours["before"], after=ours["after"])]
    _, alt = _discourse_row(store, "tfidf-svd", seed=seed, embedding="tfidf-svd")
    rows.append(_score("discourse, tfidf-svd embedding", alt["terms"], texts, alt["seconds"],
                       before=alt["before"], after=alt["after"]))
    terms, seconds = _bertopic_defaults(fit_texts, seed)
    rows.append(_score("BERTopic defaults + ppmi-sif embedding (unigrams, no stop list)", terms, texts, seconds,
                       vec=reference_vectorizer(ngram_range=(1, 1), stop_words=None)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name, terms, seconds in _sklearn_rows(fit_texts, summary["n_topics"], seed):
            rows.append(_score(name, terms, texts, seconds))
    print(f"all fitted on the same {len(fit_texts):,} of {len(texts):,} sentences (the default stratified "
          f"sample), scored on all; NMF and LDA with discourse's {summary['n_topics']} topics")
    return pd.DataFrame(rows)


def section_quality(args, manifesto: Path) -> None:
    store, _ = _ensure_store(args.store_dir / f"manifesto-{args.docs}.duckdb", load_manifestos, manifesto,
                             docs=args.docs)
    print("\n== quality on the UK manifesto sentences (NPMI over top 10 terms with sentences as windows, "
          "diversity over top 25)")
    with open_store(store) as st:
        table = quality_table(st)
    with pd.option_context("display.width", 200, "display.max_colwidth", 70):
        print(table.to_string(index=False, float_format=lambda v: f"{v:.4f}"))


def section_throne(args, throne: Path) -> None:
    from discourse.model.topics_store import fit_topics, read_topic_table

    store, _ = _ensure_store(args.store_dir / "throne.duckdb", load_throne, throne)
    with open_store(store) as st:
        t = time.perf_counter()
        s = fit_topics(st, bin="decade", by=["actor"])
        over = read_topic_table(st, "topics_over_time", s["topic_run_id"])
    print(f"\n== throne: {s['n_units']:,} sentences of {s['n_docs']} speeches, {s['n_topics']} topics, "
          f"outliers {s['outliers_before']:.1%} -> {s['outliers_after']:.1%}, {time.perf_counter() - t:.0f} s")
    print(f"topics_over_time by decade: {len(over)} rows, {over['bin'].nunique()} decades, "
          f"intervals present on {over['share_lo'].notna().mean():.0%} of rows")
    top = over.groupby("topic_id")["count"].sum().nlargest(3).index
    cols = ["topic_id", "bin", "bin_start", "count", "n_units", "n_docs", "share", "share_lo", "share_hi", "terms"]
    print(over[over["topic_id"].isin(top)][cols].head(15).to_string(index=False))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("sections", nargs="*", default=list(SECTIONS))
    ap.add_argument("--store-dir", type=Path, default=Path("/tmp/discourse-bench-topics"))
    ap.add_argument("--docs", choices=["manifesto", "row"], default="manifesto")
    args = ap.parse_args(argv)
    if args.sections[:1] == ["_fit"]:  # child process of the repro section
        print(json.dumps(run_stage(Path(args.sections[1])), default=str))
        return 0
    text = corpora_root() / "text"
    manifesto = text / "uk-manifesto-sentences-1945-2019.csv"
    throne = text / "uk-speeches-from-the-throne-1911-2009.csv"
    if not manifesto.exists() or not throne.exists():
        print(f"skipped: shared corpora not found under {text} (set DISCOURSE_SHARED_CORPORA)")
        return 0
    args.store_dir.mkdir(parents=True, exist_ok=True)
    for name in args.sections:
        if name not in SECTIONS:
            ap.error(f"unknown section {name!r}; choose from {', '.join(SECTIONS)}")
        {"stage": section_stage, "repro": section_repro, "quality": section_quality,
         "throne": section_throne}[name](args, throne if name == "throne" else manifesto)
    print(f"\npeak RSS of this process: {peak_rss_gb():.2f} GB (machine shared with other jobs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
