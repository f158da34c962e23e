"""CliRunner tests: exit codes and messages of schema, info, query, export, extract, add-text, run."""

import json
import subprocess
import sys

import pytest
from click.testing import CliRunner

import pdfgen
from discourse.cli import main


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def folder(tmp_path):
    d = tmp_path / "in"
    d.mkdir()
    pdfgen.simple(d / "a.pdf", "The council will fund twelve posts.\nWe want communities to lead.")
    return d


def test_importing_the_cli_loads_neither_pandas_nor_duckdb():
    """Dask workers spawned by the console script re-import it as their __main__: it must stay light."""
    code = "import sys, discourse.cli; print(sorted(m for m in ('pandas', 'duckdb', 'pyarrow') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@pytest.mark.slow
def test_extract_and_tag_with_two_workers_keep_stderr_clean(tmp_path):
    """A local cluster's start and close print nothing: stderr is for the user's own problems."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(6):
        pdfgen.simple(folder / f"d{i}.pdf", f"Report {i}.\nThe council will fund {i} new posts.")
    store = str(tmp_path / "s.duckdb")
    for args in (["extract", str(folder)], ["tag"]):
        r = subprocess.run([sys.executable, "-m", "discourse", *args, "--store", store, "--workers", "2"],
                           capture_output=True, text=True)
        assert r.returncode == 0, r.stderr[-2000:]
        assert r.stderr == "", r.stderr[-2000:]


def test_extract_then_store_commands(runner, folder, tmp_path):
    store = str(tmp_path / "s.duckdb")
    r = runner.invoke(main, ["extract", str(folder), "--store", store])
    assert r.exit_code == 0, r.output
    assert "1 files -> 1 documents" in r.output and "status: ok 1" in r.output

    r = runner.invoke(main, ["info", "--store", store, "--json"])
    assert r.exit_code == 0 and json.loads(r.output)["tables"]["documents"] == 1

    r = runner.invoke(main, ["query", "--store", store, "SELECT count(*) AS n FROM sentences", "--format", "csv"])
    assert r.exit_code == 0 and r.output.splitlines() == ["n", "2"]

    out = tmp_path / "s.parquet"
    r = runner.invoke(main, ["export", "--store", store, "--table", "sentences", "--format", "parquet", "--out", str(out)])
    assert r.exit_code == 0 and out.exists() and "wrote 2 rows" in r.output

    r = runner.invoke(main, ["export", "--store", store, "--table", "nope", "--out", str(out)])
    assert r.exit_code == 2 and "No table 'nope'" in r.output

    r = runner.invoke(main, ["query", "--store", store, "SELEC nonsense"])
    assert r.exit_code == 1 and "Query failed" in r.output


def test_extract_strict_and_json(runner, folder, tmp_path):
    (folder / "empty.pdf").write_bytes(b"")
    store = str(tmp_path / "s.duckdb")
    r = runner.invoke(main, ["extract", str(folder), "--store", store, "--json"])
    assert r.exit_code == 0
    summary = json.loads(r.output)
    assert summary["status"] == {"ok": 1, "empty": 1}
    r = runner.invoke(main, ["extract", str(folder), "--store", store, "--strict"])
    assert r.exit_code == 1


def test_extract_usage_errors(runner, tmp_path):
    r = runner.invoke(main, ["extract", str(tmp_path / "missing"), "--store", str(tmp_path / "s.duckdb")])
    assert r.exit_code == 2 and "does not exist" in r.output
    r = runner.invoke(main, ["extract", str(tmp_path), "--store", str(tmp_path / "s.duckdb"), "--workers", "0"])
    assert r.exit_code == 2


def test_query_on_missing_store(runner, tmp_path):
    r = runner.invoke(main, ["query", "--store", str(tmp_path / "none.duckdb"), "SELECT 1"])
    assert r.exit_code == 1 and "No store at" in r.output


def test_add_text(runner, tmp_path):
    csv = tmp_path / "t.csv"
    csv.write_text("year,text\n2012,We will act.\n2013,\n")
    store = str(tmp_path / "s.duckdb")
    r = runner.invoke(main, ["add-text", str(csv), "--store", store, "--date-column", "year"])
    assert r.exit_code == 0, r.output
    assert "2 records: 1 added" in r.output and "line 3: empty text" in r.output
    r = runner.invoke(main, ["add-text", str(csv), "--store", store, "--date-column", "nope"])
    assert r.exit_code == 2 and "--date-column 'nope'" in r.output


def test_run(runner, folder, tmp_path):
    out = tmp_path / "out"
    r = runner.invoke(main, ["run", str(folder), "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert (out / "discourse.duckdb").exists() and "extract: 1 documents (1 ok)" in r.output
    assert "tag: 2 sentences tagged now" in r.output
    assert "topics: skipped (2 texts are too few" in r.output  # reported, and the job goes on
    assert (out / "report.html").exists()
    again = runner.invoke(main, ["run", str(folder), "--out", str(out), "--no-topics"])
    assert again.exit_code == 0 and "tag: 0 sentences tagged now" in again.output


def test_schema(runner):
    r = runner.invoke(main, ["schema"])
    assert r.exit_code == 0 and "## `sentences`" in r.output


def test_every_command_has_help_with_an_example(runner):
    for name, cmd in main.commands.items():
        r = runner.invoke(main, [name, "--help"])
        assert r.exit_code == 0
        if not hasattr(cmd, "commands"):
            assert "Example" in (cmd.help or "") or name == "schema", name
