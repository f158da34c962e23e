"""The discourse_commitment component and the commitment rules of the coding guide."""

from __future__ import annotations

import json

import pandas as pd
import pytest
import spacy
from spacy.tokens import Doc, DocBin

from discourse.errors import UsageError
from discourse.tag.extensions import TEXT_KEY, register_extensions
from discourse.tag.commitment import (
    COMMITMENT_VERSION,
    CommitmentComponent,
    classify_commitment,
    commitment_columns,
    commitment_row,
    commitment_rows,
    resource_spans,
)
from discourse.tag.commitment_rules import LABELS


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("en")
    nlp.add_pipe("discourse_commitment")
    return nlp


# Sentences written for these tests, one per concept of the coding guide (section 2).
LABELLED = [
    # resourced: money, staff or assets going INTO the author's action
    ("We will invest £3.5m in youth services next year.", "resourced"),
    ("The council has allocated £250,000 to the warm spaces scheme.", "resourced"),
    ("Our plan puts 40 additional social workers into child protection teams.", "resourced"),
    ("The carer's allowance will rise by £6 per week from April.", "resourced"),
    ("The full cost of these measures is £80 million a year.", "resourced"),
    ("£2 billion is being invested in new school buildings.", "resourced"),
    # pledge: a checkable action, no resource; fiscal measures with amounts are pledges
    ("We will introduce a statutory register of lobbyists.", "pledge"),
    ("The council will publish its climate plan by June 2026.", "pledge"),
    ("A Bill will be introduced to reform the licensing of taxis.", "pledge"),
    ("We will abolish the bedroom levy on social tenants.", "pledge"),
    ("We will cut business rates for small shops by £1,000.", "pledge"),
    ("Stamp duty will be reduced to 1% for first-time buyers.", "pledge"),
    ("We will build 10,000 affordable homes by 2030.", "pledge"),
    ("The council will not close any children's centre.", "pledge"),
    ("The authority will not borrow to fund day-to-day spending.", "pledge"),  # a checkable fiscal rule
    ("A common tenancy agreement will be adopted by every housing association.", "pledge"),
    ("We are fully committed to reopening the Hillside lido.", "pledge"),  # "committed to" + an action
    ("The party remains committed to abolishing the regional planning boards.", "pledge"),
    # rhetoric: values, vague commitments, hedged or conditional ones, exhortation
    ("We will ensure that every community feels valued.", "rhetoric"),
    ("We are committed to stronger, fairer neighbourhoods.", "rhetoric"),
    ("We are committed to improving the lives of older residents.", "rhetoric"),  # a vague action
    ("£2m is committed to building a new depot.", "rhetoric"),  # money is committed here, not an agent
    ("We may consider a pilot of participatory budgeting.", "rhetoric"),
    ("If funding allows, we will extend the night bus service.", "rhetoric"),
    ("It is vital that local people shape the services they use.", "rhetoric"),
    ("Councils should listen more closely to their residents.", "rhetoric"),
    ("We will never tolerate discrimination of any kind.", "rhetoric"),  # a refusal with nothing to check
    ("Every effort will be made to shorten the wait for a council flat.", "rhetoric"),  # an attempt, not an action
    ("Special attention will be paid to the coastal towns.", "rhetoric"),
    ("Too many young people leave the town because there is nothing for them here.", "rhetoric"),  # criticism
    ("Let us make this the greenest county in England.", "rhetoric"),  # exhortation
    ("We cannot afford to wait another decade for the new bridge.", "rhetoric"),
    ("Adult social care has been underfunded for years.", "rhetoric"),
    # other: facts, statistics, procedure, others' money, forecasts, questions, references
    ("The committee met on 4 March and approved the minutes.", "other"),
    ("Unemployment in the district fell to 3.1% last year.", "other"),
    ("The new levy is expected to yield £40 million in its first year.", "other"),
    ("The charity received £50,000 from the lottery fund.", "other"),
    ("Total public spending will amount to £1.1 trillion this year.", "other"),
    ("How will the district councils respond?", "other"),
    ("Table 3 sets out the outturn for each directorate.", "other"),
    ("The witness said that the council would build more houses.", "other"),
    # the amount an action is funded or backed by, a new thing's cost, posts funded after the count
    ("Youth clubs will reopen in four wards, backed by £90,000 from our community budget.", "resourced"),
    ("A new £2.4m sports hall will open beside the secondary school next autumn.", "resourced"),
    ("Two full-time equivalent enforcement officers will be funded for three years.", "resourced"),
    ("The bus shelters will be repaired, funded by the combined authority's £40,000 grant.", "pledge"),
    # "reported" as an adjective is not somebody else speaking
    ("We will spend £1.5m clearing the backlog of reported fly-tipping by April.", "resourced"),
    ("The officer reported that the council will spend £1.5m on the backlog.", "other"),
    # committee resolutions, allocations in a budget, money committed, meeting procedure
    ("That the Committee approves £75,000 for a new play area at Elm Park.", "resourced"),
    ("£1.1m is included in the capital programme to rebuild the harbour wall.", "resourced"),
    ("The Combined Authority has committed £8m to reopening the rail halt.", "resourced"),
    ("The minutes of the meeting on 3 June were agreed as a correct record.", "other"),
    ("We will publish the minutes of every cabinet meeting within five days.", "pledge"),
    ("The strategy was approved by the board last spring.", "other"),
    ("We urge ministers to think again about the closure of the coastguard station.", "rhetoric"),
    # commitment-rules.v6: resources the author reports having allocated, one post, a scheme's size
    ("We have recruited four extra school crossing patrol officers for the new academy.", "resourced"),
    ("Last year we invested £2.3m in resurfacing rural lanes.", "resourced"),
    ("A £90,000 revenue budget has been set aside to run the winter warm spaces.", "resourced"),
    ("The cabinet has allocated £600,000 from the council tax precept to extend street cleaning.", "resourced"),
    ("The approved budget includes £1.8m for home-to-school transport.", "resourced"),
    ("The council will launch a £250,000 Green Homes Fund for insulating older terraces.", "resourced"),
    ("We will employ a full-time youth worker for the estate.", "resourced"),
    ("The authority will provide £3m for bus services through a grant without a ring-fence.", "resourced"),
    ("The grant was awarded by the Arts Council to a theatre in the town.", "other"),
    ("We have not recruited any additional staff this year.", "other"),
    ("A £2bn funding gap is forecast by 2028.", "other"),
    ("Residents will pay £45 more in council tax next year.", "pledge"),
    # commitment-rules.v7: "make sure" and "build on" are vague like "ensure"; a thing's purpose is not
    # an action; what a team is doing now is a description; "scale" of size is not a cut
    ("We will make sure that older residents feel less alone this winter.", "rhetoric"),
    ("The authority will build on its record of working with parish councils.", "rhetoric"),
    ("We will back local campaigns designed to stop fly-tipping on the seafront.", "rhetoric"),
    ("We will back the campaign and introduce a deposit scheme for bottles.", "pledge"),
    ("The highways team is inspecting every footbridge in the district.", "other"),
    ("We will invest on an unprecedented scale - £40m in new bus lanes by 2028.", "resourced"),
    ("We will scale back the road-widening programme by £12m.", "pledge"),
    ("Compensation payments of £15,000 were made to each family last spring.", "resourced"),
    ("Savings of £2m were made in the waste contract last year.", "other"),
    # evaluations and thanks are rhetoric; "priority" is the author's ranking only after "our", "top", "is a" ...
    ("We are grateful to the volunteers who kept the library open.", "rhetoric"),
    ("The fall in bus use over the decade has been dramatic.", "rhetoric"),
    ("The Local Growth Priority Fund covers four districts.", "other"),
    ("Tackling damp homes is our first priority.", "rhetoric"),
    ("Subject to the outcome of the review, the council will sell the old depot.", "rhetoric"),
    # a plan's heading or list item with a vague imperative is not a sentence of commitment
    ("Support carers to stay in work", "other"),
    ("Promote walking and cycling to school.", "rhetoric"),
    # words of judgement are evaluations
    ("The contract was managed recklessly and the outcome was disastrous.", "rhetoric"),
    ("Officers have handled a difficult winter with exceptional calm.", "rhetoric"),
    ("Changes in the fair value of investments are shown in the accounts.", "other"),
    # posts added: more role nouns, "the recruitment of"; the end of somebody's quotation is theirs
    ("By 2027 we will have recruited 40 more dentists for the county's clinics.", "resourced"),
    ("Within a year we will start the recruitment of an extra 200 firefighters.", "resourced"),
    ("We will spend £2m on the pier and be done with it.”", "other"),
]


