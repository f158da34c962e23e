"""Measure commands: measure (the resourcing index) and evidence (the sentences behind a cell)."""

from __future__ import annotations

import click

from discourse.cli._common import echo_json, json_option, main, store_option

_LABELS = click.Choice(["resourced", "pledge", "rhetoric", "other"])


def _print(df, max_colwidth: int = 60) -> None:
    import pandas as pd

    with pd.option_context("display.max_rows", 500, "display.max_columns", 50, "display.width", 220,
                           "display.max_colwidth", max_colwidth):
        click.echo(df.to_string(index=False) if len(df) else "(no rows)")


@main.command("measure")
@store_option()
@click.option("--by", "by", multiple=True, default=("frame,year",), show_default=True,
              help="Grouping keys, comma-separated or repeated: frame, subframe, year, quarter, month, "
                   "doc_type, actor, doc_id.")
@click.option("--tag-run", "tag_run_id", default=None, help="Tag run to measure (default: the newest).")
@click.option("--n-boot", type=click.IntRange(min=0), default=1000, show_default=True,
              help="Bootstrap replicates for the 95% intervals (documents are resampled; 0: none).")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed of the bootstrap.")
@click.option("--include-unframed", is_flag=True, help="Report sentences with no frame as frame '(none)'.")
@click.option("--exclude-negated", is_flag=True, help="Leave out negated frame mentions.")
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="Write the table to FILE.csv or FILE.parquet instead of printing it.")
@json_option
def measure_cmd(store_path: str, by: tuple[str, ...], tag_run_id: str | None, n_boot: int, seed: int,
                include_unframed: bool, exclude_negated: bool, out: str | None, as_json: bool) -> None:
    """The resourcing index per cell: counts of rhetoric, pledge and resourced sentences,
    resourced / (rhetoric + pledge + resourced) and the pledge rate, with 95% intervals.

    Example: discourse measure --store out/demo/discourse.duckdb --by frame,year --by doc_type --out ri.csv
    """
    from discourse.measure.resourcing import measure, write_table
    from discourse.store import open_store

    keys = [k.strip() for part in by for k in part.split(",") if k.strip()]
    with open_store(store_path, read_only=True) as store:
        df = measure(store, keys, tag_run_id=tag_run_id, n_boot=n_boot, seed=seed,
                     include_unframed=include_unframed, exclude_negated=exclude_negated)
    if out:
        path = write_table(df, out)
        click.echo(f"wrote {len(df):,} cells to {path}")
    elif as_json:
        echo_json(df.to_dict(orient="records"))
    else:
        _print(df.round(3))


@main.command("evidence")
@store_option()
@click.option("--frame", default=None, help="Only sentences tagged with this frame (e.g. localism).")
@click.option("--subframe", default=None, help="Only this sub-frame.")
@click.option("--year", type=int, default=None, help="Only documents dated in this year.")
@click.option("--quarter", default=None, help="Only this quarter, e.g. 2014-Q2.")
@click.option("--month", default=None, help="Only this month, e.g. 2014-05.")
@click.option("--doc-type", default=None, help="Only this document type.")
@click.option("--actor", default=None, help="Only this actor.")
@click.option("--doc-id", default=None, help="Only this document.")
@click.option("--label", type=_LABELS, default=None, help="Only this commitment label.")
@click.option("--tag-run", "tag_run_id", default=None, help="Tag run (default: the newest).")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="At most N sentences.")
@click.option("--out", "-o", type=click.Path(dir_okay=False, path_type=str), default=None,
              help="Write the table to FILE.csv or FILE.parquet instead of printing it.")
@json_option
def evidence_cmd(store_path: str, frame: str | None, subframe: str | None, year: int | None,
                 quarter: str | None, month: str | None, doc_type: str | None, actor: str | None,
                 doc_id: str | None, label: str | None, tag_run_id: str | None, limit: int | None,
                 out: str | None, as_json: bool) -> None:
    """The sentences behind a cell of the resourcing index, with document, path, page and evidence.

    Example: discourse evidence --store out/demo/discourse.duckdb --frame localism --year 2014 --label resourced
    """
    from discourse.measure.resourcing import evidence, write_table
    from discourse.store import open_store

    cell = {k: v for k, v in (("frame", frame), ("subframe", subframe), ("year", year), ("quarter", quarter),
                              ("month", month), ("doc_type", doc_type), ("actor", actor), ("doc_id", doc_id),
                              ("label", label)) if v is not None}
    with open_store(store_path, read_only=True) as store:
        df = evidence(store, cell, tag_run_id=tag_run_id, limit=limit)
    if out:
        path = write_table(df, out)
        click.echo(f"wrote {len(df):,} sentences to {path}")
    elif as_json:
        echo_json(df.drop(columns=["evidence_json"], errors="ignore").to_dict(orient="records"))
    else:
        cols = [c for c in ("doc_id", "title", "page_no", "label", "text", "evidence") if c in df.columns]
        _print(df[cols], max_colwidth=90)
