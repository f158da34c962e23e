"""Run the tagging pipeline over a corpus store or a table of sentences.

:func:`tag_store` is the stage function: it tags every sentence of the store
into the output tables (``frames``; ``commitments`` when that component is in
the pipeline) under a tag run. A tag run is one tagging configuration
(codebook name, version and content hash, frames model, commitment version):

- same configuration again → the same tag run; only documents added (or
  re-extracted) since are tagged, so a re-run adds nothing;
- a new codebook version or hash, or another model → a new tag run; the old
  rows stay, and measures use the newest tag run unless told otherwise.

Each chunk of documents is written in one transaction, so an interrupted run
resumes where it stopped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import logging
import os
from typing import Any, Iterator, Sequence

import pandas as pd
from spacy.language import Language

from discourse.codebooks import DEFAULT_CODEBOOK, Codebook
from discourse.errors import TagError, UsageError
from discourse.store import CorpusStore
from discourse.store.store import new_run_id
from discourse.tag.pipeline import RUN_CONFIG_COLUMNS, make_tagger, output_columns, outputs, run_config
from discourse.tag.runs import current_tag_run, tag_runs

__all__ = ["tag_store", "tag_table", "tag_runs", "current_tag_run"]

log = logging.getLogger(__name__)

_KEYS = ("tag_run_id", "doc_id", "sentence_id")


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


def _find_or_create_run(store: CorpusStore, config: dict[str, Any], run_id: str) -> tuple[str, bool]:
    where = " AND ".join(f'"{c}" IS NOT DISTINCT FROM ?' for c in RUN_CONFIG_COLUMNS)
    found = store.query(
        f"SELECT tag_run_id FROM tag_runs WHERE {where} ORDER BY created_at DESC LIMIT 1",
        [config[c] for c in RUN_CONFIG_COLUMNS],
    )
    if not found.empty:
        return str(found["tag_run_id"].iloc[0]), False
    tag_run_id = new_run_id()
    row = {"tag_run_id": tag_run_id, **{c: config[c] for c in RUN_CONFIG_COLUMNS},
           "created_at": _utcnow(), "run_id": run_id, "n_sentences": 0}
    store.insert("tag_runs", pd.DataFrame([row]))
    return tag_run_id, True


def _documents_to_tag(store: CorpusStore, tag_run_id: str) -> pd.DataFrame:
    """Documents with sentences that this tag run has not tagged, or tagged with another sentence count."""
    return store.query(
        "WITH cur AS (SELECT s.doc_id, count(*)::INTEGER AS n FROM sentences s JOIN documents d USING (doc_id) "
        "             WHERE d.status = 'ok' GROUP BY s.doc_id) "
        "SELECT cur.doc_id, cur.n, t.doc_id IS NOT NULL AS seen FROM cur "
        "LEFT JOIN tagged_documents t ON t.doc_id = cur.doc_id AND t.tag_run_id = ? "
        "WHERE t.doc_id IS NULL OR t.n_sentences <> cur.n ORDER BY cur.doc_id",
        [tag_run_id],
    )


def _gone_documents(store: CorpusStore, tag_run_id: str) -> list[str]:
    """Documents this tag run tagged that no longer have sentences (deleted or failed re-extraction)."""
    df = store.query(
        "SELECT t.doc_id FROM tagged_documents t WHERE t.tag_run_id = ? AND t.doc_id NOT IN "
        "(SELECT s.doc_id FROM sentences s JOIN documents d USING (doc_id) WHERE d.status = 'ok')",
        [tag_run_id],
    )
    return df["doc_id"].tolist()


def _chunks(todo: pd.DataFrame, max_sentences: int) -> Iterator[pd.DataFrame]:
    start, total = 0, 0
    counts = todo["n"].tolist()
    for i, n in enumerate(counts):
        total += n
        if total >= max_sentences:
            yield todo.iloc[start:i + 1]
            start, total = i + 1, 0
    if start < len(counts):
        yield todo.iloc[start:]


def _delete_docs(store: CorpusStore, tables: list[str], tag_run_id: str, doc_ids: list[str]) -> None:
    for table in tables + ["tagged_documents"]:
        store.con.execute(f'DELETE FROM "{table}" WHERE tag_run_id = ? AND list_contains(?, doc_id)',
                          [tag_run_id, doc_ids])


def _chunk_sentences(store: CorpusStore, chunk: pd.DataFrame) -> pd.DataFrame:
    return store.query(
        "SELECT doc_id, sentence_id, text FROM sentences WHERE list_contains(?, doc_id) ORDER BY doc_id, sentence_id",
        [chunk["doc_id"].tolist()],
    )


def tag_rows(nlp: Language, tag_run_id: str, sents: pd.DataFrame, batch_size: int = 512) -> dict[str, pd.DataFrame]:
    """Output rows (one DataFrame per table) for ``sents`` (``doc_id, sentence_id, text``); pure, no store."""
    outs = outputs(nlp)
    rows: dict[str, list[dict[str, Any]]] = {out.table: [] for out, _ in outs}
    texts = ["" if t is None else str(t) for t in sents["text"].tolist()]
    keys = zip(sents["doc_id"].tolist(), sents["sentence_id"].tolist())
    for (doc_id, sid), doc in zip(keys, nlp.pipe(texts, batch_size=batch_size)):
        for out, _ in outs:
            for r in out.rows(doc):
                rows[out.table].append({"tag_run_id": tag_run_id, "doc_id": doc_id, "sentence_id": int(sid), **r})
    return {table: pd.DataFrame(table_rows) for table, table_rows in rows.items()}


def _write_chunk(store: CorpusStore, tables: dict[str, pd.DataFrame], tag_run_id: str, run_id: str,
                 chunk: pd.DataFrame) -> None:
    """Replace the chunk's documents' rows and mark them tagged, in one transaction.

    Only documents this tag run has seen before (``chunk.seen``: re-extracted
    since) can have rows to delete; a first tagging deletes nothing, so each
    chunk does not scan the run's growing tables.
    """
    doc_ids = chunk["doc_id"].tolist()
    stale = chunk.loc[chunk["seen"], "doc_id"].tolist()
    tagged = pd.DataFrame({"tag_run_id": tag_run_id, "doc_id": doc_ids, "n_sentences": chunk["n"].astype(int).tolist(),
                           "run_id": run_id, "tagged_at": _utcnow()})
    with store.transaction():
        if stale:
            _delete_docs(store, list(tables), tag_run_id, stale)
        for table, rows in tables.items():
            if len(rows):
                store.insert(table, rows)
        store.insert("tagged_documents", tagged)
        _update_count(store, tag_run_id)


@functools.lru_cache(maxsize=4)
def _worker_tagger(codebook: str | Codebook, frames_model: str | None, aliases: tuple[str, ...]) -> Language:
    """The tagging pipeline, built once per worker process and configuration."""
    return make_tagger(codebook, frames_model=frames_model, lemmatize=False, author_aliases=aliases)


def _tag_task(item: tuple[pd.DataFrame, pd.DataFrame], spec: tuple) -> dict[str, pd.DataFrame]:
    """A Dask task: tag one chunk's sentences (``item = (chunk, sentences)``) on a worker.

    In a child forked from the driver during a local batch, the driver's
    pipeline (:data:`_INHERITED`) is used as it is; elsewhere the worker builds its own.
    """
    codebook, frames_model, aliases, tag_run_id, batch_size = spec
    nlp = _INHERITED or _worker_tagger(codebook, frames_model, aliases)
    return tag_rows(nlp, tag_run_id, item[1], batch_size)


#: The driver's warm pipeline while a local Dask batch runs: the forked children that tag inherit it.
_INHERITED: Language | None = None
_CHILD_TIMEOUT = 3600.0
_CHILD_MEMORY_MB = 4096


def _tag_in_child(item: tuple[pd.DataFrame, pd.DataFrame], spec: tuple) -> dict[str, pd.DataFrame]:
    """A Dask task on a local cluster's worker thread: tag the chunk in a forked child of the driver."""
    from discourse.extract.isolate import run_isolated

    rows, _ = run_isolated(_tag_task, (item, spec), timeout=_CHILD_TIMEOUT, memory_mb=_CHILD_MEMORY_MB,
                           label=f"tagging {len(item[1])} sentences of {len(item[0])} documents")
    return rows


