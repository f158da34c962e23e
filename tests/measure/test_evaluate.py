"""evaluate: label rules, presets, arithmetic on a tiny case, error reporting."""

import json
import textwrap

import pandas as pd
import pytest

from discourse.errors import UsageError
from discourse.measure.evaluate import LabelRule, evaluate, read_gold

BOOK = textwrap.dedent("""\
    codebook: eval-book
    version: 1
    frames:
      localism:
        subframes:
          devolution:
            patterns: [{lemma: devolve}]
      enabling:
        subframes:
          volunteers:
            patterns: ["volunteer*"]
""")

# Tagger predictions follow the words: localism <- devolve, enabling <- volunteer*.
GOLD = pd.DataFrame({
    "id": ["a", "b", "c", "d", "e", "f"],
    "text": ["We devolve.", "We devolve power.", "Nothing.", "Parishes decide.", "Volunteers.", "Nothing again."],
    "localism": [1, 0, 0, 1, 0, 0],   # pred 1 1 0 0 0 0 -> TP1 FP1 FN1 TN3
    "enabling": [0, 0, 0, 0, 1, None],  # pred 0 0 0 0 1 0 -> TP1, one row uncoded
})


@pytest.fixture(scope="module")
def ev():
    return evaluate(GOLD, codebook=BOOK)


def test_arithmetic_on_a_tiny_case(ev):
    loc = ev.summary.loc["localism"]
    assert (loc["tp"], loc["fp"], loc["fn"], loc["tn"], loc["n"], loc["support"]) == (1, 1, 1, 3, 6, 2)
    assert loc["precision"] == pytest.approx(0.5) and loc["recall"] == pytest.approx(0.5)
    assert loc["f1"] == pytest.approx(0.5)
    ena = ev.summary.loc["enabling"]
    assert (ena["n"], ena["tp"], ena["fp"], ena["fn"], ena["f1"]) == (5, 1, 0, 0, 1.0)
    assert ena["alpha"] == pytest.approx(1.0)


def test_errors_lists_disagreements_with_terms(ev):
    errs = ev.errors("localism")
    assert errs["id"].tolist() == ["b", "d"]
    assert errs["frame_terms"].tolist() == ["localism: devolve", ""]


def test_to_dict_is_json_ready(ev):
    data = json.loads(json.dumps(ev.to_dict()))
    assert {r["label"] for r in data["summary"]} == {"localism", "enabling"}
    assert data["labels"]["localism"]["confusion"]["counts"] == [[3, 1], [1, 1]]
    assert data["config"]["codebook"] == "eval-book"


@pytest.mark.parametrize(
    "rule, value, hit",
    [("cmp_code:301=localism", "301", True), ("cmp_code:301=localism", "3011", False),
     ("cmp_code:606*=enabling", "606.1", True), ("cmp_code:606*=enabling", None, False),
     ("cmp_code:606.*=enabling", "606", False)],
)
def test_label_rules(rule, value, hit):
    assert LabelRule.parse(rule).matches(value) is hit


@pytest.mark.parametrize("bad", ["cmp_code=301", "cmp_code:301", ":301=x", "cmp_code:301="])
def test_bad_rules_are_usage_errors(bad):
    with pytest.raises(UsageError, match="COLUMN:VALUE=LABEL"):
        LabelRule.parse(bad)


def test_manifesto_preset_maps_codes_and_finds_content_column(tmp_path):
    folder = tmp_path / "mp"
    folder.mkdir()
    pd.DataFrame({"content": ["We devolve.", "Volunteers.", "Tax.", "x"],
                  "cmp_code": ["301", "606.2", "NA", None]}).to_csv(folder / "a.csv", index=False)
    pd.DataFrame({"code": [301], "label": ["Federalism"]}).to_csv(folder / "codes.csv", index=False)
    df, text_col, rules = read_gold(folder, preset="manifesto-project")
    assert text_col == "text" and len(df) == 4 and set(df["gold_file"]) == {"a.csv"}
    assert df["localism"].tolist() == [1, 0, 0, 0] and df["enabling"].tolist() == [0, 1, 0, 0]
    ev = evaluate(folder, preset="manifesto-project", codebook=BOOK)
    assert ev.summary.loc["localism", "f1"] == 1.0 and ev.summary.loc["enabling", "f1"] == 1.0


def test_nothing_to_evaluate_is_explained():
    with pytest.raises(UsageError, match="--map"):
        evaluate(pd.DataFrame({"text": ["a"], "cmp_code": ["301"]}), codebook=BOOK)


def test_unknown_preset_and_missing_rule_column():
    with pytest.raises(UsageError, match="presets are"):
        read_gold(GOLD, preset="nope")
    with pytest.raises(UsageError, match="cmp_code"):
        read_gold(GOLD, rules=["cmp_code:301=localism"])


@pytest.mark.shared
@pytest.mark.slow
def test_dev_gold_runs_end_to_end(shared_corpora):
    path = shared_corpora / "gold" / "discourse-dev.csv"
    gold = pd.read_csv(path)
    ev = evaluate(path)
    assert list(ev.summary.index) == ["localism", "enabling", "ensuring", "commitment"]
    for label in ["localism", "enabling", "ensuring"]:
        assert ev.summary.loc[label, "support"] == int(gold[label].sum())
        assert ev.summary.loc[label, "n"] == len(gold)
    # the commitment row is multi-class: every sentence is gold and predicted once
    assert ev.summary.loc["commitment", "n"] == ev.summary.loc["commitment", "support"] == len(gold)