@pytest.mark.parametrize("text, label", LABELLED)
def test_guide_concepts_get_their_label(nlp, text, label):
    doc = nlp(text)
    assert doc._.commitment == label
    assert 0 < doc._.commitment_score <= 1


@pytest.mark.parametrize("text, label", LABELLED)
def test_classify_without_spacy_agrees_with_the_component(nlp, text, label):
    assert classify_commitment(text).label == nlp(text)._.commitment


def _check_invariants(doc: Doc) -> None:
    for rec in doc._.commitments:
        kinds = {e["label"] for e in rec["evidence"]}
        if rec["label"] == "resourced":
            assert kinds & {"MONEY", "STAFF", "ASSET"}, rec
            assert any(e.get("role") == "into_action" for e in rec["evidence"] if e.get("decisive")), rec
        if rec["label"] == "pledge":
            assert any(e["label"] == "AGENT" for e in rec["evidence"] if e.get("decisive")), rec
            assert any(e["label"] == "MODALITY" and e.get("commissive") for e in rec["evidence"]
                       if e.get("decisive")), rec


@pytest.mark.parametrize("text", [t for t, _ in LABELLED])
def test_invariants_on_our_sentences(nlp, text):
    _check_invariants(nlp(text))


@pytest.mark.shared
@pytest.mark.slow
@pytest.mark.parametrize("name", ["discourse-dev.csv", "pledges-fornaciari2021/pledges_trn.csv"])
def test_invariants_on_real_sentences(nlp, shared_corpora, name):
    texts = pd.read_csv(shared_corpora / "gold" / name)["text"].astype(str).head(3000)
    labels = []
    for doc in nlp.pipe(texts):
        _check_invariants(doc)
        labels.append(doc._.commitment)
    assert set(labels) <= set(LABELS)
    assert len(set(labels)) == 4


