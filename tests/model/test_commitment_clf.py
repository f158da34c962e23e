"""The learnable commitment classifier (scikit-learn contract)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from discourse.errors import ModelError, UsageError
from discourse.model.commitment_clf import (
    CommitmentClassifier,
    load_model,
    read_labels,
    rule_features,
    save_model,
    train_commitment,
)

# Our own labelled sentences, four per class (the rules decide most of them on their own).
SENTENCES = [
    ("We will invest £4m in cycle lanes.", "resourced"),
    ("The council has allocated £300,000 to food banks.", "resourced"),
    ("We will fund 30 new community nurses.", "resourced"),
    ("£12m is being spent on flood walls.", "resourced"),
    ("We will introduce a register of landlords.", "pledge"),
    ("The council will publish the audit by May 2026.", "pledge"),
    ("A Bill will be introduced to ban letting fees.", "pledge"),
    ("We will abolish the parking levy.", "pledge"),
    ("We will ensure communities feel heard.", "rhetoric"),
    ("It is vital that residents shape services.", "rhetoric"),
    ("We are committed to a fairer county.", "rhetoric"),
    ("Councils should listen to young people.", "rhetoric"),
    ("The committee approved the minutes.", "other"),
    ("Unemployment fell to 4% last year.", "other"),
    ("The report has five chapters.", "other"),
    ("The charity received £20,000 from a trust.", "other"),
]
TEXTS = [t for t, _ in SENTENCES]
LABELS = [y for _, y in SENTENCES]


@pytest.fixture(scope="module")
def fitted():
    return CommitmentClassifier(min_df=1).fit(TEXTS, LABELS)


def test_fit_predict_shapes_and_classes(fitted):
    assert sorted(fitted.classes_) == ["other", "pledge", "resourced", "rhetoric"]
    proba = fitted.predict_proba(TEXTS)
    assert proba.shape == (16, 4)
    assert np.allclose(proba.sum(axis=1), 1)
    assert fitted.decision_function(TEXTS).shape == (16, 4)
    assert (fitted.predict(TEXTS) == np.array(LABELS)).mean() >= 0.9


def test_new_sentences_follow_the_evidence(fitted):
    pred = fitted.predict(["We will invest £9m in bus stations.", "The board approved the accounts."])
    assert list(pred) == ["resourced", "other"]


def test_rules_only_model_learns_from_evidence():
    clf = CommitmentClassifier(use_text=False).fit(TEXTS, LABELS)
    assert clf.vectorizer_ is None
    assert (clf.predict(TEXTS) == np.array(LABELS)).mean() >= 0.9


def test_rule_features_carry_the_rule_decision():
    (f,) = rule_features(["We will invest £2m in parks."])
    assert f["rule=resourced"] == 1.0
    assert f["MONEY_role=into_action"] == 1.0
    assert f["subject=author"] == 1.0


def test_unfitted_model_refuses_to_predict():
    with pytest.raises(NotFittedError):
        CommitmentClassifier().predict(["x"])


@pytest.mark.parametrize("params, message", [
    ({"use_text": False, "use_rules": False}, "use_text or use_rules"),
    ({"C": 0}, "C must be positive"),
    ({"rule_weight": -1}, "rule_weight must be positive"),
])
def test_bad_parameters(params, message):
    with pytest.raises(UsageError, match=message):
        CommitmentClassifier(**params).fit(TEXTS, LABELS)


def test_bad_training_data():
    with pytest.raises(UsageError, match="two different labels"):
        CommitmentClassifier().fit(TEXTS[:2], ["pledge", "pledge"])
    with pytest.raises(UsageError, match="labels"):
        CommitmentClassifier().fit(TEXTS, LABELS[:-1])
    with pytest.raises(UsageError, match="single string"):
        CommitmentClassifier().fit("one sentence", ["pledge"])


def test_sklearn_contract_clone_and_params():
    clf = CommitmentClassifier(C=0.5, min_df=1)
    twin = clone(clf)
    assert twin.get_params() == clf.get_params()
    assert not hasattr(twin, "model_")
    twin.set_params(C=3.0)
    assert twin.C == 3.0


def test_save_and_load_round_trip(tmp_path, fitted):
    path = save_model(fitted, tmp_path / "m" / "commitment.joblib")
    loaded = load_model(path)
    assert list(loaded.predict(TEXTS)) == list(fitted.predict(TEXTS))


def test_load_errors(tmp_path):
    with pytest.raises(ModelError, match="train-commitment"):
        load_model(tmp_path / "missing.joblib")
    junk = tmp_path / "junk.joblib"
    junk.write_bytes(b"not a pickle")
    with pytest.raises(ModelError, match="Cannot read"):
        load_model(junk)
    import joblib

    other = tmp_path / "other.joblib"
    joblib.dump({"something": 1}, other)
    with pytest.raises(ModelError, match="not a discourse commitment model"):
        load_model(other)


def _csv(tmp_path, rows, columns=("text", "commitment")):
    path = tmp_path / "labels.csv"
    pd.DataFrame(rows, columns=list(columns)).to_csv(path, index=False)
    return path


def test_read_labels_cleans_rows(tmp_path):
    path = _csv(tmp_path, [("A", " Pledge "), ("", "other"), ("B", None), ("C", "other")])
    df = read_labels(path)
    assert df.to_dict("records") == [{"text": "A", "label": "pledge"}, {"text": "C", "label": "other"}]


@pytest.mark.parametrize("rows, columns, message", [
    ([("a", "pledge")], ("sentence", "commitment"), "no column 'text'"),
    ([("a", "pledge"), ("b", "pledge")], ("text", "commitment"), "two different labels"),
])
def test_read_labels_errors(tmp_path, rows, columns, message):
    with pytest.raises(UsageError, match=message):
        read_labels(_csv(tmp_path, rows, columns))


def test_read_labels_missing_file(tmp_path):
    with pytest.raises(UsageError, match="does not exist"):
        read_labels(tmp_path / "nope.csv")


def test_train_commitment_with_cross_validation(tmp_path):
    rows = SENTENCES * 2
    summary = train_commitment(_csv(tmp_path, rows), tmp_path / "model.joblib", cv=2, min_df=1)
    assert summary["n"] == 32
    assert summary["labels"] == {"resourced": 8, "pledge": 8, "rhetoric": 8, "other": 8}
    assert 0 <= summary["cv_macro_f1"] <= 1
    assert list(summary["cv_f1"]) == ["resourced", "pledge", "rhetoric", "other"]
    assert load_model(tmp_path / "model.joblib").predict(["We will abolish the toll."])[0] in LABELS


def test_train_commitment_refuses_too_many_folds(tmp_path):
    with pytest.raises(UsageError, match="folds"):
        train_commitment(_csv(tmp_path, SENTENCES), tmp_path / "m.joblib", cv=5)
