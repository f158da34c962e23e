"""The lower-cased lookup lemmatizer."""

import pytest
import spacy


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("discourse_lemmatizer")
    return nlp


@pytest.mark.parametrize(
    "text, lemmas",
    [
        ("Councils Recommends devolving", ["council", "recommend", "devolve"]),
        ("VOLUNTEERS volunteered", ["volunteer", "volunteer"]),
        ("Decentralisation xyzzy", ["decentralisation", "xyzzy"]),
    ],
)
def test_lemmas_are_lower_cased_lookups(nlp, text, lemmas):
    assert [t.lemma_ for t in nlp(text)] == lemmas


def test_works_without_initialize():
    nlp = spacy.blank("en")
    nlp.add_pipe("discourse_lemmatizer")
    assert nlp("went")[0].lemma_ == "go"  # no [E1004]: the table is read at construction


def test_round_trip_through_disk(nlp, tmp_path):
    nlp.to_disk(tmp_path / "p")
    assert [t.lemma_ for t in spacy.load(tmp_path / "p")("Councils")] == ["council"]
