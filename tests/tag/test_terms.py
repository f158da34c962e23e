"""The token-hash matcher behind codebook patterns."""

import pytest
import spacy

from discourse.codebooks import Term
from discourse.tag.terms import ContextTest, TermMatcher, compile_term


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


def _matcher(nlp, *terms):
    m = TermMatcher(nlp.vocab.strings)
    tokenize = lambda t: [w.text for w in nlp.tokenizer(t)]  # noqa: E731
    for kind, value in terms:
        m.add(compile_term(Term(kind, value), tokenize))
    return m


def _found(nlp, m, text):
    doc = nlp(text)
    return [(k, doc[s:e].text) for k, s, e in m.find(doc)]


@pytest.mark.parametrize(
    "kind, value, text, expected",
    [
        ("lemma", "devolve", "Powers were devolved and are devolving.", ["devolved", "devolving"]),
        ("lemma", "take control", "Residents took control of the park.", ["took control"]),
        ("glob", "decentrali*", "Decentralisation and decentralised budgets.", ["Decentralisation", "decentralised"]),
        ("glob", "co-op*", "Co-operatives and co-ops, not cooperation.", ["Co-operatives", "co-ops"]),
        ("glob", "community organis?r*", "Community organisers met community organizers.", ["Community organisers"]),
        ("phrase", "right to bid", "The Right to Bid applies; the right to build too.", ["Right to Bid"]),
        ("regex", r"£\d+m", "A £5m fund.", ["£5m"]),
        ("glob", "the big society", "Building the Big Society, not a big society.", ["the Big Society"]),
        ("phrase", "in the hands of local people", "Power in the hands of local people.", ["in the hands of local people"]),
        ("phrase", "the", "The end.", ["The"]),
    ],
)
def test_pattern_types_match_their_forms(nlp, kind, value, text, expected):
    m = _matcher(nlp, (kind, value))
    assert [t for _, t in _found(nlp, m, text)] == expected


def test_overlapping_and_shared_prefix_terms_all_match(nlp):
    m = _matcher(nlp, ("glob", "local"), ("glob", "local government"), ("glob", "local government finance*"))
    assert _found(nlp, m, "Local government finances.") == [
        (0, "Local"), (1, "Local government"), (2, "Local government finances")]


def test_leading_common_words_are_checked_within_the_window(nlp):
    m = _matcher(nlp, ("glob", "the big society"))
    lowers = [t.lower for t in nlp("in the big society")]
    assert m.match(lowers) == [(0, 1, 4)]
    assert m.match(lowers, 2) == []  # 'the' lies outside the window


def test_match_respects_window_bounds(nlp):
    m = _matcher(nlp, ("phrase", "big society"))
    doc = nlp("the big society is here")
    lowers = [t.lower for t in doc]
    assert m.match(lowers, 0, 3) == [(0, 1, 3)]
    assert m.match(lowers, 0, 2) == []
    assert m.match(lowers, 2) == []


@pytest.mark.parametrize("text, expected", [
    ("more power to them", True), ("powerful words", True), ("in local hands", True), ("nothing here", False),
])
def test_context_test_finds_single_and_multi_word_terms(nlp, text, expected):
    m = _matcher(nlp, ("glob", "power*"), ("glob", "local hands"), ("phrase", "zzz"))
    ctx = ContextTest(m, nlp.vocab.strings)
    doc = nlp(text)
    assert ctx.hit(doc, [t.lower for t in doc], 0, len(doc)) is expected
