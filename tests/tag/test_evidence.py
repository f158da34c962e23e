"""Evidence extraction: money amounts, dates, counts, assets, agents, modality, hedges."""

from __future__ import annotations


import pytest

from discourse.tag.evidence import EVIDENCE_LABELS, find_evidence, tokenize, tokens_from_doc
from discourse.tag.money import find_money
from money_cases import MONEY_CASES
from money_cases import parse_money_cases as _parse_cases

def _score(cases) -> tuple[int, int, int]:
    """(true positives, false positives, false negatives): a match overlaps and has the same value,
    currency, period and high end."""
    tp = fp = fn = 0
    for text, expected in cases:
        found = find_money(text)
        used: set[int] = set()
        for e in expected:
            a = text.index(e["text"])
            b = a + len(e["text"])
            hit = next((j for j, m in enumerate(found) if j not in used and m.start < b and a < m.end
                        and m.value == pytest.approx(e["value"]) and m.currency == e["currency"]
                        and m.period == e["period"] and (e["high"] is None or m.high == pytest.approx(e["high"]))),
                       None)
            if hit is None:
                fn += 1
            else:
                tp += 1
                used.add(hit)
        fp += len(found) - len(used)
    return tp, fp, fn


def test_money_test_set_is_large_enough():
    cases = _parse_cases(MONEY_CASES)
    n_amounts = sum(len(items) for _, items in cases)
    n_negative = sum(1 for _, items in cases if not items)
    assert n_amounts >= 200
    assert n_negative >= 30


def test_money_precision_and_recall_on_the_budget_paper_set():
    tp, fp, fn = _score(_parse_cases(MONEY_CASES))
    assert tp / (tp + fp) >= 0.95
    assert tp / (tp + fn) >= 0.95


@pytest.mark.parametrize("text, surface, value, currency, period, high", [
    ("The pilot gets £4.7m.", "£4.7m", 4.7e6, "GBP", None, None),
    ("A further £150 million is planned.", "£150 million", 1.5e8, "GBP", None, None),
    ("Debt reached £1.2bn.", "£1.2bn", 1.2e9, "GBP", None, None),
    ("Grants up to £10k each.", "£10k", 1e4, "GBP", None, None),
    ("A variance of £(0.8)m arose.", "£(0.8)m", -8e5, "GBP", None, None),
    ("Energy is -£1.4m below budget.", "-£1.4m", -1.4e6, "GBP", None, None),
    ("A rise of €2.10 per week applies.", "€2.10 per week", 2.1, "EUR", "week", None),
    ("It costs £3m per annum.", "£3m per annum", 3e6, "GBP", "year", None),
    ("We will invest £9bn over five years.", "£9bn over five years", 9e9, "GBP", "over 5 years", None),
    ("Costs of £5-7m are expected.", "£5-7m", 5e6, "GBP", None, 7e6),
    ("Budgets of £2m to £4m were set.", "£2m to £4m", 2e6, "GBP", None, 4e6),
    ("They raised 3.5 million pounds.", "3.5 million pounds", 3.5e6, "GBP", None, None),
    ("Tickets cost 80p.", "80p", 0.8, "GBP", None, None),
    ("It took two million euros.", "two million euros", 2e6, "EUR", None, None),
    ("The bond was US$300m.", "US$300m", 3e8, "USD", None, None),
])
def test_money_forms_are_normalised(text, surface, value, currency, period, high):
    (m,) = find_money(text)
    assert m.text == surface
    assert text[m.start:m.end] == surface
    assert m.value == pytest.approx(value)
    assert m.currency == currency
    assert m.period == period
    assert m.high == (pytest.approx(high) if high is not None else None)


@pytest.mark.parametrize("text", [
    "All figures are in £000s.",
    "Costs (£m) are net of income.",
    "See page 14 and paragraph 3.2.",
    "The 2025-26 plan follows the 2024/25 plan.",
    "Council tax rises by 2.99% next year.",
    "About 4.7m people live in the region.",
    "Inflation ran at 3 per cent.",
    "The pound weakened in the autumn.",
])
def test_money_look_alikes_are_not_money(text):
    assert find_money(text) == []


def test_a_change_from_one_amount_to_another_gives_two_amounts():
    found = find_money("The fee goes from £40 to £55 in April.")
    assert [(m.text, m.value, m.high) for m in found] == [("£40", 40.0, None), ("£55", 55.0, None)]


