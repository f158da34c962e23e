"""Extraction commands: extract, add-text, run."""

from __future__ import annotations

import contextlib
import sys

import click

from discourse.cli._common import echo_json, json_option, main, progress_enabled, store_option
from discourse.codebooks.loader import DEFAULT_CODEBOOK
from discourse.extract.settings import ExtractSettings

_STATUS_ORDER = ("ok", "needs_ocr", "empty", "encrypted", "corrupt", "not_pdf", "timeout", "too_large",
                 "crashed", "missing")


def extract_options(f):
    """Options shared by ``extract`` and ``run``."""
    options = [
        click.option("--manifest", "-m", type=click.Path(exists=True, dir_okay=False),
                     help="CSV with path,title,date,doc_type,actor (paths relative to the manifest)."),
        click.option("--password", default=None, help="Password for encrypted PDFs."),
        click.option("--workers", "-w", type=click.IntRange(min=1), default=1, show_default=True,
                     help="Worker processes; more than 1 runs on a Dask LocalCluster."),
        click.option("--scheduler", default=None, metavar="ADDRESS",
                     help="Use an existing Dask scheduler (tcp://host:8786) instead of a local cluster."),
        click.option("--ocr", is_flag=True, help="OCR scanned pages with OCRmyPDF/Tesseract (system packages)."),
        click.option("--no-tables", is_flag=True, help="Do not look for tables."),
        click.option("--timeout", type=click.FloatRange(min=1), default=120, show_default=True,
                     help="Seconds one file may take."),
        click.option("--memory-mb", type=click.IntRange(min=128), default=1024, show_default=True,
                     help="Memory one file may use."),
        click.option("--max-mb", type=click.IntRange(min=1), default=500, show_default=True,
                     help="Larger files are not opened (status too_large)."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _settings(password, ocr, no_tables, timeout, memory_mb, max_mb) -> ExtractSettings:
    if ocr:
        from discourse.extract.ocr import check_ocr_tools

        check_ocr_tools()
    return ExtractSettings(password=password, ocr=ocr, tables=not no_tables, timeout=timeout,
                           memory_mb=memory_mb, max_bytes=max_mb * 1024 * 1024)


def _print_summary(summary: dict) -> None:
    status = summary["status"]
    order = [k for k in _STATUS_ORDER if k in status] + [k for k in status if k not in _STATUS_ORDER]
    click.echo(f"{summary['files']} files -> {summary['documents']} documents "
               f"({summary['extracted']} extracted, {summary['skipped']} already in the store)")
    click.echo("status: " + (", ".join(f"{k} {status[k]}" for k in order) or "none"))
    rate = f" ({summary['pages_per_second']} pages/s)" if summary.get("pages_per_second") else ""
    click.echo(f"{summary['pages']} pages, {summary['sentences']} sentences in {summary['seconds']} s{rate}")
    for f in summary["failed"]:
        click.echo(f"  {f['status']:<10} {f['error']}", err=True)
    for p in summary["manifest_problems"]:
        click.echo(f"  manifest: {p}", err=True)


@contextlib.contextmanager
def _interruptible():
    """Ctrl-C: say what happened and exit 130 (files not yet done are marked and retried next run)."""
    try:
        yield
    except KeyboardInterrupt:
        click.echo("interrupted: documents committed so far are kept; files not yet extracted are marked "
                   "'interrupted' and re-running the same command finishes them.", err=True)
        sys.exit(130)


@main.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@store_option()
@extract_options
@click.option("--strict", is_flag=True, help="Exit with status 1 when any file is not ok.")
@json_option
def extract_cmd(paths, store_path, manifest, password, workers, scheduler, ocr, no_tables, timeout, memory_mb,
                max_mb, strict, as_json):
    """Extract PDFs into the store: text per page, tables, metadata, sentences.

    PATHS are PDF files or folders (searched recursively for *.pdf). Every file
    ends with a documents row and a status; re-running skips what is done.
    Exit status: 0 when every file has a recorded status (1 with --strict if
    any is not ok), 2 for usage errors.

    Example: discourse extract corpora/demo --manifest corpora/demo/manifest.csv --store out/demo.duckdb
    """
    from discourse.extract import extract
    from discourse.store import open_store

    settings = _settings(password, ocr, no_tables, timeout, memory_mb, max_mb)
    with open_store(store_path) as store, _interruptible():
        summary = extract(list(paths), store, manifest=manifest, settings=settings, workers=workers,
                          scheduler=scheduler, progress=progress_enabled() and not as_json)
    if as_json:
        echo_json(summary)
    else:
        _print_summary(summary)
    if strict and any(k != "ok" for k in summary["status"]):
        sys.exit(1)


@main.command("add-text")
@click.argument("path", type=click.Path(exists=True))
@store_option()
@click.option("--text-column", default="text", show_default=True, help="Column holding the text.")
@click.option("--id-column", default=None, help="Column with a record id (kept in documents.path).")
@click.option("--title-column", default=None, help="Column with a title.")
@click.option("--date-column", default=None, help="Column with a date (ISO, 14/03/2013, 14 March 2013, or a year).")
@click.option("--doc-type-column", default=None, help="Column with the document type.")
@click.option("--actor-column", default=None, help="Column with the author/speaker/party.")
@click.option("--encoding", default="utf-8", show_default=True, help="File encoding (e.g. cp1252).")
@click.option("--manifest", "-m", type=click.Path(exists=True, dir_okay=False),
              help="For a folder of .txt/.md files: path,title,date,doc_type,actor.")
@json_option
def add_text_cmd(path, store_path, text_column, id_column, title_column, date_column, doc_type_column,
                 actor_column, encoding, manifest, as_json):
    """Add a text corpus: a CSV (one document per row) or a folder of .txt/.md files.

    Bad rows are reported with their line numbers; the rest is ingested.
    Re-running adds nothing new.

    Example: discourse add-text speeches.csv --store out/s.duckdb --text-column text --date-column year --actor-column party
    """
    from discourse.extract import add_text
    from discourse.store import open_store

    with open_store(store_path) as store:
        summary = add_text(store, path, text_column=text_column, id_column=id_column, title_column=title_column,
                           date_column=date_column, doc_type_column=doc_type_column, actor_column=actor_column,
                           encoding=encoding, manifest=manifest, progress=progress_enabled() and not as_json)
    if as_json:
        echo_json(summary)
        return
    click.echo(f"{summary['records']} records: {summary['added']} added, {summary['skipped']} already in the "
               f"store, {len(summary['bad_rows'])} reported; {summary['sentences']} sentences "
               f"in {summary['seconds']} s")
    for b in summary["bad_rows"][:50]:
        where = f"line {b['line']}" if b.get("line") else b.get("path", "")
        click.echo(f"  {where}: {b['reason']}", err=True)
    if len(summary["bad_rows"]) > 50:
        click.echo(f"  ... and {len(summary['bad_rows']) - 50} more (use --json for all)", err=True)


@main.command("run")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False),
              help="Output folder (the store is OUT/discourse.duckdb).")
