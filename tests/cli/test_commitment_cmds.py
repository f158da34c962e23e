"""CLI: train-commitment, measure and evidence (exit codes and error text)."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from discourse.cli import main
from discourse.store import open_store

SENTENCES = [
    ("We will invest £4m in cycle lanes.", "resourced"),
    ("The council has allocated £300,000 to food banks.", "resourced"),
    ("We will introduce a register of landlords.", "pledge"),
    ("We will abolish the parking levy.", "pledge"),
    ("We will ensure communities feel heard.", "rhetoric"),
    ("It is vital that residents shape services.", "rhetoric"),
    ("The committee approved the minutes.", "other"),
    ("Unemployment fell to 4% last year.", "other"),
] * 2


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def labels_csv(tmp_path):
    path = tmp_path / "coded.csv"
    pd.DataFrame(SENTENCES, columns=["sentence", "code"]).to_csv(path, index=False)
    return path


def test_train_commitment(runner, labels_csv, tmp_path):
    out = tmp_path / "m.joblib"
    result = runner.invoke(main, ["train-commitment", str(labels_csv), "--out", str(out), "--text-column",
                                  "sentence", "--label-column", "code", "--cv", "2", "--min-df", "1"])
    assert result.exit_code == 0, result.output
    assert "trained on 16 sentences" in result.output
    assert "2-fold cross-validated macro-F1" in result.output
    assert out.is_file()


def test_train_commitment_json(runner, labels_csv, tmp_path):
    result = runner.invoke(main, ["train-commitment", str(labels_csv), "-o", str(tmp_path / "m.joblib"),
                                  "--text-column", "sentence", "--label-column", "code", "--json",
                                  "--no-text-features", "--author-alias", "KCC"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["n"] == 16


@pytest.mark.parametrize("args, message", [
    (["--text-column", "text"], "no column 'text'"),
    (["--text-column", "sentence", "--label-column", "code", "--cv", "5"], "folds need at least 5"),
])
def test_train_commitment_usage_errors(runner, labels_csv, tmp_path, args, message):
    result = runner.invoke(main, ["train-commitment", str(labels_csv), "-o", str(tmp_path / "m.joblib"), *args])
    assert result.exit_code == 2
    assert message in result.output


def test_train_commitment_missing_file(runner, tmp_path):
    result = runner.invoke(main, ["train-commitment", str(tmp_path / "none.csv"), "-o", str(tmp_path / "m")])
    assert result.exit_code == 2
    assert "does not exist" in result.output


def test_train_commitment_needs_out(runner, labels_csv):
    result = runner.invoke(main, ["train-commitment", str(labels_csv)])
    assert result.exit_code == 2
    assert "--out" in result.output


def _fill_store(store) -> None:
    """Three documents with commitments and frames, as the tag stage writes them."""
    docs = pd.DataFrame([
        {"doc_id": "d1", "sha256": "1" * 64, "path": "/docs/d1.pdf", "title": "Title d1",
         "date": pd.Timestamp("2014-02-10").date(), "doc_type": "plan", "status": "ok"},
        {"doc_id": "d3", "sha256": "3" * 64, "path": "/docs/d3.pdf", "title": "Title d3",
         "date": pd.Timestamp("2015-05-20").date(), "doc_type": "budget", "status": "ok"},
    ])
    labels = [("d1", 0, "resourced"), ("d1", 1, "rhetoric"), ("d1", 2, "pledge"), ("d3", 0, "pledge"),
              ("d3", 1, "resourced")]
    sentences = pd.DataFrame([{"doc_id": d, "sentence_id": i, "page_no": i + 1, "text": f"Sentence {i} of {d}."}
                              for d, i, _ in labels])
    money = json.dumps([{"label": "MONEY", "text": "£1m", "start_char": 0, "end_char": 3}])
    commitments = pd.DataFrame([{"tag_run_id": "t1", "doc_id": d, "sentence_id": i, "label": lab, "score": 0.9,
                                 "evidence_json": money if lab == "resourced" else "[]"} for d, i, lab in labels])
    with store.transaction():
        store.insert("documents", docs)
        store.insert("sentences", sentences)
        store.insert("commitments", commitments)
        store.con.execute("INSERT INTO frames VALUES ('t1', 'd1', 0, 'localism', 'x', [], false, 1.0), "
                          "('t1', 'd3', 0, 'enabling', 'x', [], false, 1.0)")


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "s.duckdb"
    with open_store(path) as store:
        _fill_store(store)
    return path


def test_measure_prints_and_writes(runner, store_path, tmp_path):
    result = runner.invoke(main, ["measure", "--store", str(store_path), "--by", "frame,year", "--n-boot", "50"])
    assert result.exit_code == 0, result.output
    assert "localism" in result.output and "resourcing_index" in result.output
    out = tmp_path / "ri.parquet"
    result = runner.invoke(main, ["measure", "-s", str(store_path), "--by", "frame", "--by", "doc_type",
                                  "--n-boot", "0", "--out", str(out)])
    assert result.exit_code == 0, result.output
    df = pd.read_parquet(out)
    assert {"frame", "doc_type", "resourcing_index", "resourcing_lo"} <= set(df.columns)


def test_measure_json(runner, store_path):
    result = runner.invoke(main, ["measure", "-s", str(store_path), "--by", "year", "--n-boot", "0", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)
    assert sorted(str(r["year"]) for r in rows) == ["2014", "2015"]


@pytest.mark.parametrize("args, code, message", [
    (["--by", "frame", "--out", "ri.xlsx"], 2, ".csv or .parquet"),
    (["--by", "colour"], 2, "lacks columns ['colour']"),
])
def test_measure_errors(runner, store_path, tmp_path, args, code, message):
    args = [a if a != "ri.xlsx" else str(tmp_path / a) for a in args]
    result = runner.invoke(main, ["measure", "-s", str(store_path), "--n-boot", "0", *args])
    assert result.exit_code == code
    assert message in result.output


def test_measure_on_a_store_without_tags(runner, tmp_path):
    path = tmp_path / "empty.duckdb"
    open_store(path).close()
    result = runner.invoke(main, ["measure", "-s", str(path)])
    assert result.exit_code == 2
    assert "discourse tag" in result.output


def test_measure_on_a_missing_store(runner, tmp_path):
    result = runner.invoke(main, ["measure", "-s", str(tmp_path / "nope.duckdb")])
    assert result.exit_code == 1
    assert "No store at" in result.output


def test_evidence(runner, store_path, tmp_path):
    result = runner.invoke(main, ["evidence", "-s", str(store_path), "--frame", "localism", "--year", "2014",
                                  "--label", "resourced"])
    assert result.exit_code == 0, result.output
    assert "MONEY £1m" in result.output and "Title d1" in result.output
    out = tmp_path / "ev.csv"
    result = runner.invoke(main, ["evidence", "-s", str(store_path), "--doc-type", "budget", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert set(pd.read_csv(out).doc_id) == {"d3"}
    result = runner.invoke(main, ["evidence", "-s", str(store_path), "--label", "pledge", "--json", "--limit", "1"])
    assert result.exit_code == 0 and len(json.loads(result.output)) == 1


def test_evidence_bad_label(runner, store_path):
    result = runner.invoke(main, ["evidence", "-s", str(store_path), "--label", "maybe"])
    assert result.exit_code == 2
    assert "'maybe' is not one of" in result.output


def test_commands_have_help_with_an_example(runner):
    for command in ("train-commitment", "measure", "evidence"):
        result = runner.invoke(main, [command, "--help"])
        assert result.exit_code == 0
        assert "Example: discourse " + command in result.output
