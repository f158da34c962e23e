"""Negation and hedging scope: the frame stays present, its stance is marked."""

import pytest

from discourse.tag import make_tagger


@pytest.fixture(scope="module")
def nlp():
    return make_tagger(lemmatize=False)


@pytest.mark.parametrize(
    "text, negated",
    [
        ("We will not devolve powers to the county.", True),
        ("We will devolve powers to the county.", False),
        ("The minister refused to devolve any budgets.", True),
        ("Powers over buses were never devolved to the region.", True),
        ("Devolution is not working for rural areas.", True),
        ("We will not only devolve powers but also fund them.", False),
        ("We will not raise taxes, and we will devolve powers to the county.", False),
        ("There is no doubt that devolution deals help.", False),
    ],
)
def test_localism_present_and_negation_marked(nlp, text, negated):
    d = nlp(text)._.frames["localism"]
    assert d["present"] is True
    assert d["negated"] is negated


@pytest.mark.parametrize(
    "text, hedged",
    [
        ("We may devolve some powers to the county.", True),
        ("The council will consider a devolution deal.", True),
        ("The council will sign a devolution deal.", False),
        ("If elected, we will sign a devolution deal.", False),
    ],
)
def test_hedging_is_marked_without_removing_the_frame(nlp, text, hedged):
    d = nlp(text)._.frames["localism"]
    assert d["present"] is True
    assert d["hedged"] is hedged


def test_span_level_stance(nlp):
    doc = nlp("We will not devolve powers, but we will support volunteers.")
    stance = {s.text: (s.label_, s._.negated) for s in doc.spans["frames"]}
    assert stance["devolve"] == ("localism", True)
    assert stance["volunteers"] == ("enabling", False)
    assert doc._.frames["enabling"]["negated"] is False
