"""The main job: every stage, in order, into one output folder.

``discourse run PATHS --out DIR`` (and :func:`run`) extracts the PDFs into
``DIR/discourse.duckdb``, tags every sentence (frames and commitment), fits
topics over time and writes the report to ``DIR/report.html``. Stages talk only
through the store, so each can also be run on its own; re-running the job only
does the work that changed (new or changed files, a new codebook version).
"""

from __future__ import annotations

import json
import logging
import os
from pathlib import Path
from typing import Callable, Sequence

from discourse.codebooks.loader import DEFAULT_CODEBOOK
from discourse.errors import ModelError, UsageError
from discourse.extract import ExtractSettings, extract
from discourse.report import build_report
from discourse.store import open_store

log = logging.getLogger(__name__)

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
    codebook: str = DEFAULT_CODEBOOK,
    frames_model: str | None = None,
    topics: bool = True,
    bin: str = "year",
    seed: int = 0,
    n_boot: int = 1000,
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
    codebook, frames_model
        As for :func:`discourse.tag.tag_store`.
    topics : bool, default True
        Fit topics over time (:func:`discourse.model.topics_store.fit_topics`). A
        corpus too small to model is reported and the job goes on.
    bin : {"year", "quarter", "month", "decade"}
        Time bins for topics and the report.
    seed, n_boot
        Seed and bootstrap replicates for topics and report intervals.
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
        if store.count("sentences"):
            summaries["tag"] = _tag(store, codebook, frames_model, workers, scheduler, progress, say)
        if "tag" in summaries:
            changed = s.get("extracted", 1) or summaries["tag"]["sentences"] or summaries["tag"].get("removed")
            if topics:
                current = None if changed else _current_topics(store, bin, seed)
                if current is not None:
                    say(f"topics: up to date (topic run {current}: nothing new since it was fitted)")
                    summaries["topics"] = {"topic_run_id": current, "skipped": "up to date"}
                else:
                    summaries["topics"] = _topics(store, bin, seed, n_boot, say)
        report_path = build_report(store, out, bin=bin, n_boot=n_boot, seed=seed)
        summaries["report"] = str(report_path)
        say(f"report: {report_path}")
    return summaries


def _tag(store, codebook, frames_model, workers, scheduler, progress, say) -> dict:
    from discourse.tag import tag_store

    s = tag_store(store, codebook=codebook, frames_model=frames_model, workers=workers, scheduler=scheduler,
                  progress=progress)
    rows = ", ".join(f"{t} {n:,}" for t, n in s.get("rows", {}).items())
    say(f"tag: {s['sentences']:,} sentences tagged now (tag run {s['tag_run_id']}); rows: {rows}")
    return s


def _current_topics(store, bin, seed) -> str | None:
    """The newest topic run, when it was fitted with this bin and seed (the job's defaults otherwise)."""
    if "topic_runs" not in store.table_names() or not store.count("topic_runs"):
        return None
    row = store.query("SELECT topic_run_id, params_json FROM topic_runs ORDER BY created_at DESC LIMIT 1").iloc[0]
    params = json.loads(row.params_json or "{}")
    same = params.get("bin") == bin and params.get("seed") == seed and params.get("seed_topic_list") is None
    return str(row.topic_run_id) if same else None


def _topics(store, bin, seed, n_boot, say) -> dict:
    from discourse.model.topics_store import fit_topics

    try:
        s = fit_topics(store, bin=bin, seed=seed, n_boot=n_boot)
    except (ModelError, UsageError) as e:  # too few sentences to model: the rest of the job still runs
        log.warning("topics skipped: %s", e)
        say(f"topics: skipped ({e})")
        return {"skipped": str(e)}
    say(f"topics: {s['n_topics']} topics from {s['n_units']:,} {s['unit']}s, outliers "
        f"{s['outliers_before']:.0%} before and {s['outliers_after']:.0%} after reduction (topic run {s['topic_run_id']})")
    return s


def _counts(status: dict) -> str:
    return ", ".join(f"{n} {k}" for k, n in status.items()) or "none"
