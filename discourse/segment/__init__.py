"""Stage 2a: pages -> sentences with page numbers and character offsets.

Each sentence records the page it starts on and character offsets into that
page's clean text (``pages.text``), so ``pages.text[start_char:end_char]`` is
the sentence. A sentence that runs over a page break (the page ends without
terminal punctuation and the next page starts in lower case) is one sentence
with ``end_page_no`` the next page and ``end_char`` an offset into it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Iterable, Sequence

from discourse.segment.rules import ABBREVIATIONS, count_words, sentence_spans

__all__ = ["Sentence", "segment_pages", "sentence_rows", "make_segmenter", "sentence_spans", "count_words",
           "PolicySentencizer", "make_sentencizer", "ABBREVIATIONS", "SEGMENTER"]

#: Name of the rule set, recorded with extraction (see ``EXTRACTOR_VERSION``).
SEGMENTER = "discourse_sentencizer"


@dataclass(slots=True)
class Sentence:
    """One sentence and where it is."""

    sentence_id: int
    page_no: int
    start_char: int
    end_page_no: int
    end_char: int
    text: str
    n_words: int


@functools.lru_cache(maxsize=1)
def make_segmenter():
    """A ``spacy.blank("en")`` pipeline with the policy sentencizer (cached per process).

    :func:`segment_pages` applies the same rules without tokenizing; use this
    pipeline when you want spaCy ``Doc`` objects with ``doc.sents``.
    """
    import spacy

    import discourse.segment.sentencizer  # noqa: F401 - registers the factory

    nlp = spacy.blank("en")
    nlp.add_pipe("discourse_sentencizer")
    return nlp


_TERMINAL = re.compile(r"[.!?…:;][\"'’”)\]]*\s*$")


def segment_pages(pages: Iterable[tuple[int, str]], abbreviations: frozenset[str] = ABBREVIATIONS) -> list[Sentence]:
    """Split a document's clean page texts into sentences.

    Parameters
    ----------
    pages : iterable of (page_no, text)
        In page order.
    abbreviations : frozenset of str
        Lower-cased abbreviations that do not end a sentence.

    Returns
    -------
    list of Sentence
        Numbered from 0 in document order.

    Examples
    --------
    >>> [s.text for s in segment_pages([(1, "We will act. Cllr. Lee agreed")])]
    ['We will act.', 'Cllr. Lee agreed']
    """
    sentences: list[Sentence] = []
    for page_no, text in pages:
        spans = sentence_spans(text, abbreviations) if text else []
        for k, (a, b) in enumerate(spans):
            piece = text[a:b].replace("\n", " ")
            if k == 0 and sentences and _continues(sentences[-1], piece):
                prev = sentences[-1]
                joiner = "" if prev.text.endswith("-") and piece[:1].islower() else " "
                sentences[-1] = Sentence(prev.sentence_id, prev.page_no, prev.start_char, page_no, b,
                                         prev.text + joiner + piece, prev.n_words + count_words(piece))
                continue
            sentences.append(Sentence(len(sentences), page_no, a, page_no, b, piece, count_words(piece)))
    return sentences


def _continues(prev: Sentence, next_text: str) -> bool:
    """A page-final sentence without terminal punctuation, continued in lower case."""
    return not _TERMINAL.search(prev.text) and next_text[:1].islower()


def sentence_rows(doc_id: str, sentences: Sequence[Sentence]) -> list[dict]:
    """Rows for the ``sentences`` table."""
    return [
        {"doc_id": doc_id, "sentence_id": s.sentence_id, "page_no": s.page_no, "start_char": s.start_char,
         "end_page_no": s.end_page_no, "end_char": s.end_char, "text": s.text, "n_words": s.n_words}
        for s in sentences
    ]


def __getattr__(name: str):
    # the spaCy component is imported on demand: extraction needs only the rules
    if name in ("PolicySentencizer", "make_sentencizer"):
        from discourse.segment import sentencizer

        return getattr(sentencizer, name)
    raise AttributeError(f"module 'discourse.segment' has no attribute {name!r}")
