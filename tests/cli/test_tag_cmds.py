"""CliRunner tests: one or more per frames command, with exit codes and error text."""

import json
import textwrap

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from discourse.cli import main
from discourse.store import open_store


@pytest.fixture
def runner():
    return CliRunner()


@pytest.fixture
def store_path(tmp_path):
    path = tmp_path / "s.duckdb"
    with open_store(path) as s:
        s.insert("documents", pd.DataFrame([{"doc_id": "d1", "sha256": "a" * 64, "status": "ok", "title": "Plan"}]))
        s.insert("sentences", pd.DataFrame([
            {"doc_id": "d1", "sentence_id": i, "page_no": 1, "text": t} for i, t in enumerate(
                ["We will devolve budgets to parishes.", "Volunteers run the library.", "Minutes were agreed."])]))
    return str(path)


def test_codebook_show(runner):
    res = runner.invoke(main, ["codebook", "show"])
    assert res.exit_code == 0, res.output
    assert "big-society.v5" in res.output and "localism" in res.output  # the default
    res = runner.invoke(main, ["codebook", "show", "big-society.v1", "--json"])
    assert json.loads(res.output)["codebook"] == "big-society.v1"
    res = runner.invoke(main, ["codebook", "show", "nope.v1"])
    assert res.exit_code == 1 and "No codebook named 'nope.v1'" in res.output


def test_codebook_validate(runner, tmp_path):
    good = tmp_path / "ok.v1.yml"
    good.write_text("codebook: ok\nversion: 1\nframes:\n  a:\n    subframes:\n      b:\n        patterns: [x*]\n")
    res = runner.invoke(main, ["codebook", "validate", str(good)])
    assert res.exit_code == 0 and "ok: " in res.output
    bad = tmp_path / "bad.v1.yml"
    bad.write_text(good.read_text().replace("patterns: [x*]", "patterns: [x*]\n        weight: 2"))
    res = runner.invoke(main, ["codebook", "validate", str(bad)])
    assert res.exit_code == 1
    assert "bad.v1.yml, line 8, key frames.a.subframes.b.weight: unknown key 'weight'" in res.output


def _two_codebooks(tmp_path):
    old = tmp_path / "mine.v1.yml"
    old.write_text("codebook: mine\nversion: 1\nframes:\n  care:\n    subframes:\n      carers:\n"
                   "        patterns: [carer*]\n  money:\n    subframes:\n      funds:\n        patterns: [fund*]\n")
    new = tmp_path / "mine.v2.yml"
    new.write_text(old.read_text().replace("version: 1", "version: 2").replace("[carer*]", "[carer*, respite]")
                   .replace("[fund*]", "[funding]"))
    return str(old), str(new)


