"""Real-sentence check: the taggers on blind-coded sentences from the dev gold's own kinds of source.

``corpora/real-check/labels.csv`` holds our codes for 818 real sentences drawn
from the pool the dev gold was drawn from (Kent County Council papers, the UK
inquiry reports and responses, the 2005 and 2015 Con/Lab/LD manifestos, the
2009 and 2011 Irish budget statements, Speeches from the Throne 2005-2009), none
sharing an 8-word run with a dev gold sentence. The file keeps no text: each row
names its source and page and the SHA-1 of its whitespace-normalised text, and
this script finds the sentences again in ``../shared/corpora`` (the PDFs through
``discourse extract`` and the sentence splitter, the text corpora through the
splitter). See ``corpora/real-check/README.md`` for how they were coded and
which set is for measuring only.

Usage::

    python bench/realcheck.py                    # evaluate every set (extracts the PDFs: ~20 s)
    python bench/realcheck.py --sets measure     # one set
    python bench/realcheck.py --store S.duckdb   # reuse a store holding the Kent and inquiry PDFs
    python bench/realcheck.py --write DIR        # also write each set with its text to DIR (not in the repo)
    python bench/realcheck.py sample --store S.duckdb --seed 18 --n 400 --out new.csv  # draw a new sample
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import random
import re
import sys
import tempfile
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("DISCOURSE_SHARED_CORPORA", ROOT.parent / "shared" / "corpora"))
LABELS = ROOT / "corpora" / "real-check" / "labels.csv"
LABEL_COLUMNS = ["localism", "enabling", "ensuring", "commitment"]
PDF_FOLDERS = ("kent-county-council", "uk-inquiries")


def text_key(text: str) -> str:
    """The SHA-1 (first 16 hex digits) of a sentence's whitespace-normalised text."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:16]


def candidate_sentences(store_path: Path) -> list[tuple[str, str, str, str]]:
    """(source, page, text, group) for every sentence of the source pool; group is "pdf" or "bt"."""
    import duckdb

    from discourse.segment import sentence_spans

    out = []
    con = duckdb.connect(str(store_path), read_only=True)
    rows = con.execute("SELECT d.path, s.page_no, s.text FROM sentences s JOIN documents d USING (doc_id)").fetchall()
    con.close()
    for path, page, text in rows:
        if "/pdf/" in path:
            out.append(("pdf/" + path.split("/pdf/", 1)[1], str(page), text, "pdf"))
    text_dir = SHARED / "text"
    m = pd.read_csv(text_dir / "uk-manifesto-sentences-1945-2019.csv")
    m = m[m.year.isin([2005, 2015]) & m.party.isin(["Con", "Lab", "LD"])]
    out += [(f"manifesto {r.party} {r.year}", "", str(r.text), "pdf") for r in m.itertuples()]
    ib = pd.read_csv(text_dir / "irish-budget-debates-2008-2012-except-2010.csv")
    ib = ib[(ib.namelast == "Lenihan") & ib.year.isin([2009, 2011])]
    for r in ib.itertuples():
        out += [(f"Irish budget statement {r.year} (Lenihan)", "", r.text[a:b], "bt") for a, b in sentence_spans(r.text)]
    th = pd.read_csv(text_dir / "uk-speeches-from-the-throne-1911-2009.csv")
    th = th[th.Date.astype(str).str[:4].astype(int).between(2005, 2009)]
    for r in th.itertuples():
        out += [(f"Speech from the Throne {r.Date}", "", r.Text[a:b], "bt") for a, b in sentence_spans(r.Text)]
    return out


def _ensure_store(store: str | None, tmp: str) -> Path:
    if store:
        return Path(store)
    from discourse.extract import extract
    from discourse.store import open_store

    path = Path(tmp) / "realcheck.duckdb"
    folders = [str(SHARED / "pdf" / f) for f in PDF_FOLDERS]
    with open_store(path) as s:
        extract(folders, s, progress=False)
    return path


def rebuild(store_path: Path) -> tuple[pd.DataFrame, list[str]]:
    """The labelled rows with their text, and the ids whose sentence was not found."""
    labels = pd.read_csv(LABELS, dtype=str, keep_default_na=False)
    found: dict[tuple[str, str], str] = {}
    for source, _page, text, _ in candidate_sentences(store_path):
        found.setdefault((source, text_key(text)), text)
    texts, missing = [], []
    for r in labels.itertuples():
        t = found.get((r.source, r.text_sha1))
        texts.append(t)
        if t is None:
            missing.append(r.id)
    labels["text"] = texts
    return labels[labels.text.notna()].reset_index(drop=True), missing


def _words(t: str) -> list[str]:
    return re.findall(r"[a-z0-9£€]+", t.lower())


