"""Sentence boundaries for policy text: the rule engine (no spaCy needed).

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
no tokenization); :class:`discourse.segment.sentencizer.PolicySentencizer` is the
same rules as a spaCy component.
"""

from __future__ import annotations

import re

__all__ = ["sentence_spans", "count_words", "ABBREVIATIONS"]

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
