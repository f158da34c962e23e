"""The corpus store: an embedded DuckDB file holding every table."""

from __future__ import annotations

from discourse.store.schema import SCHEMA_VERSION, TABLES, schema_markdown
from discourse.store.store import CorpusStore, new_run_id, open_store

__all__ = ["CorpusStore", "open_store", "new_run_id", "SCHEMA_VERSION", "TABLES", "schema_markdown", "store_summary"]


def store_summary(store: CorpusStore) -> dict:
    """Row counts per table, documents by status and the last runs."""
    tables = {name: store.count(name) for name in store.table_names() if name != "meta"}
    status = {}
    if "documents" in tables:
        status = dict(store.con.execute(
            "SELECT status, count(*) FROM documents GROUP BY 1 ORDER BY 2 DESC, 1").fetchall())
    runs = store.query(
        "SELECT run_id, command, status, started_at, finished_at FROM runs ORDER BY started_at DESC LIMIT 5"
    ).to_dict("records")
    return {"schema_version": store.schema_version, "tables": tables, "status": status, "runs": runs}