def test_evidence_spans_are_written_with_their_facts(nlp):
    doc = nlp("The council will spend £1.5m on 12 new wardens by March 2027.")
    spans = {s.label_: s for s in doc.spans["evidence"]}
    assert spans["MONEY"].text == "£1.5m"
    assert spans["MONEY"]._.evidence["value"] == 1.5e6
    assert spans["MONEY"]._.evidence["role"] == "into_action"
    assert spans["STAFF"].text == "12 new wardens"
    assert spans["DEADLINE"].text == "by March 2027"
    assert spans["AGENT"]._.evidence["kind"] == "council"
    assert [s.text for s in resource_spans(doc)] == ["£1.5m", "12 new wardens"]


def test_sentence_split_docs_get_one_record_per_sentence():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("discourse_commitment")
    doc = nlp("We will publish the plan by May 2026. Strong communities are vital to us. The hall is old.")
    assert [s._.commitment["label"] for s in doc.sents] == ["pledge", "rhetoric", "other"]
    assert doc._.commitment == "pledge"
    second = list(doc.sents)[1]
    assert all(second.start_char <= s.start_char for s in doc.spans["evidence"] if s.label_ == "STANCE")


def test_commitment_row_and_columns(nlp):
    doc = nlp("We will invest £2m in parks.")
    row = commitment_row(doc)
    assert row["label"] == "resourced"
    evidence = json.loads(row["evidence_json"])
    money = [e for e in evidence if e["label"] == "MONEY"]
    assert money[0]["text"] == "£2m" and money[0]["start_char"] == 15 and money[0]["decisive"] is True
    cols = commitment_columns(doc)
    assert set(cols) == {"commitment", "commitment_score", "evidence"}
    assert cols["commitment"] == "resourced"


def test_commitment_rows_for_the_store(nlp):
    texts = ["We will invest £2m in parks.", "It rained."]
    df = commitment_rows(nlp.pipe(texts), [("d1", 0), ("d1", 1)], "run-1")
    assert list(df.columns) == ["tag_run_id", "doc_id", "sentence_id", "label", "score", "evidence_json"]
    assert df.label.tolist() == ["resourced", "other"]
    assert json.loads(df.evidence_json[1]) == []


def test_commitment_row_needs_the_component_and_one_sentence():
    register_extensions()
    with pytest.raises(UsageError, match="discourse_commitment"):
        commitment_row(spacy.blank("en")("No pipe here."))
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("discourse_commitment")
    with pytest.raises(UsageError, match="one-sentence Doc"):
        commitment_row(nlp("One. Two."))


def test_author_aliases_setting():
    nlp = spacy.blank("en")
    nlp.add_pipe("discourse_commitment", config={"author_aliases": ["Northshire CC"]})
    assert nlp("Northshire CC will invest £4m in bus lanes.")._.commitment == "resourced"
    # once the author's names are known, another named body's money is not the author's
    assert nlp("Southshire CC will invest £4m in bus lanes.")._.commitment != "resourced"
    plain = spacy.blank("en")
    plain.add_pipe("discourse_commitment")
    assert plain("Southshire CC will invest £4m in bus lanes.")._.commitment == "resourced"


def test_bad_aliases_are_refused():
    with pytest.raises(UsageError, match="author_aliases"):
        CommitmentComponent(spacy.blank("en"), author_aliases=[""])


