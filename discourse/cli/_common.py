"""Shared pieces of the CLI: the root group, the error boundary, option decorators."""

from __future__ import annotations

import json
import logging
import sys
from typing import Any, Callable

import click

from discourse._versions import __version__
from discourse.errors import DiscourseError, UsageError

__all__ = ["DiscourseGroup", "main", "store_option", "json_option", "echo_json", "progress_enabled"]


class DiscourseGroup(click.Group):
    """A click group that turns discourse errors into clean CLI errors.

    ``UsageError`` exits with status 2 (like click's own usage errors); any
    other ``DiscourseError`` with status 1. Both print ``Error: <message>``.
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as e:
            raise click.UsageError(str(e), ctx=ctx) from e
        except DiscourseError as e:
            raise click.ClickException(str(e)) from e


@click.group(cls=DiscourseGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="discourse")
@click.option("-v", "--verbose", count=True, help="Log more (-v info, -vv debug) to stderr.")
def main(verbose: int) -> None:
    """discourse: policy discourse analysis from PDFs to the resourcing gap.

    \b
    Start with:
      discourse run corpora/demo --manifest corpora/demo/manifest.csv --out out/demo
    """
    if verbose:
        logging.basicConfig(
            level=logging.DEBUG if verbose > 1 else logging.INFO,
            format="%(asctime)s %(name)s %(levelname)s: %(message)s",
            stream=sys.stderr,
        )


def store_option(required: bool = True) -> Callable:
    """``--store PATH``: the DuckDB corpus store."""
    return click.option(
        "--store", "-s", "store_path", required=required,
        type=click.Path(dir_okay=False, path_type=str),
        help="The corpus store (a DuckDB file), e.g. out/demo/discourse.duckdb.",
    )


json_option = click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON.")


def echo_json(data: Any) -> None:
    """Print ``data`` as indented JSON on stdout."""
    click.echo(json.dumps(data, indent=2, default=str, sort_keys=True))


def progress_enabled() -> bool:
    """Progress bars only when stderr is a terminal."""
    return sys.stderr.isatty()