def test_codebook_diff_lists_gained_and_lost_sentences(runner, tmp_path, store_path):
    old, new = _two_codebooks(tmp_path)
    table = tmp_path / "s.csv"
    pd.DataFrame({"id": [1, 2, 3, 4], "body": ["Respite breaks start in May.", "Carers met on Friday.",
                                               "The fund closes.", "Funding rises."]}).to_csv(table, index=False)
    out = tmp_path / "flips.csv"
    res = runner.invoke(main, ["codebook", "diff", old, new, "--input", str(table), "--text-column", "body",
                               "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert "care gained (1; 1 shown)" in res.output and "[respite] Respite breaks" in res.output
    flips = pd.read_csv(out)
    assert flips[["id", "frame", "change"]].values.tolist() == [[1, "care", "gained"], [3, "money", "lost"]]
    res = runner.invoke(main, ["codebook", "diff", old, new, "--input", str(table), "--text-column", "body",
                               "--frame", "money", "--json"])
    counts = json.loads(res.output)["counts"]
    assert counts == [{"frame": "money", "sentences": 4, "old": 2, "new": 1, "gained": 0, "lost": 1}]
    res = runner.invoke(main, ["codebook", "diff", "big-society.v1", "big-society.v3", "--store", store_path, "--json"])
    assert res.exit_code == 0, res.output
    assert {c["frame"]: (c["sentences"], c["old"], c["new"]) for c in json.loads(res.output)["counts"]} == {
        "localism": (3, 1, 1), "enabling": (3, 1, 1), "ensuring": (3, 0, 0)}
    res = runner.invoke(main, ["codebook", "diff", old, new])
    assert res.exit_code == 2 and "either --store S or --input FILE" in res.output
    res = runner.invoke(main, ["codebook", "diff", old, new, "--input", str(table), "--text-column", "body",
                               "--frame", "nope"])
    assert res.exit_code == 2 and "Frame(s) nope not in both codebooks; shared: care, money" in res.output


def test_codebook_export_and_import(runner, tmp_path):
    out = tmp_path / "q.yml"
    res = runner.invoke(main, ["codebook", "export", "big-society.v1", "--format", "quanteda", "--out", str(out)])
    assert res.exit_code == 0 and "localism" in yaml.safe_load(out.read_text())
    back = tmp_path / "mine.v1.yml"
    res = runner.invoke(main, ["codebook", "import", str(out), "--name", "mine", "--out", str(back)])
    assert res.exit_code == 0, res.output
    res = runner.invoke(main, ["codebook", "validate", str(back)])
    assert res.exit_code == 0 and "mine.v1" in res.output
    canon = tmp_path / "canon.yml"
    assert runner.invoke(main, ["codebook", "export", "--format", "yaml", "--out", str(canon)]).exit_code == 0
    assert yaml.safe_load(canon.read_text())["codebook"] == "big-society"


def test_tag_store_twice_adds_nothing(runner, store_path):
    res = runner.invoke(main, ["tag", "--store", store_path, "--json"])
    assert res.exit_code == 0, res.output
    first = json.loads(res.output)
    assert first["created"] and first["sentences"] == 3 and first["rows"]["frames"] == 2
    res = runner.invoke(main, ["tag", "--store", store_path])
    assert res.exit_code == 0 and "tagged 0 sentences" in res.output


def test_tag_table(runner, tmp_path):
    src = tmp_path / "in.csv"
    pd.DataFrame({"body": ["Volunteers help.", "Nothing."], "x": [1, 2]}).to_csv(src, index=False)
    out = tmp_path / "out.csv"
    res = runner.invoke(main, ["tag", "--input", str(src), "--text-column", "body", "--output", str(out)])
    assert res.exit_code == 0, res.output
    df = pd.read_csv(out)
    assert df.columns.tolist() == ["body", "x", "localism", "enabling", "ensuring", "frame_terms",
                                   "commitment", "commitment_score", "evidence"]
    assert df["enabling"].tolist() == [1, 0]
    assert set(df["commitment"]) <= {"resourced", "pledge", "rhetoric", "other"}


@pytest.mark.parametrize(
    "args, fragment",
    [([], "Give either --store"), (["--input", "x.csv"], "--output"), (["--input", "missing.csv", "--output", "o.csv"],
                                                                         "does not exist")],
)
def test_tag_usage_errors(runner, args, fragment):
    res = runner.invoke(main, ["tag", *args])
    assert res.exit_code == 2 and fragment in res.output


def test_kwic(runner, store_path):
    res = runner.invoke(main, ["kwic", "devolv*", "--store", store_path, "--window", "2"])
    assert res.exit_code == 0 and "| devolve |" in res.output and "p1" in res.output
    res = runner.invoke(main, ["kwic", "zebra", "--store", store_path])
    assert res.exit_code == 0 and "no matches" in res.output
    res = runner.invoke(main, ["kwic", "*", "--store", store_path])
    assert res.exit_code == 2 and "matches every word" in res.output


def test_train_frames_then_tag_with_model(runner, tmp_path, store_path):
    labels = tmp_path / "coded.csv"
    texts = ["Volunteers run it.", "Budget approved.", "Charities help.", "Minutes agreed.", "Volunteers again.",
             "Tax fell."]
    pd.DataFrame({"text": texts, "enabling": [1, 0, 1, 0, 1, 0], "localism": [0, 1, 0, 0, 0, 1]}).to_csv(labels, index=False)
    model = tmp_path / "m.pkl"
    res = runner.invoke(main, ["train-frames", str(labels), "--out", str(model), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["frames"] == ["localism", "enabling"]
    res = runner.invoke(main, ["tag", "--store", store_path, "--frames-model", str(model), "--json"])
    assert res.exit_code == 0 and json.loads(res.output)["frames_model"].startswith("m.pkl@")
    res = runner.invoke(main, ["train-frames", str(tmp_path / "none.csv"), "--out", str(model)])
    assert res.exit_code == 2 and "does not exist" in res.output


def test_evaluate(runner, tmp_path):
    gold = tmp_path / "gold.csv"
    pd.DataFrame({"text": ["We devolve budgets.", "Volunteers help.", "Nothing."],
                  "localism": [1, 0, 0], "enabling": [0, 1, 1], "ensuring": [0, 0, 0]}).to_csv(gold, index=False)
    errors = tmp_path / "errors.csv"
    res = runner.invoke(main, ["evaluate", str(gold), "--errors", str(errors)])
    assert res.exit_code == 0, res.output
    assert "localism" in res.output and "alpha" in res.output
    assert pd.read_csv(errors)["text"].tolist() == ["Nothing."]
    res = runner.invoke(main, ["evaluate", str(gold), "--json"])
    assert {r["label"] for r in json.loads(res.output)["summary"]} == {"localism", "enabling", "ensuring"}
    mp = tmp_path / "mp.csv"
    pd.DataFrame({"text": ["We devolve budgets.", "x"], "cmp_code": ["301", "606"]}).to_csv(mp, index=False)
    res = runner.invoke(main, ["evaluate", str(mp), "--map", "cmp_code:301=localism", "--json"])
    assert [r["label"] for r in json.loads(res.output)["summary"]] == ["localism"]
    res = runner.invoke(main, ["evaluate", str(mp), "--preset", "nope"])
    assert res.exit_code == 2 and "Unknown preset" in res.output


def test_sample(runner, store_path, tmp_path):
    assert runner.invoke(main, ["tag", "--store", store_path]).exit_code == 0
    out = tmp_path / "tocode.csv"
    res = runner.invoke(main, ["sample", "--store", store_path, "--n", "3", "--out", str(out)])
    assert res.exit_code == 0, res.output
    df = pd.read_csv(out)
    assert len(df) == 3 and set(df["stratum"]) == {"localism", "enabling", "none"}
    res = runner.invoke(main, ["sample", "--store", store_path, "--stratify", "colour", "--out", str(out)])
    assert res.exit_code == 2 and "choose from" in res.output


def test_every_frames_command_has_an_example_in_its_help(runner):
    for cmd in (["codebook"], ["codebook", "show"], ["codebook", "validate"], ["codebook", "export"],
                ["codebook", "import"], ["tag"], ["kwic"], ["train-frames"], ["evaluate"], ["sample"]):
        res = runner.invoke(main, [*cmd, "--help"])
        assert res.exit_code == 0 and "Example" in res.output, cmd


def test_evaluate_records_figures_for_the_report(runner, tmp_path):
    from discourse.report import build_report
    from discourse.store import open_store

    gold = tmp_path / "gold.csv"
    pd.DataFrame({"text": ["We devolve budgets.", "Volunteers help.", "Nothing.", "The council will fund ten posts."],
                  "localism": [1, 0, 0, 0], "enabling": [0, 1, 1, 0], "ensuring": [0, 0, 0, 0],
                  "commitment": ["rhetoric", "rhetoric", "other", "pledge"]}).to_csv(gold, index=False)
    store = tmp_path / "s.duckdb"
    res = runner.invoke(main, ["evaluate", str(gold), "--store", str(store), "--json"])
    assert res.exit_code == 0, res.output
    figures = {r["label"]: r for r in json.loads(res.output)["summary"]}
    with open_store(store) as s:
        rows = s.query("SELECT * FROM evaluations").set_index("label")
        assert set(rows.index) == {"localism", "enabling", "ensuring", "commitment"}
        for label, r in figures.items():
            assert rows.loc[label, "f1"] == pytest.approx(r["f1"]) and rows.loc[label, "n"] == r["n"]
        assert s.runs().command.tolist() == ["evaluate"]
        html = build_report(s, tmp_path / "rep", n_boot=0).read_text()
    assert "Validation figures" in html and str(gold) in html
