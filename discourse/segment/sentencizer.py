"""Sentence boundaries for policy text: one rule engine, a spaCy component on top.

spaCy's stock ``sentencizer`` splits after every ``.``; policy documents are full
of periods that do not end sentences: "Cllr. Smith", "para. 4.2", "approx. 20",
"No. 10", initials, "e.g. the", numbered paragraphs "3. The council...". The
rules, applied to whitespace-separated words:

- a word ending in ``.``, ``!``, ``?`` or ``…`` (then any closing quotes or
  brackets) ends a sentence when the next word does not start in lower case
  or with ``, ; : )``, unless the period closes a known abbreviation, a single
  capital initial, or a number opening the sentence ("3. The council ...");
- every line break ends a sentence: the cleanup stage puts each paragraph,
  heading and list item on a line of its own, so headings are never glued to
  the next sentence;
- a bullet glyph met inside a line starts a sentence.

Amounts that end a sentence ("... rises to £4.5m. Next ...") end it as usual.

:func:`sentence_spans` applies the rules to a string (fast: compiled regexes,
no tokenization); :class:`PolicySentencizer` is the same rules as a spaCy
component (``nlp.add_pipe("discourse_sentencizer")``), setting ``Token.is_sent_start``
on the tokens where :func:`sentence_spans` puts boundaries.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

import numpy as np
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["PolicySentencizer", "make_sentencizer", "sentence_spans", "count_words", "ABBREVIATIONS"]

#: Lower-cased abbreviations (without the final period) that do not end a sentence
#: when followed by a capitalised word.
ABBREVIATIONS = frozenset("""
cllr cllrs councillor para paras no nos dr mr mrs ms mx prof rt hon st rev revd sr jr
e.g eg i.e ie cf vol vols approx ca c viz fig figs ref refs sec secs s ss art arts cl cls reg regs sch
ch chap pt pts p pp ed eds est incl excl min max dept govt gov assoc av ave rd mt ft
jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
v vs al op loc ibid nb tel ext mob
u.k u.s u.n e.u h.m h.m.g
""".split())

_LINE = re.compile(r"[^\n]+")
_END_PUNCT = re.compile(r"[.!?…]+$")
_CLOSERS = "\"'’”)]»"
_OPENERS = "(\"'‘“[«"
_BULLETS = frozenset("•▪●◦■➢►")
_COUNTED = re.compile(r"[^\W_]+(?:[.,'’\-][^\W_]+)*")


def count_words(text: str) -> int:
    """Number of words (runs of letters/digits; "£4.5m" and "council's" count once)."""
    return len(_COUNTED.findall(text))


def _ends_sentence(word: str, nxt: str, opens_sentence: bool, abbreviations: frozenset[str]) -> bool:
    core = word.rstrip(_CLOSERS)
    m = _END_PUNCT.search(core)
    if m is None:
        return False
    if nxt[:1].islower() or nxt[:1] in ",;:)":
        return False
    if m.group(0) != ".":
        return True  # ! ? … and "..."
    stem = core[: m.start()].lstrip(_OPENERS)
    if stem.lower() in abbreviations:
        return False
    if len(stem) == 1 and stem.isupper():
        return False  # an initial: "J. Smith"
    if opens_sentence and stem.replace(".", "").isdigit() and len(stem) <= 8:
        return False  # "3." or "4.2." numbering a paragraph or list item
    return True


_CANDIDATE = re.compile(r"(?<!\S)(\S*[.!?…][\"'’”)\]»]*|[•▪●◦■➢►]\S*)(?=\s+(\S+))")


def sentence_spans(text: str, abbreviations: frozenset[str] = ABBREVIATIONS) -> list[tuple[int, int]]:
    """Character spans ``(start, end)`` of the sentences in ``text``, stripped of surrounding space.

    Examples
    --------
    >>> t = "Cllr. Lee said costs rise to £4.5m. The council agreed."
    >>> [t[a:b] for a, b in sentence_spans(t)]
    ['Cllr. Lee said costs rise to £4.5m.', 'The council agreed.']
    """
    spans: list[tuple[int, int]] = []
    for line in _LINE.finditer(text):
        body = line.group(0)
        stripped = body.strip()
        if not stripped:
            continue
        base = line.start()
        start = len(body) - len(body.lstrip())
        end = start + len(stripped)
        # only words ending in sentence punctuation, and bullets, need a decision
        for m in _CANDIDATE.finditer(body, start, end):
            a, b = m.span(1)
            word = m.group(1)
            if word[0] in _BULLETS:
                if a > start:
                    spans.append((base + start, base + len(body[:a].rstrip())))
                    start = a
                continue
            if _ends_sentence(word, m.group(2), a == start, abbreviations):
                spans.append((base + start, base + b))
                start = m.start(2)
        spans.append((base + start, base + end))
    return spans


class PolicySentencizer:
    """The rules of :func:`sentence_spans` as a spaCy component.

    Parameters
    ----------
    nlp : Language
    name : str
    abbreviations : iterable of str, optional
        Extra lower-cased abbreviations (no final period) that do not end a sentence.
    """

    def __init__(self, nlp: Language, name: str = "discourse_sentencizer", *, abbreviations: Iterable[str] = ()):
        self.name = name
        self.abbreviations = ABBREVIATIONS | {a.lower().rstrip(".") for a in abbreviations}

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        idx = doc.to_array(IDX).astype(np.int64)
        starts = np.full(n, -1, dtype=np.int64)
        for a, _ in sentence_spans(doc.text, self.abbreviations):
            i = int(np.searchsorted(idx, a))
            if i < n:
                starts[i] = 1
        starts[0] = 1
        doc.from_array([SENT_START], starts.astype(np.uint64).reshape(-1, 1))
        return doc

    def to_disk(self, path, *, exclude=()):
        import srsly

        Path(path).mkdir(parents=True, exist_ok=True)
        srsly.write_json(Path(path) / "cfg", {"abbreviations": sorted(self.abbreviations - ABBREVIATIONS)})

    def from_disk(self, path, *, exclude=()):
        import srsly

        cfg = srsly.read_json(Path(path) / "cfg")
        self.abbreviations = ABBREVIATIONS | set(cfg.get("abbreviations", []))
        return self


@Language.factory("discourse_sentencizer", default_config={"abbreviations": []})
def make_sentencizer(nlp: Language, name: str, abbreviations: list[str]) -> PolicySentencizer:
    """Factory for :class:`PolicySentencizer` (``nlp.add_pipe("discourse_sentencizer")``)."""
    return PolicySentencizer(nlp, name, abbreviations=abbreviations)
