"""The supervised frames classifier: estimator contract, persistence with version check, use in tagging."""

import pickle

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone
from sklearn.exceptions import NotFittedError

from discourse.errors import ModelError, UsageError
from discourse.model.frames_clf import FramesClassifier, load_frames_model, train_frames
from discourse.tag import make_tagger
from discourse.tag.model_io import model_identity, save_model

TEXTS = [
    "Volunteers will run the library.", "Charities and volunteers help.", "The budget was approved.",
    "Minutes were agreed.", "Community groups and charities lead.", "Roads were resurfaced.",
    "Volunteering is up.", "Tax receipts fell.", "A charity runs the hall.", "The report was noted.",
]
LABELS = pd.DataFrame({"enabling": [1, 1, 0, 0, 1, 0, 1, 0, 1, 0],
                       "localism": [0, 0, 0, 1, 0, 0, 0, 1, 0, 1]})


@pytest.fixture(scope="module")
def fitted():
    return FramesClassifier(min_df=1).fit(TEXTS, LABELS)


def test_init_only_stores_params_and_clone_works():
    clf = FramesClassifier(C=0.3, min_df=1)
    assert clf.get_params()["C"] == 0.3
    assert not any(k.endswith("_") for k in vars(clf))
    assert clone(clf).get_params() == clf.get_params()


def test_use_before_fit_is_refused():
    with pytest.raises(NotFittedError):
        FramesClassifier().predict(["x"])


def test_fit_predict_shapes_and_fitted_attributes(fitted):
    assert fitted.frames_ == ["enabling", "localism"]
    proba = fitted.predict_proba_frames(["Volunteers and charities.", "Minutes noted."])
    assert proba.shape == (2, 2) and ((proba >= 0) & (proba <= 1)).all().all()
    assert proba.loc[0, "enabling"] > proba.loc[1, "enabling"]
    assert fitted.predict(["Volunteers and charities."])["enabling"].tolist() == [1]
    assert isinstance(fitted.predict_proba(["x"]), np.ndarray)


@pytest.mark.parametrize(
    "params, y, fragment",
    [
        ({"C": -1}, LABELS, "C must be"),
        ({"threshold": 1.5}, LABELS, "threshold"),
        ({}, pd.DataFrame({"enabling": [0] * 10}), "both 0 and 1"),
        ({}, pd.DataFrame({"enabling": [2] * 10}), "0/1"),
    ],
)
def test_bad_params_and_labels(params, y, fragment):
    with pytest.raises(UsageError, match=fragment):
        FramesClassifier(min_df=1, **params).fit(TEXTS, y)


def test_text_only_model_has_no_evidence(fitted):
    clf = FramesClassifier(codebook=None, min_df=1).fit(TEXTS, LABELS)
    assert clf.evidence_ is None and fitted.evidence_ is not None


def test_save_load_and_version_check(fitted, tmp_path):
    path = save_model(fitted, tmp_path / "m.pkl", kind="frames")
    again = load_frames_model(path)
    pd.testing.assert_frame_equal(again.predict_proba_frames(TEXTS), fitted.predict_proba_frames(TEXTS))
    with path.open("rb") as fh:
        envelope = pickle.load(fh)
    envelope["sklearn"] = "0.1.0"
    bad = tmp_path / "old.pkl"
    with bad.open("wb") as fh:
        pickle.dump(envelope, fh)
    with pytest.raises(ModelError, match="retrain"):
        load_frames_model(bad)
    other = save_model(fitted, tmp_path / "c.pkl", kind="commitment")
    with pytest.raises(ModelError, match="commitment model"):
        load_frames_model(other)
    junk = tmp_path / "junk.pkl"
    junk.write_bytes(b"not a pickle")
    with pytest.raises(ModelError, match="not a discourse model"):
        load_frames_model(junk)
    with pytest.raises(ModelError, match="does not exist"):
        load_frames_model(tmp_path / "missing.pkl")


def test_train_frames_and_tag_with_the_model(tmp_path):
    labels = pd.DataFrame({"id": range(10), "text": TEXTS, **{c: LABELS[c] for c in LABELS}})
    csv = tmp_path / "coded.csv"
    labels.to_csv(csv, index=False)
    summary = train_frames(csv, tmp_path / "frames.pkl", min_df=1)
    assert summary["frames"] == ["localism", "enabling"] and summary["positives"] == {"localism": 3, "enabling": 5}
    nlp = make_tagger(frames_model=summary["model"], lemmatize=False)
    docs = list(nlp.pipe(["Volunteers and charities help.", "Minutes were noted."]))
    scores = [d._.frames["enabling"]["score"] for d in docs]
    assert all(0.0 <= s <= 1.0 for s in scores) and scores[0] > scores[1]
    assert docs[0]._.frames["enabling"]["present"] and not docs[1]._.frames["enabling"]["present"]
    assert nlp("Volunteers help.")._.frames["enabling"]["terms"] == ["volunteers"]  # evidence still from codebook
    assert model_identity(summary["model"]).startswith("frames.pkl@")


def test_train_frames_needs_label_columns(tmp_path):
    with pytest.raises(UsageError, match="frame columns"):
        train_frames(pd.DataFrame({"text": TEXTS}), tmp_path / "m.pkl")