def test_money_offsets_shift_with_offset():
    (m,) = find_money("Pay £5m now.", offset=100)
    assert (m.start, m.end) == (104, 107)


def _labels(text: str, *labels: str) -> list[tuple[str, str]]:
    return [(e.label, e.text) for e in find_evidence(text).evidence if e.label in labels]


@pytest.mark.parametrize("text, expected", [
    ("We will publish the review by March 2026.", [("DEADLINE", "by March 2026")]),
    ("The service will be in place within 12 months.", [("DEADLINE", "within 12 months")]),
    ("The draft budget for 2025-26 was agreed.", [("PERIOD", "for 2025-26")]),
    ("Numbers rose in 2019 and fell next year.", [("PERIOD", "in 2019"), ("PERIOD", "next year")]),
    ("The hub opens in spring 2027.", [("PERIOD", "in spring 2027")]),
])
def test_dates(text, expected):
    assert _labels(text, "DEADLINE", "PERIOD") == expected


@pytest.mark.parametrize("text, expected", [
    ("The council will recruit 20 new social workers.", [("STAFF", "20 new social workers")]),
    ("Funding covers three FTE officers.", [("STAFF", "three FTE officers")]),
    ("We will train 5,000 community organisers.", [("TARGET", "5,000 community organisers")]),
    ("The plan delivers 1,000 homes.", [("TARGET", "1,000 homes")]),
    ("Emissions will fall by 40% in ten years.", [("TARGET", "by 40%")]),
])
def test_staff_and_targets(text, expected):
    assert _labels(text, "STAFF", "TARGET") == expected


def test_page_and_clause_numbers_are_not_targets():
    assert _labels("Section 4 covers 12 schools; see page 7 items.", "TARGET") == [("TARGET", "12 schools")]


@pytest.mark.parametrize("text, expected", [
    ("4.5 Grants to parish councils will continue next year.", []),              # a numbered heading
    ("3.2.1 Housing The council will build 400 homes.", [("TARGET", "400 homes")]),
    ("12 Homes will be built on the depot site.", [("TARGET", "12 Homes")]),     # a count, not a section
])
def test_numbered_headings_are_not_targets(text, expected):
    assert _labels(text, "TARGET") == expected


def test_asset_needs_a_verb_that_dedicates_it():
    assert _labels("The council will transfer the old library building to the trust.", "ASSET") == [
        ("ASSET", "the old library building")]
    assert _labels("The library building is closed on Mondays.", "ASSET") == []


@pytest.mark.parametrize("text, agent, author", [
    ("We will open the centre.", "We", True),
    ("My Government will bring forward a Bill.", "My Government", True),
    ("This council will publish its accounts.", "This council", True),
    ("The Government will publish a white paper.", "The Government", None),
    ("The previous government will be judged harshly.", "The previous government", False),
    ("They will lobby ministers.", "They", False),
])
def test_agent_and_whether_it_is_the_author(text, agent, author):
    agents = [e for e in find_evidence(text).evidence if e.label == "AGENT"]
    assert [(a.text, a.attrs["author"]) for a in agents] == [(agent, author)]


def test_author_aliases_make_a_named_body_the_author():
    text = "KCC will publish the plan."
    plain = [e.attrs["author"] for e in find_evidence(text).evidence if e.label == "AGENT"]
    aliased = [e.attrs["author"] for e in find_evidence(text, author_aliases=[("kcc",)]).evidence
               if e.label == "AGENT"]
    assert plain == [False]
    assert aliased == [True]


def test_agentless_announcement_gets_an_implicit_agent():
    ev = find_evidence("A new register of lobbyists will be introduced.")
    (agent,) = [e for e in ev.evidence if e.label == "AGENT"]
    assert agent.attrs == {"author": None, "kind": "implicit"}
    (action,) = [e for e in ev.evidence if e.label == "ACTION"]
    assert action.text == "introduced" and action.attrs["passive"] is True


@pytest.mark.parametrize("text, label, cue", [
    ("We may consider a pilot.", "HEDGE", "may"),
    ("We will explore options for the depot.", "HEDGE", "explore"),
    ("Subject to funding, we will extend the scheme.", "CONDITION", "Subject to"),
    ("If the bid succeeds, we will open a hub.", "CONDITION", "If"),
    ("We will not close any library.", "NEGATION", "not"),
    ("It is vital that carers are heard.", "STANCE", "it"),
    ("Councils should publish their spending.", "STANCE", "should"),
])
def test_hedges_conditions_negation_and_stance(text, label, cue):
    assert cue in [e.text for e in find_evidence(text).evidence if e.label == label][0]