@contextlib.contextmanager
def _inherited(nlp: Language) -> Iterator[None]:
    """Make ``nlp`` (compiled by tagging one sentence) what the batch's forked children inherit;
    children forked before are stopped first, and the batch's own when it ends."""
    global _INHERITED
    from discourse.extract.isolate import children_of_batch

    nlp("We will.")
    with children_of_batch(fresh=True):
        _INHERITED = nlp
        try:
            yield
        finally:
            _INHERITED = None


def _update_count(store: CorpusStore, tag_run_id: str) -> None:
    store.con.execute(
        "UPDATE tag_runs SET n_sentences = (SELECT coalesce(sum(n_sentences), 0) FROM tagged_documents "
        "WHERE tag_run_id = ?) WHERE tag_run_id = ?",
        [tag_run_id, tag_run_id],
    )


def tag_store(store: CorpusStore, *, codebook: str | Codebook = DEFAULT_CODEBOOK, frames_model: str | None = None,
              nlp: Language | None = None, author_aliases: Sequence[str] = (), chunk_sentences: int = 20_000,
              batch_size: int = 512, workers: int = 1, scheduler: str | None = None,
              progress: bool = False) -> dict[str, Any]:
    """Tag every sentence of the store (incrementally) under the matching tag run.

    Parameters
    ----------
    store : CorpusStore
        An open, writable store.
    codebook : str or Codebook
        Versioned name, path or loaded codebook (ignored when ``nlp`` is given).
    frames_model : str, optional
        A model from ``discourse train-frames`` (ignored when ``nlp`` is given).
    nlp : spacy.Language, optional
        A pipeline from :func:`~discourse.tag.make_tagger` to use as is (one process only).
    author_aliases : sequence of str
        Names the documents' author goes by, for the commitment component
        (ignored when ``nlp`` is given).
    chunk_sentences : int
        Sentences per transaction (at most 2,000 per task with Dask, so work spreads).
    batch_size : int
        ``nlp.pipe`` batch size.
    workers : int, default 1
        With N > 1, tag chunks on a Dask LocalCluster of N processes; the
        driver commits each chunk. The rows are identical to one worker's.
    scheduler : str, optional
        Address of an existing Dask scheduler to use instead.
    progress : bool
        Show a progress bar.

    Returns
    -------
    dict
        ``tag_run_id``, ``created`` (a new tag run), ``documents`` and
        ``sentences`` tagged now, ``removed`` documents, and rows per table.

    Examples
    --------
    >>> from discourse.store import open_store
    >>> with open_store("out/demo/discourse.duckdb") as store:  # doctest: +SKIP
    ...     tag_store(store)["tag_run_id"]
    """
    if store.read_only:
        raise UsageError(f"Store {store.path} is open read-only: tagging writes to it.")
    distributed = workers > 1 or scheduler is not None
    if distributed and nlp is not None:
        raise UsageError("Tagging on Dask builds the pipeline on each worker: give codebook/frames_model, not nlp.")
    aliases = tuple(author_aliases)
    nlp = nlp or make_tagger(codebook, frames_model=frames_model, lemmatize=False, author_aliases=aliases)
    config = run_config(nlp)
    run_id = store.start_run("tag", {**config, "chunk_sentences": chunk_sentences, "workers": workers,
                                     "scheduler": scheduler})
    spec = (codebook, frames_model, aliases, batch_size, workers, scheduler) if distributed else None
    try:
        summary = _tag_all(store, nlp, config, run_id, chunk_sentences, batch_size, progress, spec)
    except KeyboardInterrupt:
        store.finish_run(run_id, "interrupted")
        raise
    except BaseException as e:
        store.finish_run(run_id, "failed", {"error": str(e)})
        raise
    store.finish_run(run_id, "ok", summary)
    return summary


