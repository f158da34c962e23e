"""Text corpora: a CSV (one document per row) or a folder of .txt/.md files -> the store.

Many corpora arrive as text, not PDFs: Hansard, speeches scraped from the web,
manifesto sentences. They go into the same ``documents``/``pages``/``sentences``
tables as PDFs (one page per document, ``source = 'text'``), with mojibake
repaired, dates parsed (a year alone is a date) and bad rows reported with
their line numbers while the rest is ingested.

A text record's ``doc_id`` hashes its raw text together with its metadata, so
a sentence that appears in two parties' manifestos stays two documents, while
adding the same file twice adds nothing; records stored by an older extractor
version are redone in place.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pandas as pd

from discourse.errors import UsageError
from discourse.extract.clean import clean_text
from discourse.extract.metadata import date_from_path, parse_date
from discourse.extract.settings import EXTRACTOR_VERSION
from discourse.segment import segment_pages, sentence_rows
from discourse.store import CorpusStore

__all__ = ["add_text", "TextRecord"]

_CHUNK = 2000  # documents per transaction: each document lands whole
_TEXT_SUFFIXES = (".txt", ".md", ".markdown")


@dataclass
class TextRecord:
    """One text document before cleaning."""

    text: str
    path: str
    line: int | None = None
    source_id: str | None = None
    title: str | None = None
    date: str | None = None
    doc_type: str | None = None
    actor: str | None = None


def _columns(fieldnames: list[str], wanted: dict[str, str | None], path: str) -> None:
    missing = [f"--{opt.replace('_', '-')} {col!r}" for opt, col in wanted.items() if col and col not in fieldnames]
    if missing:
        raise UsageError(f"{path} has no column for {', '.join(missing)}; its columns are: {', '.join(fieldnames)}.")


def _csv_records(path: str, text_column: str, id_column, title_column, date_column, doc_type_column,
                 actor_column, encoding: str, bad: list[dict]) -> Iterator[TextRecord | None]:
    """Records of a CSV; ``None`` for a row that is reported in ``bad`` instead."""
    csv.field_size_limit(sys.maxsize)
    enc = "utf-8-sig" if encoding.lower().replace("_", "-") in ("utf-8", "utf8") else encoding
    try:
        fh = open(path, newline="", encoding=enc)
    except LookupError as e:
        raise UsageError(f"Unknown encoding {encoding!r}: use a Python codec name such as utf-8 or cp1252.") from e
    with fh:
        reader = csv.DictReader(fh)
        try:
            fieldnames = reader.fieldnames or []
        except UnicodeDecodeError as e:
            raise UsageError(f"{path} is not valid {encoding}: {e.reason}; pass --encoding (e.g. cp1252).") from e
        _columns(fieldnames, {"text_column": text_column, "id_column": id_column, "title_column": title_column,
                              "date_column": date_column, "doc_type_column": doc_type_column,
                              "actor_column": actor_column}, path)
        line = 1
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError as e:
                raise UsageError(f"{path}: line {reader.line_num + 1} is not valid {encoding} ({e.reason}); "
                                 "pass --encoding (e.g. cp1252).") from e
            except csv.Error as e:
                bad.append({"line": reader.line_num, "reason": f"malformed CSV: {e}"})
                yield None
                continue
            start, line = line + 1, reader.line_num
            if None in row or any(v is None for v in row.values()):
                bad.append({"line": start, "reason": "row has a different number of fields than the header"})
                yield None
                continue

            def get(col):
                v = row.get(col) if col else None
                return v.strip() if isinstance(v, str) and v.strip() else None

            yield TextRecord(row.get(text_column) or "", f"{path}#{get(id_column) or f'line={start}'}", start,
                             get(id_column), get(title_column), get(date_column), get(doc_type_column),
                             get(actor_column))


def _folder_records(folder: str, encoding: str, manifest, bad: list[dict]) -> Iterator[TextRecord | None]:
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        for name in sorted(files):
            if not name.lower().endswith(_TEXT_SUFFIXES):
                continue
            path = os.path.join(root, name)
            try:
                with open(path, encoding=encoding, errors="strict") as fh:
                    text = fh.read()
            except (UnicodeDecodeError, OSError) as e:
                bad.append({"line": None, "path": path, "reason": f"cannot read as {encoding}: {e}"})
                yield None
                continue
            meta = manifest.lookup(path) if manifest is not None else {}
            yield TextRecord(text, path, None, None, meta.get("title") or _heading(text) or Path(name).stem,
                             meta.get("date"), meta.get("doc_type"), meta.get("actor"))


def _heading(text: str) -> str | None:
    for line in text.splitlines()[:5]:
        line = line.strip().lstrip("#").strip()
        if 3 <= len(line) <= 150:
            return line
    return None


def _doc_id(rec: TextRecord) -> tuple[str, str]:
    """Identity of a record: its raw text and metadata (not the cleaned text, which changes
    when cleanup improves; the extractor version decides when to redo a record)."""
    key = json.dumps([rec.text, rec.source_id, rec.title, rec.date, rec.doc_type, rec.actor], ensure_ascii=False)
    sha = hashlib.sha256(key.encode("utf-8")).hexdigest()
    return sha[:16], sha


_SKIP = "skip"


def _rows(rec: TextRecord, bad: list[dict], run_id: str, date_from_paths: bool, existing: dict[str, str]):
    """Rows for one record; None when it is unusable (reported in ``bad``), ``_SKIP`` when already stored."""
    doc_id, sha = _doc_id(rec)
    if existing.get(doc_id) == EXTRACTOR_VERSION:
        return _SKIP
    text = clean_text(rec.text)
    if not text.strip():
        bad.append({"line": rec.line, "path": rec.path, "reason": "empty text"})
        return None
    date, source = parse_date(rec.date), "column"
    if rec.date and date is None:
        bad.append({"line": rec.line, "path": rec.path, "reason": f"unreadable date {rec.date!r} (kept, without a date)"})
    if date is None and date_from_paths:
        date, source = date_from_path(rec.path), "filename"
    sentences = sentence_rows(doc_id, segment_pages([(1, text)]))
    doc = {
        "doc_id": doc_id, "sha256": sha, "path": rec.path, "all_paths": [rec.path],
        "title": rec.title or rec.source_id or text[:80], "date": date, "date_source": source if date else None,
        "doc_type": rec.doc_type, "actor": rec.actor, "n_pages": 1, "status": "ok", "error": None,
        "extractor_version": EXTRACTOR_VERSION, "source": "text", "n_bytes": len(rec.text.encode("utf-8")),
        "n_sentences": len(sentences), "n_pages_ocr": 0, "run_id": run_id,
    }
    page = {"doc_id": doc_id, "page_no": 1, "text": text, "n_chars": len(text), "n_chars_raw": len(rec.text),
            "needs_ocr": False, "method": "text"}
    return doc, page, sentences


def add_text(
    store: CorpusStore,
    path: str | os.PathLike,
    *,
    text_column: str = "text",
    id_column: str | None = None,
    title_column: str | None = None,
    date_column: str | None = None,
    doc_type_column: str | None = None,
    actor_column: str | None = None,
    encoding: str = "utf-8",
    manifest: str | None = None,
    progress: bool = False,
) -> dict:
    """Ingest a CSV (one document per row) or a folder of ``.txt``/``.md`` files.

    Parameters
    ----------
    store : CorpusStore
    path : str
        A ``.csv`` file or a folder.
    text_column, id_column, title_column, date_column, doc_type_column, actor_column : str
        CSV columns (only ``text_column`` is required). Dates may be ISO, UK
        day-first, "14 March 2013", or a year alone.
    encoding : str, default "utf-8"
        File encoding (a BOM is ignored). Mojibake inside the text is repaired.
    manifest : str, optional
        For folders: a ``path,title,date,doc_type,actor`` CSV.
    progress : bool
        Progress bar on stderr.

    Returns
    -------
    dict
        ``run_id``, ``records``, ``added``, ``skipped`` (already in the store),
        ``bad_rows`` (line, reason), ``sentences``, ``seconds``.

    Examples
    --------
    >>> add_text(store, "speeches.csv", text_column="text", date_column="year")  # doctest: +SKIP
    """
    started = time.perf_counter()
    path = os.fspath(path)
    if not os.path.exists(path):
        raise UsageError(f"No such file or folder: {path}")
    bad: list[dict] = []
    params = {"path": path, "text_column": text_column, "id_column": id_column, "title_column": title_column,
              "date_column": date_column, "doc_type_column": doc_type_column, "actor_column": actor_column,
              "encoding": encoding, "manifest": manifest}
    if os.path.isdir(path):
        from discourse.extract.discover import read_manifest

        records = _folder_records(path, encoding, read_manifest(manifest, root=path) if manifest else None, bad)
        date_from_paths = True
    else:
        records = _csv_records(path, text_column, id_column, title_column, date_column, doc_type_column,
                               actor_column, encoding, bad)
        date_from_paths = False
    run_id = store.start_run("add-text", params)
    existing = dict(store.con.execute(
        "SELECT doc_id, extractor_version FROM documents WHERE source = 'text'").fetchall())
    counts: Counter = Counter()
    status = "interrupted"
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(unit="doc", file=sys.stderr, dynamic_ncols=True)
    try:
        chunk: list = []
        for rec in records:
            counts["records"] += 1
            if bar is not None:
                bar.update(1)
            rows = _rows(rec, bad, run_id, date_from_paths, existing) if rec is not None else None
            if rows is None:
                continue
            if rows is _SKIP:
                counts["skipped"] += 1
                continue
            replace = rows[0]["doc_id"] in existing
            existing[rows[0]["doc_id"]] = EXTRACTOR_VERSION
            chunk.append((*rows, replace))
            if len(chunk) >= _CHUNK:
                counts.update(_write(store, chunk))
                chunk = []
        counts.update(_write(store, chunk))
        status = "ok"
    finally:
        if bar is not None:
            bar.close()
        summary = {
            "run_id": run_id, "records": counts["records"], "added": counts["added"], "skipped": counts["skipped"],
            "sentences": counts["sentences"], "bad_rows": bad, "seconds": round(time.perf_counter() - started, 2),
        }
        store.finish_run(run_id, status, summary)
    return summary


def _write(store: CorpusStore, chunk: list) -> Counter:
    """Write whole documents in one transaction."""
    if not chunk:
        return Counter()
    from discourse.extract.batch import DOCUMENT_TABLES

    docs = pd.DataFrame([c[0] for c in chunk])
    pages = pd.DataFrame([c[1] for c in chunk])
    sents = [s for c in chunk for s in c[2]]
    with store.transaction():
        for doc, _, _, replace in chunk:
            if replace:  # made by an older extractor version: replace all its rows
                store.delete_document_rows(doc["doc_id"], DOCUMENT_TABLES)
        store.insert("documents", docs)
        store.insert("pages", pages)
        if sents:
            store.insert("sentences", pd.DataFrame(sents))
    return Counter(added=len(chunk), sentences=len(sents))