def _grams(t: str, n: int = 8) -> set[tuple[str, ...]]:
    w = _words(t)
    return {tuple(w[i:i + n]) for i in range(max(0, len(w) - n + 1))}


_VOCAB = re.compile(r"devol|decentral|local|communit|volunt|council|£|€|\bwe will\b|\bwill\b.*\b(fund|invest)|"
                    r"charit|social enterprise|neighbourhood|accountab|scrutin|standard|duty|fair|"
                    r"mutual|co-?operative|empower|partner|commission", re.I)


def sample(store_path: Path, seed: int, n: int, exclude: list[str]) -> list[tuple[str, str, str]]:
    """A new sample like the dev gold's: 73% PDFs and manifestos, 27% budget statements and Throne speeches,
    each 70% from sentences with policy vocabulary and 30% at random; 6-90 words; no 8-word run shared with
    the dev gold or any file in ``exclude``."""
    rng = random.Random(seed)
    taken: set[tuple[str, ...]] = set()
    for path in [SHARED / "gold" / "discourse-dev.csv", *exclude]:
        for t in pd.read_csv(path).text.astype(str):
            taken |= _grams(t)
    seen, pool = set(), []
    for source, page, text, group in candidate_sentences(store_path):
        k = " ".join(_words(text))
        if 6 <= len(k.split()) <= 90 and k not in seen and not (_grams(text) & taken):
            seen.add(k)
            pool.append((source, page, text, group))
    out = []
    for group, share in (("pdf", 0.73), ("bt", 0.27)):
        g = [p for p in pool if p[3] == group]
        k = round(n * share)
        rnd = rng.sample(g, round(k * 0.3))
        chosen = {id(p) for p in rnd}
        voc = [p for p in g if _VOCAB.search(p[2]) and id(p) not in chosen]
        out += rnd + rng.sample(voc, k - len(rnd))
    rng.shuffle(out)
    return [(s, p, t) for s, p, t, _ in out]


def _evaluate(rows: pd.DataFrame, sets: list[str], write: str | None) -> None:
    from discourse.measure.evaluate import evaluate

    print(f"{'set':8s} {'n':>4s}  localism  enabling  ensuring  commitment macro-F1 (resourced pledge rhetoric other)")
    for name in sets:
        part = rows[rows.set == name]
        if part.empty:
            continue
        if write:
            Path(write).mkdir(parents=True, exist_ok=True)
            part.to_csv(Path(write) / f"real-{name}.csv", index=False)
        ev = evaluate(part[["id", "source", "page", "text", *LABEL_COLUMNS]].copy())
        s = ev.summary
        per = ev.details["commitment"]["per_class"]["f1"] if "per_class" in ev.details["commitment"] else None
        classes = " ".join(f"{per.get(c, float('nan')):.2f}" for c in ("resourced", "pledge", "rhetoric", "other")) \
            if per is not None else ""
        print(f"{name:8s} {len(part):4d}  {s.loc['localism', 'f1']:8.3f}  {s.loc['enabling', 'f1']:8.3f}  "
              f"{s.loc['ensuring', 'f1']:8.3f}  {s.loc['commitment', 'macro_f1']:8.3f}           ({classes})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", nargs="?", default="evaluate", choices=["evaluate", "sample"])
    ap.add_argument("--store", help="a store holding the extracted Kent and uk-inquiries PDFs (else made in /tmp)")
    ap.add_argument("--sets", default="read,read2,measure", help="comma-separated sets to evaluate")
    ap.add_argument("--write", help="write each rebuilt set, with its text, to this folder")
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--n", type=int, default=400)
    ap.add_argument("--exclude", action="append", default=[], help="CSV with a text column (sample: avoid these)")
    ap.add_argument("--out", help="sample: the CSV to write (id, source, page, text)")
    args = ap.parse_args()
    if not (SHARED / "pdf").is_dir():
        sys.exit(f"shared corpora not found at {SHARED}: set DISCOURSE_SHARED_CORPORA")
    with tempfile.TemporaryDirectory() as tmp:
        store = _ensure_store(args.store, tmp)
        if args.command == "sample":
            if not args.out:
                sys.exit("sample needs --out")
            rows = sample(store, args.seed, args.n, args.exclude)
            with open(args.out, "w", newline="", encoding="utf-8") as f:
                w = csv.writer(f)
                w.writerow(["id", "source", "page", "text"])
                w.writerows([f"x{i:03d}", *row] for i, row in enumerate(rows))
            print(f"wrote {len(rows)} sentences to {args.out}")
            return
        rows, missing = rebuild(store)
        print(f"{len(rows)} of {len(rows) + len(missing)} labelled sentences found in {SHARED}"
              + (f"; not found (extractor or splitter changed?): {', '.join(missing[:10])}" if missing else ""))
        _evaluate(rows, args.sets.split(","), args.write)


if __name__ == "__main__":
    main()