def _tag_all(store: CorpusStore, nlp: Language, config: dict[str, Any], run_id: str, chunk_sentences: int,
             batch_size: int, progress: bool, spec: tuple | None) -> dict[str, Any]:
    """Drop rows of documents that are gone, then tag what is new or changed, chunk by chunk."""
    tag_run_id, created = _find_or_create_run(store, config, run_id)
    tables = [out.table for out, _ in outputs(nlp)]
    gone = _gone_documents(store, tag_run_id)
    if gone:
        with store.transaction():
            _delete_docs(store, tables, tag_run_id, gone)
            _update_count(store, tag_run_id)
    todo = _documents_to_tag(store, tag_run_id)
    n_sent = 0
    bar = _progress(int(todo["n"].sum()) if len(todo) else 0, progress)
    if spec is None or todo.empty:  # nothing to tag: no cluster to start
        done_chunks = ((chunk, tag_rows(nlp, tag_run_id, _chunk_sentences(store, chunk), batch_size))
                       for chunk in _chunks(todo, chunk_sentences))
    else:
        done_chunks = _tag_dask(store, nlp, todo, tag_run_id, min(chunk_sentences, 2_000), spec)
    for chunk, rows in done_chunks:
        _write_chunk(store, rows, tag_run_id, run_id, chunk)
        done = int(chunk["n"].sum())
        n_sent += done
        if bar is not None:
            bar.update(done)
    if bar is not None:
        bar.close()
    counts = {t: int(store.query(f'SELECT count(*) AS n FROM "{t}" WHERE tag_run_id = ?', [tag_run_id])["n"][0])
              for t in tables}
    return {"tag_run_id": tag_run_id, "created": created, "documents": int(len(todo)), "sentences": n_sent,
            "removed": len(gone), "rows": counts, **{k: v for k, v in config.items() if v is not None}}


