import importlib.util
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from discourse.cli import main
from discourse.store import open_store


def _corpus_module():
    path = Path(__file__).resolve().parents[1] / "model" / "topics_corpus.py"
    spec = importlib.util.spec_from_file_location("topics_corpus", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "store.duckdb"
    with open_store(path) as store:
        _corpus_module().fill(store, n_docs=40, per_doc=20, undated=2)
    return path


def invoke(*args):
    return CliRunner().invoke(main, ["topics", *map(str, args)])


def test_topics_writes_the_tables_and_prints_a_summary(store_path):
    result = invoke("--store", store_path, "--min-topic-size", 15, "--n-boot", 100, "--no-save-model")
    assert result.exit_code == 0, result.output
    assert "outliers (topic -1):" in result.output and "before reduction" in result.output
    assert "undated: 2 documents (40 units) left out of topics over time" in result.output
    assert "largest topics:" in result.output
    with open_store(store_path, read_only=True) as store:
        assert store.count("topic_runs") == 1
        assert store.count("topic_assignments") == 800
        assert store.count("topics_over_time") > 0


def test_topics_json_summary_with_seed_topics_file(store_path, tmp_path):
    seeds = tmp_path / "seeds.yml"
    seeds.write_text("localism: [devolution, councils, localism]\nenabling: [volunteers, charities]\n")
    result = invoke("--store", store_path, "--min-topic-size", 15, "--n-boot", 0, "--no-save-model",
                    "--seed-topics", seeds, "--by", "actor", "--bin", "decade", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert summary["bin"] == "decade" and summary["classes"] == {"actor": 3}
    with open_store(store_path, read_only=True) as store:
        params = json.loads(store.query("SELECT params_json FROM topic_runs")["params_json"][0])
    assert params["seed_topic_list"] == [["devolution", "councils", "localism"], ["volunteers", "charities"]]


@pytest.mark.parametrize(
    "args, message",
    [
        (["--bin", "week"], "Invalid value for '--bin'"),
        (["--by", "party"], "--by accepts doc_type, actor"),
        (["--sample", "50"], "sample must be at least 100"),
        (["--min-topic-size", "1"], "Invalid value for '--min-topic-size'"),
        (["--embedding", "word2vec"], "Unknown embedding 'word2vec'"),
        (["--guided", "--seed-topics", "x.yml"], "either --guided"),
        (["--seed-topics", "missing.yml"], "No seed-topics file"),
    ],
)
def test_bad_options_exit_2_with_the_reason(store_path, args, message):
    result = invoke("--store", store_path, *args)
    assert result.exit_code == 2, result.output
    assert message in result.output


def test_guided_without_a_codebook_loader_says_what_to_do(store_path, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "discourse.codebooks", None)  # as on a branch without the loader
    result = invoke("--store", store_path, "--guided")
    assert result.exit_code == 2
    assert "--seed-topics FILE" in result.output


def test_an_empty_store_is_a_clean_error(tmp_path):
    path = tmp_path / "empty.duckdb"
    open_store(path).close()
    result = invoke("--store", path)
    assert result.exit_code == 2
    assert "no sentences to model" in result.output
    assert "Traceback" not in result.output


def test_too_few_units_for_the_topic_size_is_a_clean_error(store_path):
    result = invoke("--store", store_path, "--min-topic-size", 1000)
    assert result.exit_code == 2
    assert "too few" in result.output


def test_help_has_an_example():
    result = CliRunner().invoke(main, ["topics", "--help"])
    assert result.exit_code == 0
    assert "Example: discourse topics --store" in result.output
