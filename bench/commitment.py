"""Figures for the commitment tagger (issue 4): accuracy on the gold sets, money P/R, throughput.

Run from the project root (the shared corpora are found through DISCOURSE_SHARED_CORPORA or
../shared/corpora)::

    python bench/commitment.py                 # everything but the learned models
    python bench/commitment.py dev pledges     # some sections
    python bench/commitment.py models          # learned-model figures (cross-validated; slower)
    python bench/commitment.py speed --n 20000 --repeats 3

Sections
--------
dev        discourse-dev.csv, column ``commitment``: per-class P/R/F1, macro-F1, confusion matrix (rules).
pledges    pledges_trn.csv, English rows: binary pledge (pledge or resourced) P/R/F1 (rules, no training).
money      MONEY precision/recall on tests/data/money_cases.txt, and the share of "£<digits>" in the
           Kent budget papers (pdftotext) covered by a MONEY span.
invariants resourced => MONEY/STAFF/ASSET evidence; pledge => AGENT + commissive MODALITY, on both gold sets.
models     the learned CommitmentClassifier: 5-fold CV on discourse-dev, and a SEPARATE model trained
           and cross-validated on the pledges data (not the default; reported apart).
speed      words/s of the component alone and beside spaCy's blank tokenizer on the manifesto sentences.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

ROOT = Path(__file__).resolve().parents[1]
LABELS = ["resourced", "pledge", "rhetoric", "other"]


def corpora() -> Path:
    root = Path(os.environ.get("DISCOURSE_SHARED_CORPORA", ROOT.parent / "shared" / "corpora"))
    if not root.is_dir():
        sys.exit(f"shared corpora not found at {root}: set DISCOURSE_SHARED_CORPORA")
    return root


def predict(texts) -> list[str]:
    from discourse.tag.commitment import classify_commitment

    return [classify_commitment(str(t)).label for t in texts]


def commitment_scores(gold, pred, labels=LABELS) -> dict:
    """Per-class precision/recall/F1/support, macro-F1 and the confusion matrix (rows gold, columns predicted)."""
    p, r, f, n = precision_recall_fscore_support(gold, pred, labels=labels, zero_division=0)
    return {"per_class": pd.DataFrame({"precision": p, "recall": r, "f1": f, "support": n}, index=labels),
            "macro_f1": float(np.mean(f)),
            "confusion": pd.DataFrame(confusion_matrix(gold, pred, labels=labels),
                                      index=[f"gold {x}" for x in labels], columns=[f"pred {x}" for x in labels])}


def show_scores(title: str, scores: dict) -> None:
    print(f"\n== {title}")
    print(scores["per_class"].round(3).to_string())
    print(f"macro-F1 {scores['macro_f1']:.3f}")
    print(scores["confusion"].to_string())


def section_dev() -> None:
    gold = pd.read_csv(corpora() / "gold" / "discourse-dev.csv")
    t = time.perf_counter()
    pred = predict(gold.text)
    show_scores(f"discourse-dev.csv commitment, rules ({len(gold)} sentences, {time.perf_counter() - t:.1f}s)",
                commitment_scores(gold.commitment, pred))
    for part, mask in (("PDF + manifesto part", ~gold.id.str.startswith("ds")),
                       ("budget + throne part", gold.id.str.startswith("ds"))):
        s = commitment_scores(gold.commitment[mask], np.array(pred)[mask.to_numpy()])
        print(f"  {part}: macro-F1 {s['macro_f1']:.3f}, resourced F1 {s['per_class'].f1['resourced']:.3f}")


def english_pledges() -> pd.DataFrame:
    df = pd.read_csv(corpora() / "gold" / "pledges-fornaciari2021" / "pledges_trn.csv")
    return df[(df.country != "Sweden") & ~df.file.str.startswith("Sweden")].reset_index(drop=True)


def binary_report(title: str, gold, pred) -> None:
    p, r, f, _ = precision_recall_fscore_support(gold, pred, average="binary", zero_division=0)
    print(f"{title}: precision {p:.3f} recall {r:.3f} F1 {f:.3f}")


def section_pledges() -> None:
    df = english_pledges()
    t = time.perf_counter()
    pred = predict(df.text)
    yhat = np.isin(pred, ["pledge", "resourced"]).astype(int)
    print(f"\n== pledges_trn.csv English rows ({len(df)}; {df.binary_pledge.sum()} pledges), rules, no training "
          f"({time.perf_counter() - t:.1f}s)")
    binary_report("binary pledge (pledge or resourced)", df.binary_pledge, yhat)
    print(pd.crosstab(df.binary_pledge, pd.Series(pred, name="predicted")).to_string())


def section_money() -> None:
    from discourse.tag.money import find_money

    sys.path.insert(0, str(ROOT / "tests"))
    from money_cases import parse_money_cases  # the reader the evidence tests use

    cases = parse_money_cases()
    tp = fp = fn = exact = 0
    for text, expected in cases:
        found, used = find_money(text), set()
        for e in expected:
            a = text.index(e["text"])
            b = a + len(e["text"])
            hit = next((j for j, m in enumerate(found) if j not in used and m.start < b and a < m.end
                        and abs(m.value - e["value"]) < 1e-6 and m.currency == e["currency"]
                        and m.period == e["period"] and (e["high"] is None or m.high == e["high"])), None)
            if hit is None:
                fn += 1
                print(f"  missed {e['text']!r} in {text!r}")
            else:
                tp += 1
                used.add(hit)
                exact += found[hit].text == e["text"]
        for j in set(range(len(found))) - used:
            fp += 1
            print(f"  false {found[j].text!r} in {text!r}")
    n_neg = sum(1 for _, e in cases if not e)
    print(f"\n== MONEY on tests/data/money_cases.txt ({tp + fn} amounts, {n_neg} look-alike sentences)")
    print(f"precision {tp / max(tp + fp, 1):.3f} recall {tp / max(tp + fn, 1):.3f} "
          f"(value, currency, period and range all right; exact surface {exact}/{tp})")
    kent_coverage()


_HEADER = re.compile(r"£'?000'?s?\b|£000's")


def kent_coverage() -> None:
    """Share of '£' + digit / '£(' occurrences in the Kent papers that a MONEY span covers (a recall proxy)."""
    from discourse.tag.money import find_money

    pdfs = sorted(p for p in (corpora() / "pdf" / "kent-county-council").rglob("*.pdf") if "duplicates" not in p.parts)
    if not pdfs or shutil.which("pdftotext") is None:
        print("  (Kent coverage skipped: no PDFs or no pdftotext)")
        return
    signs = covered = 0
    for pdf in pdfs:
        text = subprocess.run(["pdftotext", "-q", "-layout", str(pdf), "-"], capture_output=True,
                              text=True).stdout
        for line in text.splitlines():
            spans = [(m.start, m.end) for m in find_money(line)]
            for s in re.finditer(r"£\s?[(\d]", line):
                if _HEADER.match(line, s.start()):
                    continue  # "£000s" column headers are units, not amounts
                signs += 1
                covered += any(a <= s.start() < b for a, b in spans)
    print(f"Kent budget papers ({len(pdfs)} PDFs, pdftotext -layout): {covered}/{signs} "
          f"'£<digit>' occurrences (column headers like £000s left out) inside a MONEY span "
          f"({covered / max(signs, 1):.3f})")


def section_invariants() -> None:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("discourse_commitment")
    texts = list(pd.read_csv(corpora() / "gold" / "discourse-dev.csv").text) + list(english_pledges().text)
    bad = {"resourced": 0, "pledge": 0}
    counts = {"resourced": 0, "pledge": 0}
    for doc in nlp.pipe(map(str, texts), batch_size=500):
        for rec in doc._.commitments:
            decisive = [e for e in rec["evidence"] if e.get("decisive")]
            if rec["label"] == "resourced":
                counts["resourced"] += 1
                bad["resourced"] += not any(e["label"] in ("MONEY", "STAFF", "ASSET") for e in decisive)
            elif rec["label"] == "pledge":
                counts["pledge"] += 1
                bad["pledge"] += not (any(e["label"] == "AGENT" for e in decisive) and any(
                    e["label"] == "MODALITY" and e.get("commissive") for e in decisive))
    print(f"\n== invariants on {len(texts)} gold sentences")
    print(f"resourced without MONEY/STAFF/ASSET: {bad['resourced']} of {counts['resourced']}; "
          f"pledge without AGENT + commissive MODALITY: {bad['pledge']} of {counts['pledge']}")


def section_models() -> None:
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    from discourse.model.commitment_clf import CommitmentClassifier

    gold = pd.read_csv(corpora() / "gold" / "discourse-dev.csv")
    folds = StratifiedKFold(5, shuffle=True, random_state=0)
    for name, params in (("n-grams + rule evidence", {}), ("rule evidence only", {"use_text": False})):
        pred = cross_val_predict(CommitmentClassifier(**params), gold.text.tolist(), gold.commitment.to_numpy(),
                                 cv=folds)
        show_scores(f"learned model ({name}), 5-fold CV on discourse-dev", commitment_scores(gold.commitment, pred))
    df = english_pledges()
    print("\n== SEPARATE model trained on the pledges data (not the default), 5-fold CV on its English rows")
    for name, params in (("n-grams + rule evidence", {}), ("rule evidence only", {"use_text": False})):
        pred = cross_val_predict(CommitmentClassifier(**params), df.text.astype(str).tolist(),
                                 df.binary_pledge.to_numpy(), cv=folds)
        binary_report(f"pledges-trained model ({name})", df.binary_pledge, pred)


def _consume(docs) -> None:
    for _ in docs:
        pass


def _cpu(fn) -> float:
    """CPU seconds of this process running ``fn`` (time spent waiting for a shared CPU is left out)."""
    t = time.process_time()
    fn()
    return time.process_time() - t


def section_speed(n: int, repeats: int) -> None:
    import spacy

    from discourse.tag.commitment import CommitmentComponent, classify_commitment
    from discourse.tag.cues import light_evidence

    texts = pd.read_csv(corpora() / "text" / "uk-manifesto-sentences-1945-2019.csv").text.astype(str).tolist()[:n]
    blank = spacy.blank("en")
    docs = list(blank.pipe(texts, batch_size=1000))
    words = sum(1 for d in docs for t in d if not (t.is_punct or t.is_space))
    tokens = sum(len(d) for d in docs)
    comp = CommitmentComponent(blank)
    with_comp = spacy.blank("en")
    with_comp.add_pipe("discourse_commitment")
    timings = {"tokenizer": [], "tokenizer + commitment": [], "commitment alone (on tokenized Docs)": [],
               "rules on plain strings (no spaCy)": []}
    for _ in range(repeats):  # interleaved, so load changes hit every measurement alike
        # pipelines stream their Docs (as tagging a store does): nothing is kept alive
        timings["tokenizer"].append(_cpu(lambda: _consume(blank.pipe(texts, batch_size=1000))))
        timings["tokenizer + commitment"].append(_cpu(lambda: _consume(with_comp.pipe(texts, batch_size=1000))))
        timings["commitment alone (on tokenized Docs)"].append(_cpu(lambda: [comp(d) for d in docs]))
        timings["rules on plain strings (no spaCy)"].append(_cpu(lambda: [classify_commitment(t) for t in texts]))
    base = min(timings["tokenizer"])
    light = sum(light_evidence(t) is not None for t in texts) / len(texts)
    print(f"\n== throughput on {len(texts):,} manifesto sentences ({words:,} words, {tokens:,} tokens; "
          f"{light:.0%} on the light path), CPU time, best of {repeats}; the machine is shared: compare the ratios")
    for name, ts in timings.items():
        best = min(ts)
        print(f"{name:40s} {words / best:>10,.0f} words/s  {best:7.2f} s  time x{best / base:5.2f} of the tokenizer")


SECTIONS = ("dev", "pledges", "money", "invariants", "models", "speed")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    # Checked by hand: argparse (3.11) rejects an empty nargs="*" positional that has choices.
    ap.add_argument("sections", nargs="*", help=f"any of {', '.join(SECTIONS)} (default: all but models)")
    ap.add_argument("--n", type=int, default=20000, help="sentences for the speed section")
    ap.add_argument("--repeats", type=int, default=3, help="repeats for the speed section (best is kept)")
    args = ap.parse_args()
    unknown = sorted(set(args.sections) - set(SECTIONS))
    if unknown:
        ap.error(f"unknown sections {unknown}: choose from {', '.join(SECTIONS)}")
    print("command: python bench/commitment.py " + " ".join(sys.argv[1:]))
    for section in args.sections or [s for s in SECTIONS if s != "models"]:
        if section == "speed":
            section_speed(args.n, args.repeats)
        else:
            globals()[f"section_{section}"]()


if __name__ == "__main__":
    main()
