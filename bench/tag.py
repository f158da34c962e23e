"""Throughput of frame tagging, beside spaCy's blank tokenizer in the same run.

Corpus: ../shared/corpora/text/uk-manifesto-sentences-1945-2019.csv (~89k
sentences). Words = tokenizer tokens that are not punctuation or space.
Each pipeline is warmed up on the first sentences, then timed over the whole
corpus (best of --repeat passes) on one core (one process, nlp.pipe without
n_process). Targets: frames tagging ≥ 100k words/s (issue 3), and frames +
commitment together ≥ 100k words/s (issue 4).

Usage: python bench/tag.py [--limit N] [--repeat R] [--csv PATH]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

import pandas as pd
import spacy

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CSV = Path(os.environ.get("DISCOURSE_SHARED_CORPORA", ROOT.parent / "shared" / "corpora")) / "text" / \
    "uk-manifesto-sentences-1945-2019.csv"


def _pipelines():
    """(label, builder) pairs, in the order they are timed."""
    from discourse.tag import make_tagger

    def blank():
        return spacy.blank("en")

    def lemmatizer():
        nlp = spacy.blank("en")
        nlp.add_pipe("discourse_lemmatizer")
        return nlp

    def stock_lookup_lemmatizer():
        nlp = spacy.blank("en")
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
        return nlp

    return [
        ("spaCy blank tokenizer alone", blank),
        ("+ discourse_lemmatizer", lemmatizer),
        ("(ref) + spaCy lookup lemmatizer", stock_lookup_lemmatizer),
        ("+ discourse_frames alone", lambda: make_tagger(lemmatize=False, commitment=False)),
        ("+ frames + commitment (tag --store)", lambda: make_tagger(lemmatize=False)),
        ("+ lemmatizer + frames + commitment", lambda: make_tagger()),
    ]


def _time(nlp, texts: list[str], repeat: int) -> tuple[float, float]:
    """Best wall-clock and best CPU seconds (this process) over ``repeat`` passes."""
    for _ in nlp.pipe(texts[:2000]):  # warm-up: memos, caches, lexemes
        pass
    wall = cpu = float("inf")
    for _ in range(repeat):
        w0, c0 = time.perf_counter(), time.process_time()
        for _ in nlp.pipe(texts, batch_size=1000):
            pass
        wall = min(wall, time.perf_counter() - w0)
        cpu = min(cpu, time.process_time() - c0)
    return wall, cpu


def _bench_store(texts: list[str], words: int) -> None:
    """tag_store end to end: one document per CSV row (as add_text makes them), DuckDB writes included."""
    import hashlib
    import tempfile

    from discourse.store import open_store
    from discourse.tag import tag_store

    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "bench.duckdb") as store:
        ids = [hashlib.sha256(f"{i}:{t}".encode()).hexdigest() for i, t in enumerate(texts)]
        store.insert("documents", pd.DataFrame({"doc_id": [h[:16] for h in ids], "sha256": ids, "status": "ok",
                                                "source": "text", "n_pages": 1}))
        store.insert("sentences", pd.DataFrame({"doc_id": [h[:16] for h in ids], "sentence_id": 0, "page_no": 1,
                                                "text": texts}))
        w0, c0 = time.perf_counter(), time.process_time()
        summary = tag_store(store)
        wall, cpu = time.perf_counter() - w0, time.process_time() - c0
        print(f"{'tag_store() end to end (incl. DuckDB writes)':<44}{wall:>8.2f}{words / wall:>14,.0f}{cpu:>8.2f}"
              f"{words / cpu:>13,.0f}   ({summary['rows']['frames']:,} frame rows)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    ap.add_argument("--limit", type=int, default=None, help="Use the first N sentences only.")
    ap.add_argument("--repeat", type=int, default=2, help="Timed passes per pipeline (best is reported).")
    args = ap.parse_args(argv)
    if not args.csv.is_file():
        print(f"skip: {args.csv} not found (set DISCOURSE_SHARED_CORPORA)", file=sys.stderr)
        return 0
    texts = pd.read_csv(args.csv)["text"].fillna("").astype(str).tolist()
    if args.limit:
        texts = texts[: args.limit]
    counter = spacy.blank("en")
    words = sum(sum(1 for t in d if not (t.is_punct or t.is_space)) for d in counter.tokenizer.pipe(texts))
    print(f"corpus: {args.csv.name}: {len(texts):,} sentences, {words:,} words; "
          f"python {platform.python_version()}, spaCy {spacy.__version__}, {platform.machine()}, "
          f"{os.cpu_count()} CPUs (one used; shared machines give noisy figures)")
    base = None
    print(f"{'pipeline':<44}{'wall s':>8}{'words/s wall':>14}{'CPU s':>8}{'words/s CPU':>13}{'vs tokenizer':>14}")
    for label, build in _pipelines():
        nlp = build()
        wall, cpu = _time(nlp, texts, args.repeat)
        base = base or words / cpu
        print(f"{label:<44}{wall:>8.2f}{words / wall:>14,.0f}{cpu:>8.2f}{words / cpu:>13,.0f}"
              f"{words / cpu / base:>13.2f}x")
    _bench_store(texts, words)
    print("CPU = this process's CPU time (robust on a shared machine); 'vs tokenizer' is the CPU-time ratio.")
    print("targets: frames >= 100,000 words/s on one core (issue 3); frames + commitment >= 100,000 (issue 4)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