def test_subject_to_an_eligibility_rule_is_not_a_condition():
    assert _labels("A payment of £200 will be made, subject to an income threshold.", "CONDITION") == []


def test_every_label_is_declared_and_spans_match_their_text():
    text = "If approved, we will invest £3m in 12 new wardens by May 2026 and may extend it; it is vital."
    ev = find_evidence(text)
    assert {e.label for e in ev.evidence} <= set(EVIDENCE_LABELS)
    assert all(text[e.start_char:e.end_char] == e.text for e in ev.evidence)


def test_evidence_dict_offsets_are_relative():
    (m,) = [e for e in find_evidence("Plans: £2m.").evidence if e.label == "MONEY"]
    d = m.as_dict(offset=2)
    assert (d["start_char"], d["end_char"], d["value"], d["currency"]) == (5, 8, 2e6, "GBP")


@pytest.mark.parametrize("text", [
    "We'll publish the council's plan and won't wait; it's right.",
    "The £4.7m  grant (2025-26) will fund 20 posts.",
    "Ministers can't say: “we shall see”.",
])
def test_doc_tokens_match_regex_tokens(text):
    spacy = pytest.importorskip("spacy")
    doc = spacy.blank("en")(text)
    from_doc = tokens_from_doc(doc, text)
    from_regex = tokenize(text)
    words = [w for w in from_regex.low if w.strip()]
    assert [w for w in from_doc.low if w.strip()][:4] == words[:4]
    assert all(text[a:b] == r for (a, b), r in zip(from_doc.spans, from_doc.raw))
    assert "will" in from_doc.low or "shall" in from_doc.low or "can" in from_doc.low


def test_contractions_are_normalised():
    assert tokenize("We won't, we'll, can't").low == ["we", "will", "not", ",", "we", "will", ",", "can", "not"]


LIGHT_AND_HEAVY = [
    "Strong communities are vital to a healthy democracy.",
    "The minutes of the last meeting were agreed.",
    "Councils should listen to their residents if they want trust.",
    "It is important that we act, and it makes sense to share.",
    "We believe in fairness for everyone in our county.",
    "The county is dependent on funding from central government.",
    "· Publish the register of interests.",
    "We will publish the plan.",
    "Funding of £2m is planned.",
    "Three new wardens are in post.",
    "They said it was right to wait.",
    "You need the right to buy your home.",
    "Local priorities differ from one district to the next.",
    "Safer streets remain our first priority.",
    "Members discussed the Devolution Priority Programme.",
    "• Priority areas are listed in the annex.",
    "Make sure the volunteers feel valued.",
    "Gains and losses arise from changes in the fair value of the pension fund's assets",
    "The new charging scheme is fair to every household.",
]


@pytest.mark.parametrize("text", LIGHT_AND_HEAVY)
def test_light_path_agrees_with_the_full_analysis(text):
    from discourse.tag.commitment_rules import decide

    light, full = find_evidence(text), find_evidence(text, light=False)
    assert decide(light).label == decide(full).label
    assert [(e.label, e.start_char, e.end_char) for e in light.evidence] == \
        [(e.label, e.start_char, e.end_char) for e in full.evidence]


def test_light_path_is_taken_only_without_anchors_amounts_or_numbers():
    from discourse.tag.cues import light_evidence

    assert light_evidence("Strong communities are vital to a healthy democracy.") is not None
    for text in ("We will publish the plan.", "Funding of £2m is planned.", "Three new wardens are in post.",
                 "We are introducing a levy.", "Publish the register.", "We'll see."):
        assert light_evidence(text) is None, text


@pytest.mark.shared
@pytest.mark.slow
def test_light_path_agrees_on_real_sentences(shared_corpora):
    import pandas as pd

    from discourse.tag.commitment_rules import decide

    texts = pd.read_csv(shared_corpora / "text" / "uk-manifesto-sentences-1945-2019.csv")["text"].astype(str)
    texts = texts.sample(4000, random_state=1)
    differ = [t for t in texts if decide(find_evidence(t)).label != decide(find_evidence(t, light=False)).label]
    assert len(differ) <= 2, differ[:5]
