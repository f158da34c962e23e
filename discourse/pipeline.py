"""The main job: every stage, in order, into one output folder.

``discourse run PATHS --out DIR`` (and :func:`run`) extracts the PDFs into
``DIR/discourse.duckdb`` and then runs each later stage that is available.
Stages talk only through the store, so each can also be run on its own.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Sequence

from discourse.extract import ExtractSettings, extract
from discourse.report import build_report
from discourse.store import open_store

__all__ = ["run", "STORE_NAME"]

STORE_NAME = "discourse.duckdb"


def run(
    paths: Sequence[str],
    out: str | os.PathLike,
    *,
    manifest: str | None = None,
    settings: ExtractSettings | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    progress: bool = False,
    echo: Callable[[str], None] | None = None,
) -> dict:
    """Run every stage on ``paths`` into ``out``; return each stage's summary.

    Parameters
    ----------
    paths : sequence of str
        PDF files and folders.
    out : path
        Output folder; the store is ``out/discourse.duckdb``.
    manifest, settings, workers, scheduler, progress
        As for :func:`discourse.extract.extract`.
    echo : callable, optional
        Called with a one-line message as each stage finishes.

    Returns
    -------
    dict
        ``{"store": path, "extract": {...}, ...}``, one entry per stage run.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    say = echo or (lambda message: None)
    summaries: dict = {"store": str(out / STORE_NAME)}
    with open_store(out / STORE_NAME) as store:
        s = extract(paths, store, manifest=manifest, settings=settings, workers=workers,
                    scheduler=scheduler, progress=progress)
        summaries["extract"] = s
        say(f"extract: {s['documents']} documents ({_counts(s['status'])}), {s['pages']} pages, "
            f"{s['sentences']} sentences in {s['seconds']} s")
        report_path = build_report(store, out)
        summaries["report"] = str(report_path)
        say(f"report: {report_path}")
    return summaries


def _counts(status: dict) -> str:
    return ", ".join(f"{n} {k}" for k, n in status.items()) or "none"
