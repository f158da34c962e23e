import pytest
import spacy

from discourse.segment import make_segmenter, segment_pages, sentence_spans

CASES = [
    ("The cost is £4.5m. Next year it rises.", ["The cost is £4.5m.", "Next year it rises."]),
    ("See para. 4 and Cllr. Smith e.g. the plan. Done.", ["See para. 4 and Cllr. Smith e.g. the plan.", "Done."]),
    ("3. The council will act. It will.", ["3. The council will act.", "It will."]),
    ("Numbered. 3. Then the item.", ["Numbered.", "3. Then the item."]),
    ("1.2 Capital spending rises. Yes.", ["1.2 Capital spending rises.", "Yes."]),
    ('He said "We will act." Then left.', ['He said "We will act."', "Then left."]),
    ("Total £1.2bn. J. Smith agreed. About approx. 20 posts.",
     ["Total £1.2bn.", "J. Smith agreed.", "About approx. 20 posts."]),
    ("Heading glued\nThe council will act.", ["Heading glued", "The council will act."]),
    ("We will:\n• build homes\n• fund staff", ["We will:", "• build homes", "• fund staff"]),
    ("Fine • inline bullet", ["Fine", "• inline bullet"]),
    ("Acme Ltd. The council paid. Mr. Lee left at 3 p.m. Then we went.",
     ["Acme Ltd.", "The council paid.", "Mr. Lee left at 3 p.m.", "Then we went."]),
    ("Really?! Yes... Maybe.", ["Really?!", "Yes...", "Maybe."]),
    ("The U.K. Government will act. No. 10 agreed.", ["The U.K. Government will act.", "No. 10 agreed."]),
    ("e.g. this; i.e. that. Next", ["e.g. this; i.e. that.", "Next"]),
    ("costs rose by 4.5 per cent. in real terms", ["costs rose by 4.5 per cent. in real terms"]),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_rules(text, expected):
    assert [text[a:b] for a, b in sentence_spans(text)] == expected


@pytest.mark.parametrize("text, expected", CASES)
def test_spacy_component_agrees_with_rules(text, expected):
    nlp = make_segmenter()
    assert [s.text.replace("\n", " ").strip() for s in nlp(text).sents] == expected


def test_component_is_registered_and_configurable():
    nlp = spacy.blank("en")
    nlp.add_pipe("discourse_sentencizer", config={"abbreviations": ["Kcc"]})
    assert [s.text for s in nlp("Ask Kcc. Officers agreed.").sents] == ["Ask Kcc. Officers agreed."]


def test_offsets_point_into_page_text():
    pages = [(1, "First sentence here. Second one.\nA heading"), (2, "Page two starts. It ends.")]
    sents = segment_pages(pages)
    texts = dict(pages)
    assert [s.sentence_id for s in sents] == list(range(len(sents)))
    for s in sents:
        assert s.page_no == s.end_page_no
        assert texts[s.page_no][s.start_char:s.end_char] == s.text


def test_sentence_running_over_a_page_break_is_one_sentence():
    sents = segment_pages([(1, "We will transfer the library to the"), (2, "community trust in 2014. Done.")])
    assert [(s.text, s.page_no, s.end_page_no) for s in sents] == [
        ("We will transfer the library to the community trust in 2014.", 1, 2), ("Done.", 2, 2)]
    assert sents[0].start_char == 0 and sents[0].end_char == len("community trust in 2014.")


def test_word_counts():
    (s,) = segment_pages([(1, "The council's £4.5m plan, agreed in 2014.")])
    assert s.n_words == 7  # The, council's, 4.5m, plan, agreed, in, 2014
