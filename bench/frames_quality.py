"""Frame tagging quality against the shared gold sets, with the project's own evaluate().

Prints, for the default codebook:
- discourse-dev.csv (coded to the project's guide): P, R, F1, alpha per frame;
- Manifesto Project UK (preset manifesto-project: 301 -> localism, 606/606.x -> enabling),
  overall, per manifesto file and by quasi-sentence length.
With --supervised, also a leave-one-manifesto-out estimate for a FramesClassifier trained on the
Manifesto Project codes (a separate, clearly named model: it learns the MP scheme, not the guide).
Slow (several minutes): off by default.

Usage: python bench/frames_quality.py [--supervised]
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
GOLD = Path(os.environ.get("DISCOURSE_SHARED_CORPORA", ROOT.parent / "shared" / "corpora")) / "gold"
COLS = ["n", "support", "predicted", "precision", "recall", "f1", "alpha", "tp", "fp", "fn"]


def _print(title: str, summary: pd.DataFrame) -> None:
    print(f"\n{title}")
    with pd.option_context("display.width", 160, "display.precision", 3):
        print(summary[COLS].to_string())


def _per_file(ev) -> pd.DataFrame:
    from discourse.measure.agreement import binary_scores

    rows = []
    for name, g in ev.predictions.groupby("gold_file"):
        for lab in ev.details:
            s = binary_scores(g[lab].tolist(), g[f"pred_{lab}"].tolist())
            rows.append({"file": name, "label": lab, **{k: s[k] for k in ("n", "support", "precision", "recall", "f1")}})
    return pd.DataFrame(rows).pivot(index="file", columns="label", values=["support", "precision", "recall", "f1"])


def _by_length(ev) -> pd.DataFrame:
    """Scores by quasi-sentence length: the Manifesto Project codes list fragments in their context."""
    from discourse.measure.agreement import binary_scores

    words = ev.predictions["text"].fillna("").str.split().str.len()
    buckets = pd.cut(words, [0, 7, 15, 10_000], labels=["1-7 words", "8-15 words", "16+ words"])
    rows = []
    for lab in ev.details:
        for bucket, g in ev.predictions.groupby(buckets, observed=True):  # shortest first
            s = binary_scores(g[lab].tolist(), g[f"pred_{lab}"].tolist())
            rows.append({"label": lab, "length": bucket, "rows": len(g),
                         **{k: s[k] for k in ("support", "precision", "recall", "f1")}})
    return pd.DataFrame(rows).set_index(["label", "length"])


def _supervised(mp_dir: Path) -> pd.DataFrame:
    from discourse.measure.agreement import binary_scores
    from discourse.measure.evaluate import read_gold
    from discourse.model.frames_clf import FramesClassifier

    df, _, _ = read_gold(mp_dir, preset="manifesto-project")
    df["text"] = df["text"].fillna("")
    labels = ["localism", "enabling"]
    proba = pd.DataFrame(index=df.index, columns=labels, dtype=float)
    for name in sorted(df["gold_file"].unique()):
        train, test = df[df["gold_file"] != name], df[df["gold_file"] == name]
        clf = FramesClassifier(min_df=2).fit(train["text"].tolist(), train[labels])
        proba.loc[test.index] = clf.predict_proba_frames(test["text"].tolist()).to_numpy()
    rows = []
    for lab in labels:
        s = binary_scores(df[lab].tolist(), (proba[lab] >= 0.5).astype(int).tolist())
        rows.append({"label": lab, **{k: s[k] for k in COLS}})
    return pd.DataFrame(rows).set_index("label")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--supervised", action="store_true", help="Also run the leave-one-manifesto-out model (slow).")
    args = ap.parse_args(argv)
    if not GOLD.is_dir():
        print(f"skip: {GOLD} not found (set DISCOURSE_SHARED_CORPORA)", file=sys.stderr)
        return 0
    from discourse.measure.evaluate import evaluate
    from discourse.tag import make_tagger

    nlp = make_tagger(lemmatize=False)
    dev = evaluate(GOLD / "discourse-dev.csv", nlp=nlp)
    cfg = dev.config
    print(f"codebook {cfg['codebook']}.v{cfg['codebook_version']} sha256 {cfg['codebook_sha256'][:16]}")
    _print("discourse-dev.csv (targets: F1 >= 0.80 per frame)", dev.summary)
    mp = evaluate(GOLD / "manifesto-project-uk", nlp=nlp, preset="manifesto-project")
    _print("Manifesto Project UK, preset manifesto-project (targets: localism F1 >= 0.70, enabling >= 0.55)",
           mp.summary)
    with pd.option_context("display.width", 160, "display.precision", 3):
        print("\nper manifesto file:\n" + _per_file(mp).to_string())
        print("\nby quasi-sentence length (short rows are list fragments coded from their context):\n"
              + _by_length(mp).to_string())
    if args.supervised:
        _print("Manifesto Project, FramesClassifier trained on MP codes, leave-one-manifesto-out (threshold 0.5)",
               _supervised(GOLD / "manifesto-project-uk"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
