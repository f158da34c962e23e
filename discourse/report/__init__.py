"""Stage 5: the HTML report, the tables behind every figure, and figures for notebooks.

>>> from discourse import open_store, report
>>> with open_store("out/demo/discourse.duckdb", read_only=True) as store:   # doctest: +SKIP
...     path = report.build_report(store, "out/demo")
"""

from __future__ import annotations

import os
from pathlib import Path

from discourse.report.figures import *  # noqa: F401,F403 - figures are part of the public API
from discourse.report.figures import __all__ as _figures
from discourse.report.html import Section
from discourse.report.names import safe_filename
from discourse.report.sections import SECTIONS, ReportContext
from discourse.store import CorpusStore

__all__ = ["build_report", "Section", "ReportContext", "safe_filename", *_figures]


def build_report(store: CorpusStore, out: str | os.PathLike, *, title: str | None = None, bin: str = "year",
                 n_boot: int = 1000, seed: int = 0, max_rows: int = 300, sections=SECTIONS,
                 filename: str = "report.html", subtitle: str | None = None) -> Path:
    """Write ``out/report.html`` and the tables behind it (``out/tables/*.csv`` and ``*.parquet``).

    Sections appear when the tables they need exist (frames after tagging,
    topics after topic modelling...).

    Parameters
    ----------
    store : CorpusStore
    out : path
        Output folder.
    title : str, optional
        Report title (default: from the store's file name).
    bin : {"year", "quarter", "month", "decade"}
        Time bins for over-time figures.
    n_boot, seed
        Bootstrap replicates and seed for intervals.
    max_rows : int
        Rows shown per table in the page (all rows are in the table files).
    sections : sequence of callables
        Section builders ``(store, ctx) -> Section | None``, in page order
        (default :data:`~discourse.report.sections.SECTIONS`).
    filename : str
        Name of the HTML file written in ``out``.
    subtitle : str, optional
        Line under the title (default: the number of documents).

    Returns
    -------
    Path
        The report file.
    """
    from discourse.report.html import page_html

    out = Path(out)
    tables_dir = out / "tables"
    tables_dir.mkdir(parents=True, exist_ok=True)
    ctx = ReportContext(str(out), bin=bin, n_boot=n_boot, seed=seed, max_rows=max_rows)
    built = [s for s in (build(store, ctx) for build in sections) if s is not None]
    files: dict[str, list[str]] = {}
    for section in built:
        for name, df in section.tables.items():
            stem = tables_dir / f"{section.id}-{name}"
            df.to_csv(stem.with_suffix(".csv"), index=False)
            df.to_parquet(stem.with_suffix(".parquet"), index=False)
            files.setdefault(section.id, []).append(f"tables/{stem.name}.csv")
    n_docs = store.count("documents") if "documents" in store.table_names() else 0
    html = page_html(title or f"discourse report: {out.resolve().name}",
                     subtitle or f"{n_docs:,} documents in {store.path.name}", built, files)
    path = out / filename
    path.write_text(html, encoding="utf-8")
    return path
