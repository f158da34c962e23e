"""Store commands: schema, info, query, export."""

from __future__ import annotations

import click

from discourse.cli._common import echo_json, json_option, main, store_option

# discourse.store (pandas, DuckDB) is imported inside the commands: Dask workers spawned by
# `discourse extract --workers N` re-import this module as the console script's __main__.


@main.command("schema")
def schema_cmd() -> None:
    """Print the store schema: every table and column with its meaning.

    Example: discourse schema > SCHEMA.md
    """
    from discourse.store import schema_markdown

    click.echo(schema_markdown())


@main.command("info")
@store_option()
@json_option
def info_cmd(store_path: str, as_json: bool) -> None:
    """Summarise a store: row counts, documents by status, last runs.

    Example: discourse info --store out/demo/discourse.duckdb
    """
    from discourse.store import open_store, store_summary

    with open_store(store_path, read_only=True) as store:
        summary = store_summary(store)
    if as_json:
        echo_json(summary)
        return
    click.echo(f"store: {store_path} (schema v{summary['schema_version']})")
    for name, n in summary["tables"].items():
        click.echo(f"  {name:<20} {n:>10,} rows")
    if summary["status"]:
        click.echo("documents by status: " + ", ".join(f"{k} {v}" for k, v in summary["status"].items()))


@main.command("query")
@store_option()
@click.argument("sql")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table",
              show_default=True, help="How to print the result.")
@click.option("--limit", type=int, default=None, help="Print at most N rows.")
def query_cmd(store_path: str, sql: str, fmt: str, limit: int | None) -> None:
    """Run SQL against the store and print the result.

    Example: discourse query --store out/demo/discourse.duckdb "SELECT status, count(*) FROM documents GROUP BY 1"
    """
    import pandas as pd

    from discourse.store import open_store

    with open_store(store_path, read_only=True) as store:
        df = store.query(sql)
    if limit is not None:
        df = df.head(limit)
    if fmt == "csv":
        click.echo(df.to_csv(index=False), nl=False)
    elif fmt == "json":
        click.echo(df.to_json(orient="records", date_format="iso", force_ascii=False))
    else:
        with pd.option_context("display.max_rows", 200, "display.max_columns", 50, "display.width", 200,
                               "display.max_colwidth", 80):
            click.echo(df.to_string(index=False) if len(df) else "(no rows)")


@main.command("export")
@store_option()
@click.option("--table", "-t", "table_name", required=True, help="Table to export, e.g. sentences.")
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv"]), default=None,
              help="Output format (default: from the --out extension).")
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False), help="Output file.")
def export_cmd(store_path: str, table_name: str, fmt: str | None, out: str) -> None:
    """Export a store table to Parquet or CSV.

    Example: discourse export --store out/demo/discourse.duckdb --table sentences --format parquet --out sentences.parquet
    """
    from discourse.store import open_store

    with open_store(store_path, read_only=True) as store:
        path = store.export(table_name, out, fmt)
        n = store.count(table_name)
    click.echo(f"wrote {n:,} rows of {table_name} to {path}")
