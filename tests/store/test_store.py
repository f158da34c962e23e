import duckdb
import pandas as pd
import pytest

from discourse.errors import SchemaVersionError, StoreError, UsageError
from discourse.store import SCHEMA_VERSION, TABLES, open_store, schema_markdown


def test_new_store_has_every_declared_table_and_column(store):
    for t in TABLES:
        assert store.columns(t.name) == t.column_names
    assert store.schema_version == SCHEMA_VERSION


def test_reopen_keeps_rows(tmp_path):
    path = tmp_path / "s.duckdb"
    with open_store(path) as s:
        s.insert("meta", pd.DataFrame({"key": ["note"], "value": ["kept"]}))
    with open_store(path, read_only=True) as s:
        assert s.query("SELECT value FROM meta WHERE key = 'note'").value.tolist() == ["kept"]


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "s.duckdb"
    open_store(path).close()
    con = duckdb.connect(str(path))
    con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(SCHEMA_VERSION + 1)])
    con.close()
    with pytest.raises(SchemaVersionError, match="upgrade discourse"):
        open_store(path)


def test_missing_column_is_added_on_open(tmp_path):
    path = tmp_path / "s.duckdb"
    open_store(path).close()
    con = duckdb.connect(str(path))
    con.execute("ALTER TABLE sentences DROP COLUMN n_words")
    con.close()
    with open_store(path) as s:
        assert "n_words" in s.columns("sentences")


def test_transaction_rolls_back_on_error(store):
    with pytest.raises(RuntimeError):
        with store.transaction():
            store.insert("meta", pd.DataFrame({"key": ["x"], "value": ["1"]}))
            raise RuntimeError("boom")
    assert store.query("SELECT * FROM meta WHERE key = 'x'").empty


def test_insert_rejects_unknown_columns(store):
    with pytest.raises(StoreError, match="no columns"):
        store.insert("meta", pd.DataFrame({"key": ["x"], "bogus": [1]}))


@pytest.mark.parametrize("fmt", ["parquet", "csv"])
def test_export_round_trip(store, tmp_path, fmt):
    store.insert("meta", pd.DataFrame({"key": ["a", "b"], "value": ["1", "2"]}))
    out = store.export("meta", tmp_path / f"meta.{fmt}")
    back = pd.read_parquet(out) if fmt == "parquet" else pd.read_csv(out, dtype=str)
    assert set(back.key) >= {"a", "b", "schema_version"}


def test_export_unknown_table_and_format(store, tmp_path):
    with pytest.raises(UsageError, match="No table 'nope'"):
        store.export("nope", tmp_path / "x.csv")
    with pytest.raises(UsageError, match="use parquet or csv"):
        store.export("meta", tmp_path / "x.xlsx")


def test_runs_are_recorded(store):
    run_id = store.start_run("test", {"seed": 1})
    store.finish_run(run_id, "ok", {"n": 3})
    runs = store.runs()
    assert runs.run_id.tolist() == [run_id]
    assert runs.status.tolist() == ["ok"]
    assert '"spacy"' in runs.versions_json.iloc[0]


def test_read_only_missing_store_is_a_clear_error(tmp_path):
    with pytest.raises(StoreError, match="No store at"):
        open_store(tmp_path / "absent.duckdb", read_only=True)


def test_schema_markdown_documents_every_column():
    md = schema_markdown()
    for t in TABLES:
        for c in t.columns:
            assert f"`{c.name}`" in md
