"""Report commands: report."""

from __future__ import annotations

import click

from discourse.cli._common import main, store_option


@main.command("report")
@store_option()
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False), help="Output folder.")
@click.option("--title", default=None, help="Report title.")
@click.option("--bin", "bin_", type=click.Choice(["year", "quarter", "month", "decade"]), default="year",
              show_default=True, help="Time bins for over-time figures.")
@click.option("--n-boot", type=click.IntRange(min=0), default=1000, show_default=True,
              help="Bootstrap replicates for intervals.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for the bootstrap.")
def report_cmd(store_path, out, title, bin_, n_boot, seed):
    """Write a self-contained HTML report and the tables behind every figure.

    Example: discourse report --store out/demo/discourse.duckdb --out out/demo
    """
    from discourse.report import build_report
    from discourse.store import open_store

    with open_store(store_path, read_only=True) as store:
        path = build_report(store, out, title=title, bin=bin_, n_boot=n_boot, seed=seed)
    click.echo(f"report: {path}")
