"""CorpusStore: the embedded DuckDB database that holds every table.

One file, no server. Writers are single-process: stages that run in parallel
send their rows to the process that owns the store, which commits each
document in one transaction. Readers get pandas DataFrames.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import secrets
from pathlib import Path
from typing import Any, Iterator, Literal

import duckdb
import pandas as pd

from discourse._versions import package_versions
from discourse.errors import SchemaVersionError, StoreError, UsageError
from discourse.store.schema import SCHEMA_VERSION, TABLES, table

__all__ = ["CorpusStore", "open_store", "new_run_id"]

ExportFormat = Literal["parquet", "csv"]


def new_run_id() -> str:
    """Return a unique, time-ordered run id like ``20261124T153000-3f9a1c``."""
    now = dt.datetime.now(dt.timezone.utc).strftime("%Y%m%dT%H%M%S")
    return f"{now}-{secrets.token_hex(3)}"


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class CorpusStore:
    """An embedded DuckDB corpus store.

    Parameters
    ----------
    path : str or Path
        The database file. Created, with its folder, when it does not exist
        (unless ``read_only``).
    read_only : bool, default False
        Open without write access; several readers may share a file.

    Examples
    --------
    >>> with CorpusStore("out/demo/discourse.duckdb", read_only=True) as store:  # doctest: +SKIP
    ...     store.sentences().head()
    """

    def __init__(self, path: str | os.PathLike, *, read_only: bool = False):
        self.path = Path(path)
        self.read_only = read_only
        if read_only and not self.path.exists():
            raise StoreError(f"No store at {self.path}: run 'discourse extract' or 'discourse run' first.")
        if not read_only:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._con = duckdb.connect(str(self.path), read_only=read_only)
        except duckdb.Error as e:
            raise StoreError(f"Cannot open store {self.path}: {e}") from e
        self._columns: dict[str, list[str]] = {}  # cache of table -> columns, refreshed on a miss
        self._check_schema()

    # -- lifecycle ---------------------------------------------------------
    def close(self) -> None:
        """Close the connection (idempotent)."""
        if self._con is not None:
            self._con.close()
            self._con = None

    def __enter__(self) -> "CorpusStore":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"CorpusStore({str(self.path)!r}, read_only={self.read_only})"

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The underlying DuckDB connection (for power users)."""
        if self._con is None:
            raise StoreError(f"Store {self.path} is closed.")
        return self._con

    # -- schema ------------------------------------------------------------
    def _check_schema(self) -> None:
        con = self.con
        existing = self._existing_tables()
        version = None
        if "meta" in existing:
            row = con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
            version = int(row[0]) if row else None
        if version is not None and version > SCHEMA_VERSION:
            raise SchemaVersionError(
                f"Store {self.path} has schema version {version}, but this discourse knows only up to "
                f"{SCHEMA_VERSION}: upgrade discourse to read it."
            )
        if self.read_only:
            return
        if version == SCHEMA_VERSION and all(t.name in existing for t in TABLES):
            self._add_missing_columns(existing)
            return
        with self.transaction():
            for t in TABLES:
                con.execute(t.ddl())
            self._add_missing_columns(self._existing_tables())
            con.execute(
                "INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(SCHEMA_VERSION)]
            )
            if version is None:
                con.execute(
                    "INSERT OR REPLACE INTO meta VALUES ('created_at', ?)", [_utcnow().isoformat()]
                )

    def _existing_tables(self) -> set[str]:
        rows = self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'"
        ).fetchall()
        self._columns = {}
        return {r[0] for r in rows}

    def _add_missing_columns(self, existing: set[str]) -> None:
        """Additive migration: add declared columns a table lacks."""
        self._cache_columns([t.name for t in TABLES if t.name in existing])
        for t in TABLES:
            if t.name not in existing:
                continue
            have = set(self.columns(t.name))
            for c in t.columns:
                if c.name not in have:
                    self.con.execute(f'ALTER TABLE "{t.name}" ADD COLUMN "{c.name}" {c.type}')
                    self._columns.pop(t.name, None)

    @property
    def schema_version(self) -> int:
        row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def table_names(self) -> list[str]:
        """Names of all tables in the store, sorted."""
        return sorted(self._existing_tables())

    def columns(self, name: str) -> list[str]:
        """Column names of table ``name`` in store order (empty if there is no such table)."""
        cached = self._columns.get(name)
        if cached is not None:
            return list(cached)
        rows = self.con.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_schema = 'main' AND table_name = ? ORDER BY ordinal_position",
            [name],
        ).fetchall()
        cols = [r[0] for r in rows]
        if cols:
            self._columns[name] = cols
        return list(cols)

    def _cache_columns(self, names: list[str]) -> None:
        """Cache the columns of the tables ``names`` with one query (one per table costs ~4 ms each)."""
        rows = self.con.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_schema = 'main' AND list_contains(?, table_name) ORDER BY table_name, ordinal_position",
            [names],
        ).fetchall()
        found: dict[str, list[str]] = {}
        for table, column in rows:
            found.setdefault(table, []).append(column)
        self._columns.update(found)

    def _check_table(self, name: str) -> str:
        if name in self._columns or self.columns(name):
            return name
        raise UsageError(f"No table {name!r} in store {self.path}; tables are: {', '.join(self.table_names())}.")

    # -- reading -----------------------------------------------------------
    def query(self, sql: str, params: list | dict | None = None) -> pd.DataFrame:
        """Run SQL and return the result as a DataFrame.

        Raises
        ------
        StoreError
            If DuckDB rejects the statement; the message carries DuckDB's reason.
        """
        try:
            return self.con.execute(sql, params or []).df()
        except duckdb.Error as e:
            raise StoreError(f"Query failed: {e}") from e

    def table(self, name: str, where: str | None = None, params: list | None = None) -> pd.DataFrame:
        """Return a whole table (optionally filtered by a SQL ``where`` clause) in key order."""
        self._check_table(name)
        decl = _maybe_table(name)
        order = " ORDER BY " + ", ".join(f'"{k}"' for k in decl.primary_key) if decl and decl.primary_key else ""
        sql = f'SELECT * FROM "{name}"' + (f" WHERE {where}" if where else "") + order
        return self.query(sql, params)

    def documents(self, status: str | None = None) -> pd.DataFrame:
        """The documents table, optionally only rows with ``status``."""
        if status is None:
            return self.table("documents")
        return self.table("documents", "status = ?", [status])

    def pages(self, doc_id: str | None = None) -> pd.DataFrame:
        """Pages, for one document or all."""
        return self.table("pages", "doc_id = ?" if doc_id else None, [doc_id] if doc_id else None)

    def sentences(self, doc_id: str | None = None, *, with_docvars: bool = False) -> pd.DataFrame:
        """Sentences, for one document or all.

        Parameters
        ----------
        doc_id : str, optional
            Only this document's sentences.
        with_docvars : bool, default False
            Join the document variables (title, date, doc_type, actor, path).
        """
        if not with_docvars:
            return self.table("sentences", "doc_id = ?" if doc_id else None, [doc_id] if doc_id else None)
        sql = (
            "SELECT s.*, d.title, d.date, d.doc_type, d.actor, d.path FROM sentences s "
            "JOIN documents d USING (doc_id)"
            + (" WHERE s.doc_id = ?" if doc_id else "")
            + " ORDER BY s.doc_id, s.sentence_id"
        )
        return self.query(sql, [doc_id] if doc_id else None)

    def count(self, name: str) -> int:
        """Number of rows in table ``name``."""
        self._check_table(name)
        return self.con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]

    # -- writing -----------------------------------------------------------
    @contextlib.contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run a block in one transaction: all of it lands, or none of it."""
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        else:
            con.execute("COMMIT")

    def insert(self, name: str, rows: "pd.DataFrame | pa.Table | list[dict]") -> int:
        """Append rows to table ``name``, matching columns by name.

        ``rows`` is a DataFrame, a pyarrow Table or a list of dicts (the
        fastest for small batches). Columns the table has and ``rows`` lacks
        are NULL. Returns the number of rows inserted. Call inside
        :meth:`transaction` to group writes.
        """
        if rows is None or len(rows) == 0:
            return 0
        if isinstance(rows, list):
            import pyarrow as pa

            rows = pa.Table.from_pylist(rows)
        self._check_table(name)
        have = self.columns(name)
        names = list(rows.columns) if isinstance(rows, pd.DataFrame) else rows.column_names
        cols = [c for c in have if c in names]
        unknown = set(names) - set(have)
        if unknown:
            raise StoreError(f"Table {name!r} has no columns {sorted(unknown)}.")
        frame = rows[cols] if isinstance(rows, pd.DataFrame) else rows.select(cols)  # noqa: F841 - read by DuckDB
        col_sql = ", ".join(f'"{c}"' for c in cols)
        self.con.execute(f'INSERT INTO "{name}" ({col_sql}) SELECT {col_sql} FROM frame')
        return len(rows)

    def delete_document_rows(self, doc_ids: str | list[str], tables: tuple[str, ...]) -> None:
        """Delete the rows of one or more documents from those of ``tables`` that exist."""
        ids = [doc_ids] if isinstance(doc_ids, str) else list(doc_ids)
        for name in tables:
            if ids and self.columns(name):
                self.con.execute(f'DELETE FROM "{name}" WHERE list_contains(?, doc_id)', [ids])

    # -- runs --------------------------------------------------------------
    def start_run(self, command: str, params: dict[str, Any] | None = None) -> str:
        """Record the start of a run and return its id."""
        run_id = new_run_id()
        self.con.execute(
            "INSERT INTO runs (run_id, started_at, command, params_json, versions_json, status) "
            "VALUES (?, ?, ?, ?, ?, 'running')",
            [run_id, _utcnow(), command, json.dumps(params or {}, default=str, sort_keys=True),
             json.dumps(package_versions(), sort_keys=True)],
        )
        return run_id

    def finish_run(self, run_id: str, status: str = "ok", summary: dict[str, Any] | None = None) -> None:
        """Record the end of a run with its status and summary."""
        self.con.execute(
            "UPDATE runs SET finished_at = ?, status = ?, summary_json = ? WHERE run_id = ?",
            [_utcnow(), status, json.dumps(summary or {}, default=str, sort_keys=True), run_id],
        )

    def runs(self) -> pd.DataFrame:
        """The runs table, oldest first."""
        return self.query("SELECT * FROM runs ORDER BY started_at, run_id")

    # -- export ------------------------------------------------------------
    def export(self, name: str, out: str | os.PathLike, fmt: ExportFormat | None = None) -> Path:
        """Write table ``name`` to Parquet or CSV.

        Parameters
        ----------
        name : str
            A table in the store.
        out : path
            Output file; its folder is created.
        fmt : {"parquet", "csv"}, optional
            Defaults to the file extension of ``out``.

        Returns
        -------
        Path
            The file written.
        """
        out = Path(out)
        fmt = fmt or out.suffix.lstrip(".").lower()
        if fmt not in ("parquet", "csv"):
            raise UsageError(f"Export format {fmt!r} is not supported: use parquet or csv.")
        self._check_table(name)
        out.parent.mkdir(parents=True, exist_ok=True)
        decl = _maybe_table(name)
        order = " ORDER BY " + ", ".join(f'"{k}"' for k in decl.primary_key) if decl and decl.primary_key else ""
        options = "(FORMAT parquet)" if fmt == "parquet" else "(FORMAT csv, HEADER true)"
        target = str(out).replace("'", "''")
        self.con.execute(f"COPY (SELECT * FROM \"{name}\"{order}) TO '{target}' {options}")
        return out


def _maybe_table(name: str):
    try:
        return table(name)
    except KeyError:
        return None


def open_store(path: str | os.PathLike, *, read_only: bool = False) -> CorpusStore:
    """Open (or create) the corpus store at ``path``.

    Examples
    --------
    >>> import discourse
    >>> store = discourse.open_store("out/demo/discourse.duckdb", read_only=True)  # doctest: +SKIP
    >>> store.documents()[["title", "date", "status"]]  # doctest: +SKIP
    """
    return CorpusStore(path, read_only=read_only)