def test_to_disk_and_from_disk_keep_the_settings(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("discourse_commitment", config={"author_aliases": ["KCC"], "spans_key": "ev"})
    nlp.to_disk(tmp_path / "pipe")
    loaded = spacy.load(tmp_path / "pipe")
    comp = loaded.get_pipe("discourse_commitment")
    assert comp.author_aliases == ["KCC"] and comp.spans_key == "ev"
    assert json.loads((tmp_path / "pipe" / "discourse_commitment" / "cfg.json").read_text())["version"] == \
        COMMITMENT_VERSION
    doc = loaded("KCC will invest £1m in libraries.")
    assert doc._.commitment == "resourced" and "ev" in doc.spans


def test_bytes_round_trip():
    nlp = spacy.blank("en")
    comp = nlp.add_pipe("discourse_commitment", config={"author_aliases": ["KCC"]})
    other = CommitmentComponent(spacy.blank("en")).from_bytes(comp.to_bytes())
    assert other.author_aliases == ["KCC"]


def test_from_disk_without_settings_fails_clearly(tmp_path):
    with pytest.raises(UsageError, match="cfg.json"):
        CommitmentComponent(spacy.blank("en")).from_disk(tmp_path)


def test_docbin_keeps_the_decisions(nlp):
    db = DocBin(store_user_data=True)
    db.add(nlp("We will invest £2m in parks."))
    (doc,) = DocBin().from_bytes(db.to_bytes()).get_docs(nlp.vocab)
    assert doc._.commitment == "resourced"
    assert {s.label_ for s in doc.spans["evidence"]} >= {"MONEY", "AGENT"}


def test_extension_registration_is_idempotent():
    register_extensions()
    register_extensions()
    assert Doc.has_extension("commitment") and Doc.has_extension("commitments")


def test_empty_doc(nlp):
    doc = nlp("")
    assert doc._.commitment == "other"
    assert list(doc.spans["evidence"]) == []


@pytest.mark.parametrize("text, roles", [
    ("We will set up a Community Fund of £500,000 offering grants of between £2,000 and £25,000.",
     ["into_action", "part", "part"]),
    ("The council will invest £1.8m in parks, with grants of up to £30,000 for friends groups.",
     ["into_action", "part"]),
    ("We will invest £2m in roads and £3m in schools.", ["into_action", "into_action"]),
    ("We are lifting the ring-fence on £4 billion of grants to councils.", ["background"]),
    # a tax cue counts for the amounts of its own phrase only
    ("We will invest £4.7m in school buildings, while business rates raise £30bn for the Treasury.",
     ["into_action", "tax"]),
    ("A winter payment of £250 will be made to every pensioner, subject to a savings threshold.", ["into_action"]),
    ("We will cut council tax by £100 for every band D home.", ["tax"]),
])
def test_parts_of_an_amount_and_ring_fences_are_not_money_into_the_action(text, roles):
    from discourse.tag.commitment_rules import resource_roles
    from discourse.tag.evidence import find_evidence

    se = find_evidence(text)
    resource_roles(se)
    assert [e.attrs["role"] for e in se.evidence if e.label == "MONEY"] == roles


# -- the pipeline's tokenizer keeps each Doc's text (the component reads it instead of doc.text) ---------------
@pytest.fixture(scope="module")
def tagger():
    from discourse.tag import make_tagger

    return make_tagger(lemmatize=False)


@pytest.mark.parametrize("text", ["We will invest £2m in parks.  ", "", " ", "Strong communities matter.\n"])
def test_kept_text_is_doc_text_and_gives_the_same_records(tagger, nlp, text):
    doc = tagger(text)
    assert doc.user_data[TEXT_KEY] == doc.text == text
    plain = nlp(text)  # spacy.blank + the component: doc.text is read
    assert TEXT_KEY not in plain.user_data
    assert doc._.commitments == plain._.commitments
    assert [(s.start, s.end, s.label_) for s in doc.spans["evidence"]] == \
        [(s.start, s.end, s.label_) for s in plain.spans["evidence"]]


def test_text_keeping_tokenizer_pickles_and_serialises(tagger, tmp_path):
    import pickle

    from discourse.tag.pipeline import TextKeepingTokenizer

    again = pickle.loads(pickle.dumps(tagger.tokenizer))
    assert isinstance(again, TextKeepingTokenizer)
    assert again("We'll see.").user_data[TEXT_KEY] == "We'll see."
    tagger.to_disk(tmp_path / "nlp")
    loaded = spacy.load(tmp_path / "nlp")
    doc = loaded("We will invest £2m in parks.")
    assert TEXT_KEY not in doc.user_data and doc._.commitment == "resourced"
