"""Compare stores: the same rows, whatever run, timing or worker produced them."""

from __future__ import annotations

import pandas as pd

from discourse.store import open_store

#: Columns that legitimately differ between equivalent runs.
VOLATILE = {"run_id", "seconds", "peak_rss_mb", "started_at", "finished_at"}
EXTRACT_TABLES = ("documents", "pages", "tables", "sentences")
#: Tag tables, compared without their tag run ids (time-based) and times.
TAG_TABLES = ("frames", "commitments", "tagged_documents")
_TAG_VOLATILE = {"tag_run_id", "tagged_at"}


def snapshot(path, tables=EXTRACT_TABLES) -> dict[str, pd.DataFrame]:
    """Every row of ``tables``, volatile columns dropped, sorted by all remaining columns."""
    out = {}
    with open_store(path, read_only=True) as store:
        for name in tables:
            df = store.table(name)
            volatile = VOLATILE | (_TAG_VOLATILE if name in TAG_TABLES else set())
            df = df.drop(columns=[c for c in df.columns if c in volatile])
            for col in df.columns:  # list columns (all_paths, removed_lines) as hashable tuples
                if df[col].map(lambda v: hasattr(v, "__len__") and not isinstance(v, str)).any():
                    df[col] = df[col].map(lambda v: tuple(v) if v is not None else None)
            out[name] = df.sort_values(list(df.columns)).reset_index(drop=True)
    return out


def assert_same_store(a, b, tables=EXTRACT_TABLES) -> None:
    """Assert two stores hold the same rows in ``tables``."""
    sa, sb = snapshot(a, tables), snapshot(b, tables)
    for name in tables:
        pd.testing.assert_frame_equal(sa[name], sb[name], check_dtype=False, obj=f"table {name}")
