"""Extract a batch of PDFs into the store: plan, dispatch, commit each document, summarise.

- **Idempotent.** A document is identified by its content hash. One already in
  the store with the same extractor version is skipped (its new paths and
  manifest metadata are merged in); byte-identical copies become one document
  listing all their paths.
- **Resumable.** Each document is committed in one transaction (documents,
  pages, tables, sentences together), so a run killed at any moment leaves only
  whole documents; re-running finishes the rest without duplicates.
- **Isolated.** Each file is extracted in a child process with a timeout and a
  memory cap (:mod:`discourse.extract.isolate`); ``workers > 1`` or a
  ``scheduler`` address runs files on Dask distributed.
- **Nothing lost.** Every input file ends with a ``documents`` row and a status.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import signal
import stat
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Sequence

import duckdb
import pandas as pd

from discourse.errors import StoreError, UsageError
from discourse.extract.discover import Manifest, doc_id_for, find_pdfs, read_manifest, sha256_file
from discourse.extract.document import DocumentInput, DocumentResult, failed_result
from discourse.extract.settings import EXTRACTOR_VERSION, ExtractSettings
from discourse.extract.worker import extract_one
from discourse.store import CorpusStore
from discourse.store.schema import TABLES

__all__ = ["extract", "write_result", "write_results", "plan_batch", "Plan", "DOCUMENT_TABLES", "RETRY_STATUSES"]

log = logging.getLogger(__name__)

#: Tables holding rows that belong to one document; all are replaced together.
DOCUMENT_TABLES = tuple(t.name for t in TABLES if "doc_id" in t.column_names)
#: Statuses that a re-run tries again (the cause may have been passing).
RETRY_STATUSES = frozenset({"timeout", "crashed", "interrupted"})


@dataclass
class Plan:
    """What a run will do."""

    todo: list[DocumentInput] = field(default_factory=list)
    paths: dict[str, set[str]] = field(default_factory=dict)      # doc_id -> every path seen now
    skipped: list[str] = field(default_factory=list)               # doc_ids already extracted
    missing: list[tuple[str, str]] = field(default_factory=list)   # (path, reason) unreadable files
    n_files: int = 0


def _manifest_values(manifest: Manifest, path: str) -> dict:
    row = manifest.lookup(path)
    return {k: row.get(k) for k in ("title", "date", "doc_type", "actor")}


def plan_batch(files: Sequence[str], manifest: Manifest, store: CorpusStore,
               settings: ExtractSettings) -> Plan:
    """Hash every file and decide which documents need extracting."""
    plan = Plan(n_files=len(files))
    first: dict[str, DocumentInput] = {}
    for path in files:
        try:
            info = os.stat(path)
            if not stat.S_ISREG(info.st_mode):  # reading a named pipe would block the batch forever
                plan.missing.append((path, f"{path}: not a regular file (a pipe, socket or device); not read."))
                continue
            sha = sha256_file(path)
            size = info.st_size
        except OSError as e:
            plan.missing.append((path, f"{path}: cannot read file: {e.strerror or e}"))
            continue
        doc_id = doc_id_for(sha)
        plan.paths.setdefault(doc_id, set()).add(path)
        if doc_id not in first:
            first[doc_id] = DocumentInput(doc_id, sha, path, size, **_manifest_values(manifest, path))
    existing = _existing(store, list(first))
    for doc_id, item in first.items():
        prev = existing.get(doc_id)
        if prev is not None and _up_to_date(prev, settings):
            plan.skipped.append(doc_id)
        else:
            plan.todo.append(item)
    return plan


def _existing(store: CorpusStore, doc_ids: list[str]) -> dict[str, dict]:
    if not doc_ids:
        return {}
    ids = pd.DataFrame({"doc_id": doc_ids})  # noqa: F841 - read by DuckDB
    rows = store.con.execute(
        "SELECT d.doc_id, d.status, d.extractor_version, d.all_paths, d.title, d.date, d.doc_type, d.actor, "
        "d.date_source FROM documents d JOIN ids USING (doc_id)"
    ).df()
    return {r["doc_id"]: r for r in rows.to_dict("records")}


def _up_to_date(prev: dict, settings: ExtractSettings) -> bool:
    if prev["extractor_version"] != EXTRACTOR_VERSION or prev["status"] in RETRY_STATUSES:
        return False
    if prev["status"] == "encrypted" and settings.password:
        return False
    if prev["status"] == "needs_ocr" and settings.ocr:
        return False
    return True


def _utf8(value):
    """``value`` as text DuckDB can store.

    A file name that is not valid UTF-8 reaches Python with lone surrogates
    (PEP 383) and cannot be stored; it is written with its bytes escaped
    (``caf\\xe9.pdf``), in paths and in the messages that name it.
    """
    if not isinstance(value, str) or value.isascii():
        return value
    try:
        value.encode("utf-8")
        return value
    except UnicodeEncodeError:
        pass
    try:
        return value.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:  # a surrogate that is not an escaped byte
        return value.encode("utf-8", "backslashreplace").decode("utf-8")


def write_results(store: CorpusStore, batch: list[tuple[DocumentResult, Iterable[str]]], run_id: str) -> None:
    """Replace the rows of whole documents, in one transaction (a document is never split)."""
    if not batch:
        return
    ids = [r.document["doc_id"] for r, _ in batch]
    old = dict(store.con.execute("SELECT doc_id, all_paths FROM documents WHERE list_contains(?, doc_id)",
                                 [ids]).fetchall())
    docs = []
    for result, paths in batch:
        doc = {k: _utf8(v) for k, v in result.document.items()}
        doc["all_paths"] = sorted({_utf8(p) for p in paths} | set(old.get(doc["doc_id"]) or []))
        doc["run_id"] = run_id
        docs.append(doc)
    with store.transaction():
        if old:  # rows are only ever written with their documents row, so new documents have none to delete
            store.delete_document_rows(list(old), DOCUMENT_TABLES)
        store.insert("documents", docs)
        for name in ("pages", "tables", "sentences"):
            rows = [row for result, _ in batch for row in getattr(result, name)]
            if rows:
                store.insert(name, rows)


def write_result(store: CorpusStore, result: DocumentResult, paths: Iterable[str], run_id: str) -> None:
    """Replace one document's rows in the store, in one transaction."""
    write_results(store, [(result, paths)], run_id)