@extract_options
@click.option("--codebook", default=DEFAULT_CODEBOOK, show_default=True, help="Codebook name or YAML path.")
@click.option("--frames-model", type=click.Path(exists=True, dir_okay=False), default=None,
              help="A model from 'discourse train-frames' to tag frames with.")
@click.option("--topics/--no-topics", default=True, show_default=True, help="Fit topics over time.")
@click.option("--bin", "bin_", type=click.Choice(["year", "quarter", "month", "decade"]), default="year",
              show_default=True, help="Time bins for topics and the report.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for topics and bootstrap intervals.")
@json_option
def run_cmd(paths, out, manifest, password, workers, scheduler, ocr, no_tables, timeout, memory_mb, max_mb,
            codebook, frames_model, topics, bin_, seed, as_json):
    """Run the whole pipeline on PDFs into an output folder.

    Extracts the PDFs into OUT/discourse.duckdb, tags every sentence for frames
    and commitment, fits topics over time and writes OUT/report.html. Re-running
    only does what changed.

    Example: discourse run corpora/demo --manifest corpora/demo/manifest.csv --out out/demo
    """
    from discourse.pipeline import run

    settings = _settings(password, ocr, no_tables, timeout, memory_mb, max_mb)
    with _interruptible():
        summaries = run(list(paths), out, manifest=manifest, settings=settings, workers=workers,
                        scheduler=scheduler, progress=progress_enabled() and not as_json, codebook=codebook,
                        frames_model=frames_model, topics=topics, bin=bin_, seed=seed,
                        echo=None if as_json else click.echo)
    if as_json:
        echo_json(summaries)
    else:
        click.echo(f"store: {summaries['store']}")


@main.command("audit")
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True))
@click.option("--out", "-o", required=True, type=click.Path(file_okay=False),
              help="Output folder (OUT/audit.html, OUT/tables/, OUT/discourse.duckdb).")
@click.option("--author", multiple=True, metavar="NAME",
              help="A name the documents' author goes by (repeat: --author 'Kelbridge City Council' --author KCC); "
                   "commitments made under these names count as the author's own.")
@click.option("--codebook", default=DEFAULT_CODEBOOK, show_default=True, help="Codebook name or YAML path.")
@click.option("--password", default=None, help="Password for encrypted PDFs.")
@click.option("--ocr", is_flag=True, help="OCR scanned pages with OCRmyPDF/Tesseract (system packages).")
@json_option
def audit_cmd(paths, out, author, codebook, password, ocr, as_json):
    """Audit a team's own documents: what is resourced, which pledges are not, money by frame.

    No dates or manifest needed. Writes OUT/audit.html (every row links to its
    page in the PDF) and the tables behind it.

    Example: discourse audit plan-2025.pdf budget-2025.pdf --out audit/ --author "Kelbridge City Council"
    """
    from discourse.audit import audit

    settings = _settings(password, ocr, False, 120, 1024, 500)
    with _interruptible():
        summary = audit(list(paths), out, settings=settings, codebook=codebook, author=author,
                        echo=None if as_json else click.echo)
    if as_json:
        echo_json(summary)
