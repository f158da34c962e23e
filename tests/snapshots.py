"""Compare stores: the same rows, whatever run, timing or worker produced them."""

from __future__ import annotations

import pandas as pd

from discourse.store import open_store

#: Columns that legitimately differ between equivalent runs.
VOLATILE = {"run_id", "seconds", "peak_rss_mb", "started_at", "finished_at"}
EXTRACT_TABLES = ("documents", "pages", "tables", "sentences")


def snapshot(path, tables=EXTRACT_TABLES) -> dict[str, pd.DataFrame]:
    """Every row of ``tables``, volatile columns dropped, sorted by all remaining columns."""
    out = {}
    with open_store(path, read_only=True) as store:
        for name in tables:
            df = store.table(name)
            df = df.drop(columns=[c for c in df.columns if c in VOLATILE])
            if "all_paths" in df.columns:
                df["all_paths"] = df["all_paths"].map(lambda v: tuple(v) if v is not None else None)
            keys = [c for c in df.columns if df[c].map(lambda v: not isinstance(v, (list, dict))).all()]
            out[name] = df.sort_values(keys).reset_index(drop=True)
    return out


def assert_same_store(a, b, tables=EXTRACT_TABLES) -> None:
    """Assert two stores hold the same rows in ``tables``."""
    sa, sb = snapshot(a, tables), snapshot(b, tables)
    for name in tables:
        pd.testing.assert_frame_equal(sa[name], sb[name], check_dtype=False, obj=f"table {name}")