class _GroupCommit:
    """Buffer finished documents and commit them together: every 25 documents or every second.

    Each commit is one transaction of whole documents, so a crash loses at most
    the last second of work and never leaves a partial document.
    """

    def __init__(self, store: CorpusStore, plan: "Plan", run_id: str, max_docs: int = 25, max_seconds: float = 1.0):
        self.store, self.plan, self.run_id = store, plan, run_id
        self.max_docs, self.max_seconds = max_docs, max_seconds
        self.buffer: list[DocumentResult] = []
        self.committed: set[str] = set()
        self._last = time.monotonic()

    def add(self, result: DocumentResult) -> list[DocumentResult]:
        self.buffer.append(result)
        if len(self.buffer) >= self.max_docs or time.monotonic() - self._last >= self.max_seconds:
            return self.flush()
        return []

    def flush(self) -> list[DocumentResult]:
        done, self.buffer = self.buffer, []
        self._last = time.monotonic()
        if not done:
            return []
        try:
            write_results(self.store, [(r, self.plan.paths[r.document["doc_id"]]) for r in done], self.run_id)
        except duckdb.InterruptException as e:  # Ctrl-C while DuckDB was writing: the group rolled back
            raise KeyboardInterrupt from e
        except duckdb.Error as e:
            raise StoreError(
                f"Cannot write to the store {self.store.path} ({e}). Is the disk full? Every document committed "
                "so far is kept; free space and re-run the same command to finish.") from e
        for r in done:
            self.committed.add(r.document["doc_id"])
            log.info("committed %s %s: %s", r.document["doc_id"], r.document["path"], r.status)
        return done


