"""Tag runs: which tagging configuration rows belong to, and which is current.

Plain SQL over the store (no spaCy), so measuring and reporting stages can ask
for the current tag run without loading the taggers.
"""

from __future__ import annotations

import pandas as pd

from discourse.store import CorpusStore

__all__ = ["tag_runs", "current_tag_run"]


def tag_runs(store: CorpusStore) -> pd.DataFrame:
    """The ``tag_runs`` table, newest first (empty when nothing was tagged)."""
    if "tag_runs" not in store.table_names():
        return pd.DataFrame(columns=["tag_run_id"])
    return store.query("SELECT * FROM tag_runs ORDER BY created_at DESC, tag_run_id DESC")


def current_tag_run(store: CorpusStore, *, with_table: str | None = None) -> str | None:
    """The id of the newest tag run, or None when nothing was tagged yet.

    Parameters
    ----------
    with_table : str, optional
        Only tag runs that wrote rows to this table (e.g. ``commitments``).
    """
    if "tag_runs" not in store.table_names():
        return None
    sql = "SELECT tag_run_id FROM tag_runs"
    if with_table:
        if with_table not in store.table_names():
            return None
        sql += f' WHERE tag_run_id IN (SELECT DISTINCT tag_run_id FROM "{with_table}")'
    row = store.con.execute(sql + " ORDER BY created_at DESC, tag_run_id DESC LIMIT 1").fetchone()
    return str(row[0]) if row else None