def _tag_dask(store: CorpusStore, nlp: Language, todo: pd.DataFrame, tag_run_id: str, chunk_sentences: int,
              spec: tuple) -> Iterator[tuple[pd.DataFrame, dict[str, pd.DataFrame]]]:
    """Tag chunks on Dask workers, at most two per worker in flight; yield them as they finish.

    On an existing cluster each worker process builds the pipeline once. A
    local cluster's workers are threads of this process, each tagging in a
    child forked from it after ``nlp`` is built and compiled: no worker
    interpreter starts, imports spaCy or compiles the codebook.
    """
    from discourse._dask import dask_client, n_slots, stream

    codebook, frames_model, aliases, batch_size, workers, scheduler = spec
    items = ((chunk, _chunk_sentences(store, chunk)) for chunk in _chunks(todo, chunk_sentences))
    task_spec = (codebook, frames_model, aliases, tag_run_id, batch_size)
    local = scheduler is None
    with (_inherited(nlp) if local else contextlib.nullcontext(),
          dask_client(workers, scheduler, processes=not local) as client):
        slots = n_slots(client, workers, local=local)
        task = _tag_in_child if local else _tag_task
        for (chunk, _), rows, error in stream(client, task, items, (task_spec,), slots):
            if error is not None:  # committed chunks stay; a re-run tags the rest
                raise TagError(f"A Dask worker failed while tagging {len(chunk)} documents "
                               f"({type(error).__name__}: {error}). Chunks already written are kept: "
                               "re-run the same command to finish.") from error
            yield chunk, rows


def _progress(total: int, enabled: bool):
    if not enabled or total == 0:
        return None
    from tqdm import tqdm

    return tqdm(total=total, unit="sent", desc="tag")


def tag_table(df: pd.DataFrame, *, text_column: str = "text", codebook: str | Codebook = DEFAULT_CODEBOOK,
              frames_model: str | None = None, nlp: Language | None = None, prefix: str = "",
              batch_size: int = 512) -> pd.DataFrame:
    """Tag a table of sentences without a store.

    Parameters
    ----------
    df : DataFrame
        One sentence per row.
    text_column : str
        The column holding the sentence text (missing text tags as empty).
    codebook, frames_model, nlp
        As for :func:`tag_store`.
    prefix : str
        Prepended to every output column (use it when the input already has
        columns called ``localism`` etc., e.g. gold labels).

    Returns
    -------
    DataFrame
        Every input column, then one 0/1 column per frame and ``frame_terms``
        (and the columns of other components in the pipeline).

    Raises
    ------
    UsageError
        If the text column is missing, or an output column would overwrite an input column.

    Examples
    --------
    >>> tag_table(pd.DataFrame({"text": ["Volunteers run the library."]}))["enabling"].tolist()
    [1]
    """
    texts = column_texts(df, text_column)
    nlp = nlp or make_tagger(codebook, frames_model=frames_model, lemmatize=False)
    cols = [output_columns(doc, nlp) for doc in nlp.pipe(texts, batch_size=batch_size)]
    extra = pd.DataFrame(cols, index=df.index) if cols else pd.DataFrame(index=df.index)
    extra = extra.add_prefix(prefix) if prefix else extra
    clash = [c for c in extra.columns if c in df.columns]
    if clash:
        raise UsageError(f"Input already has columns {', '.join(clash)}: pass a prefix (--prefix pred_) "
                         "so the tagger's columns do not overwrite them.")
    return pd.concat([df, extra], axis=1)


def column_texts(df: pd.DataFrame, text_column: str) -> list[str]:
    """The sentences of ``df[text_column]`` as strings (missing text as ``""``); UsageError without the column."""
    if text_column not in df.columns:
        raise UsageError(f"No text column {text_column!r}: columns are {', '.join(map(str, df.columns))}. "
                         "Pass --text-column.")
    return ["" if pd.isna(t) else str(t) for t in df[text_column].tolist()]


def read_table(path: str | os.PathLike) -> pd.DataFrame:
    """Read a CSV or Parquet table of sentences."""
    path = str(path)
    try:
        return pd.read_parquet(path) if path.lower().endswith(".parquet") else pd.read_csv(path)
    except FileNotFoundError as e:
        raise UsageError(f"Input file {path} does not exist.") from e
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError, OSError, ValueError) as e:
        raise UsageError(f"Cannot read {path} as a table: {e}") from e