def _merge_skipped(store: CorpusStore, plan: Plan, manifest: Manifest) -> None:
    """Add newly seen paths and manifest metadata to documents that were not re-extracted."""
    from discourse.extract.metadata import parse_date

    existing = _existing(store, plan.skipped)
    for doc_id in plan.skipped:
        prev = existing[doc_id]
        paths = sorted(set(prev["all_paths"] if prev["all_paths"] is not None else [])
                       | {_utf8(p) for p in plan.paths[doc_id]})
        updates: dict = {}
        if list(prev["all_paths"] if prev["all_paths"] is not None else []) != paths:
            updates["all_paths"] = paths
        row = {}
        for p in sorted(plan.paths[doc_id]):
            row = _manifest_values(manifest, p)
            if any(row.values()):
                break
        for key in ("title", "doc_type", "actor"):
            if row.get(key) and row[key] != prev[key]:
                updates[key] = row[key]
        date = parse_date(row.get("date"))
        prev_date = prev["date"].date() if hasattr(prev["date"], "date") else prev["date"]
        if date and (date != prev_date or prev["date_source"] != "manifest"):
            updates.update(date=date, date_source="manifest")
        if updates:
            sets = ", ".join(f'"{k}" = ?' for k in updates)
            store.con.execute(f"UPDATE documents SET {sets} WHERE doc_id = ?", [*updates.values(), doc_id])


def _children_released(settings: ExtractSettings) -> contextlib.AbstractContextManager:
    """Stop this process's idle extraction children when the batch ends, so none is left behind."""
    if not settings.isolate:
        return contextlib.nullcontext()
    from discourse.extract.isolate import children_of_batch

    return children_of_batch()


def _results_serial(items: list[DocumentInput], settings, table_engine) -> Iterator[DocumentResult]:
    with _children_released(settings):
        for item in items:
            yield extract_one(item, settings, table_engine)


def _results_dask(items: list[DocumentInput], settings, table_engine, workers: int,
                  scheduler: str | None) -> Iterator[DocumentResult]:
    """Run files on Dask distributed, at most ``2 * workers`` in flight, yielding as they finish.

    A local cluster's workers are threads of this process when files are
    isolated: each file runs in a forked child anyway, so a worker only waits
    on its child, and no worker interpreters need starting. Without isolation
    the workers are processes.
    """
    from discourse._dask import dask_client, n_slots, stream

    with _children_released(settings), dask_client(workers, scheduler, processes=not settings.isolate) as client:
        queue = sorted(items, key=lambda it: -it.n_bytes)  # largest first balances the tail
        slots = n_slots(client, workers, local=scheduler is None)
        for item, result, error in stream(client, extract_one, queue, (settings, table_engine), slots):
            if error is not None:  # a dead worker (KilledWorker, lost connection)
                result = failed_result(item, "crashed", f"{item.path}: the worker process running this file "
                                                        f"died ({type(error).__name__}: {error}); re-run to retry it.")
            yield result


def extract(
    paths: Sequence[str],
    store: CorpusStore,
    *,
    manifest: str | None = None,
    settings: ExtractSettings | None = None,
    workers: int = 1,
    scheduler: str | None = None,
    progress: bool = False,
    table_engine: str = "pdfium",
) -> dict:
    """Extract PDFs into ``store`` and return a summary.

    Parameters
    ----------
    paths : sequence of str
        Files and folders (walked recursively for ``*.pdf``).
    store : CorpusStore
        Open, writable store.
    manifest : str, optional
        CSV with ``path,title,date,doc_type,actor`` (paths relative to it).
    settings : ExtractSettings, optional
    workers : int, default 1
        ``1`` processes files one at a time (each still isolated); ``N > 1``
        runs them on a Dask ``LocalCluster`` of N worker processes.
    scheduler : str, optional
        Address of an existing Dask scheduler (``tcp://host:8786``).
    progress : bool
        Show a progress bar on stderr.
    table_engine : {"pdfium", "pdfplumber"}
        See :mod:`discourse.extract.pdf`.

    Returns
    -------
    dict
        ``run_id``, ``files``, ``documents``, ``extracted``, ``skipped``, ``status``
        (counts over the batch's documents), ``pages``, ``sentences``, ``seconds``,
        ``failed`` (path, status, error for each document that is not ``ok``),
        ``manifest_problems``.
    """
    settings = settings or ExtractSettings()
    if workers < 1:
        raise UsageError(f"workers must be at least 1, got {workers}.")
    if table_engine not in ("pdfium", "pdfplumber"):
        raise UsageError(f"table_engine must be 'pdfium' or 'pdfplumber', got {table_engine!r}.")
    started = time.perf_counter()
    files = find_pdfs(paths)
    man = read_manifest(manifest)
    run_id = store.start_run("extract", {
        "paths": list(map(str, paths)), "manifest": manifest, "settings": settings.to_dict(),
        "workers": workers, "scheduler": scheduler, "table_engine": table_engine,
        "extractor_version": EXTRACTOR_VERSION,
    })
    plan = plan_batch(files, man, store, settings)
    _merge_skipped(store, plan, man)
    for path, reason in plan.missing:
        item = DocumentInput(doc_id_for(_path_hash(path)), _path_hash(path), path, 0)
        write_result(store, failed_result(item, "missing", reason), [path], run_id)
    totals = Counter()
    status = "failed"
    use_dask = workers > 1 or scheduler is not None
    results = (_results_dask(plan.todo, settings, table_engine, workers, scheduler) if use_dask
               else _results_serial(plan.todo, settings, table_engine))
    bar = _progress(len(plan.todo), progress)
    writer = _GroupCommit(store, plan, run_id)

    def count(done: list[DocumentResult]) -> None:
        for r in done:
            totals["pages"] += r.document.get("n_pages") or 0
            totals["sentences"] += len(r.sentences)
        if bar is not None:
            bar.update(len(done))

    try:
        with _StopOnInterrupt() as stop:
            for result in results:
                count(writer.add(result))
                if stop.requested:
                    raise KeyboardInterrupt
            count(writer.flush())
        status = "ok"
    except KeyboardInterrupt:
        status = "interrupted"
        results.close()  # stop the workers now
        count(writer.flush())  # finished documents are kept
        _mark_interrupted(store, [it for it in plan.todo if it.doc_id not in writer.committed], plan, run_id)
        raise
    finally:
        if bar is not None:
            bar.close()
        summary = _summary(store, plan, man, run_id, totals, time.perf_counter() - started, workers)
        try:
            store.finish_run(run_id, status, summary)
        except duckdb.Error as e:  # the store itself is failing (disk full): keep the first error
            log.error("could not record the end of run %s: %s", run_id, e)
    return summary


