"""Hostile-input benchmark: what extraction makes of the fuzz corpus and the shared bad inputs.

Generates the fuzz corpus (``tests/fuzz/make_corpus.py``) into a temporary
folder, extracts it (and, when present, ``pdfplumber-tests`` and
``py-pdf-samples`` from the shared corpora) with the given limits, and prints:

1. per family: files, and how many ended with each status (a file counts with
   the status of the document its bytes became);
2. the peak RSS recorded for any worker, the largest too_large/timeout counts,
   the slowest file, and the wall time.

Usage::

    python bench/fuzz.py [--workers 2] [--timeout 20] [--memory-mb 512] [--corpora ../shared/corpora] [--seed 7]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "tests" / "fuzz")]

from discourse.extract import ExtractSettings, extract  # noqa: E402
from discourse.store import open_store  # noqa: E402
from make_corpus import DEFAULT_SEED, make_corpus  # noqa: E402

SHARED = ("pdfplumber-tests", "py-pdf-samples")


def stored(path) -> str:
    return os.fsencode(os.path.normpath(path)).decode("utf-8", "backslashreplace")


def status_by_path(store) -> dict[str, str]:
    docs = store.query("SELECT status, all_paths FROM documents")
    return {stored(p): row.status for row in docs.itertuples() for p in row.all_paths}


def table(rows: dict[str, Counter], statuses: list[str]) -> str:
    head = f"{'family':<22} {'files':>5}  " + " ".join(f"{s:>9}" for s in statuses)
    lines = [head, "-" * len(head)]
    for family, counts in rows.items():
        lines.append(f"{family:<22} {sum(counts.values()):>5}  " + " ".join(f"{counts.get(s, 0) or '.':>9}"
                                                                          for s in statuses))
    total = sum((c for c in rows.values()), Counter())
    lines.append("-" * len(head))
    lines.append(f"{'total':<22} {sum(total.values()):>5}  " + " ".join(f"{total.get(s, 0) or '.':>9}"
                                                                         for s in statuses))
    return "\n".join(lines)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=float, default=20)
    ap.add_argument("--memory-mb", type=int, default=512)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--corpora", default=os.environ.get("DISCOURSE_SHARED_CORPORA", str(ROOT.parent / "shared" /
                                                                                       "corpora")))
    args = ap.parse_args()
    settings = ExtractSettings(timeout=args.timeout, memory_mb=args.memory_mb)
    with tempfile.TemporaryDirectory() as tmp:
        files = make_corpus(Path(tmp) / "corpus", seed=args.seed)
        family = {stored(f.path): f.family for f in files}
        inputs = [str(Path(tmp) / "corpus")]
        for name in SHARED:
            folder = Path(args.corpora) / "pdf" / name
            if folder.is_dir():
                inputs.append(str(folder))
                for p in folder.rglob("*"):
                    if p.is_file() and p.suffix.lower() == ".pdf":
                        family[stored(p)] = f"shared:{name}"
        started = time.perf_counter()
        with open_store(Path(tmp) / "fuzz.duckdb") as store:
            summary = extract(inputs, store, settings=settings, workers=args.workers)
            seconds = time.perf_counter() - started
            by_path = status_by_path(store)
            docs = store.query("SELECT path, status, peak_rss_mb, seconds FROM documents")
    rows: dict[str, Counter] = defaultdict(Counter)
    for path, fam in family.items():
        rows[fam][by_path.get(path, "MISSING FROM STORE")] += 1
    statuses = sorted({s for c in rows.values() for s in c}, key=lambda s: (s != "ok", s))
    print(f"discourse fuzz: seed {args.seed}, {len(files)} generated files + "
          f"{sum(1 for f in family.values() if f.startswith('shared'))} shared, workers {args.workers}, "
          f"timeout {args.timeout:g} s, memory cap {args.memory_mb} MB")
    print(table(dict(sorted(rows.items())), statuses))
    peak = docs.peak_rss_mb.max()
    top = docs.loc[docs.peak_rss_mb.idxmax()]
    slow = docs.loc[docs.seconds.idxmax()]
    print(f"\nmax recorded worker peak RSS: {peak:.1f} MB ({Path(top.path).name}); cap {args.memory_mb} MB")
    print(f"stopped at the cap (too_large): {int((docs.status == 'too_large').sum())}, "
          f"timeouts: {int((docs.status == 'timeout').sum())}, crashed: {int((docs.status == 'crashed').sum())}")
    print(f"slowest file: {slow.seconds:.2f} s ({Path(slow.path).name}); batch wall time {seconds:.1f} s; "
          f"documents {summary['documents']} from {summary['files']} files")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