class _StopOnInterrupt:
    """The first Ctrl-C asks the batch to stop after the document in hand; a second stops at once.

    Without this, a KeyboardInterrupt can surface inside a DuckDB or pandas
    call (or be swallowed by one); with it, the batch stops at a known point.
    Only the main thread can install signal handlers; elsewhere this does nothing.
    """

    def __init__(self):
        self.requested = False
        self._previous = None

    def _handle(self, signum, frame):
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        log.warning("interrupt: stopping after the documents in progress (press Ctrl-C again to stop now)")

    def __enter__(self) -> "_StopOnInterrupt":
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


def _mark_interrupted(store: CorpusStore, items: list[DocumentInput], plan: Plan, run_id: str) -> None:
    """After Ctrl-C: a row for every file not yet extracted (status interrupted, retried next run)."""
    known = set(_existing(store, [it.doc_id for it in items]))
    write_results(store, [
        (failed_result(it, "interrupted", f"{it.path}: the run was interrupted before this file was extracted; "
                                          "re-run to extract it."), plan.paths[it.doc_id])
        for it in items if it.doc_id not in known], run_id)


def _path_hash(path: str) -> str:
    import hashlib

    return hashlib.sha256(("missing:" + os.path.abspath(path)).encode("utf-8")).hexdigest()


def _progress(total: int, enabled: bool):
    if not enabled or total == 0:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="doc", file=sys.stderr, dynamic_ncols=True)


def _summary(store: CorpusStore, plan: Plan, man: Manifest, run_id: str, totals: Counter,
             seconds: float, workers: int) -> dict:
    doc_ids = list(plan.paths) + [doc_id_for(_path_hash(p)) for p, _ in plan.missing]
    ids = pd.DataFrame({"doc_id": doc_ids})  # noqa: F841 - read by DuckDB
    rows = store.con.execute(
        "SELECT d.doc_id, d.path, d.status, d.error FROM documents d JOIN ids USING (doc_id) ORDER BY d.path"
    ).df()
    failed = rows[rows.status != "ok"][["path", "status", "error"]].to_dict("records")
    pages = totals["pages"]
    return {
        "run_id": run_id,
        "files": plan.n_files,
        "documents": len(doc_ids),
        "extracted": len(plan.todo),
        "skipped": len(plan.skipped),
        "status": dict(Counter(rows.status).most_common()),
        "pages": pages,
        "sentences": totals["sentences"],
        "seconds": round(seconds, 2),
        "pages_per_second": round(pages / seconds, 1) if seconds > 0 else None,
        "workers": workers,
        "failed": failed,
        "manifest_problems": man.problems,
        "finished_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
