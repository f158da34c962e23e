"""Tokens and evidence spans: the types the commitment evidence is built from.

:func:`tokenize` splits a sentence as spaCy's English tokenizer does (clitics
such as "we'll" and "don't" are split and mapped to "will", "not") and looks up
each token's word classes (:mod:`discourse.tag.lexicon`) once;
:func:`tokens_from_doc` builds the same from a spaCy Doc's own tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import reduce
from itertools import repeat
from operator import or_
from typing import TYPE_CHECKING, Any

from discourse.tag import lexicon as lx
from discourse.tag.lexicon import FLAGS, F

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

__all__ = ["Evidence", "Tokens", "tokenize", "tokens_from_doc"]


@dataclass(slots=True)
class Evidence:
    """One typed evidence span.

    Attributes
    ----------
    label : str
        One of :data:`EVIDENCE_LABELS`.
    start_char, end_char : int
        Offsets in the analysed text.
    text : str
        The span's text.
    attrs : dict
        Label-specific facts: ``value``, ``currency``, ``period`` (MONEY);
        ``value``, ``unit`` (STAFF, TARGET); ``author``, ``kind`` (AGENT);
        ``kind`` (MODALITY, ACTION, STANCE); ``role`` (MONEY, STAFF, ASSET: what the
        resource does in the sentence, set by the commitment rules) ...
    """

    label: str
    start_char: int
    end_char: int
    text: str
    attrs: dict[str, Any] = field(default_factory=dict)

    def as_dict(self, offset: int = 0) -> dict[str, Any]:
        """JSON-ready dict; offsets made relative by subtracting ``offset``."""
        out: dict[str, Any] = {"label": self.label, "text": self.text,
                               "start_char": self.start_char - offset, "end_char": self.end_char - offset}
        out.update(self.attrs)
        return out


class Tokens:
    """A sentence split into word and punctuation tokens with their word-class flags.

    ``present`` is the union of all flags: the rules test it before scanning the
    tokens for a word class the sentence does not hold.
    """

    __slots__ = ("text", "spans", "raw", "low", "flags", "phrase_end", "present")

    def __init__(self, text: str, spans: list[tuple[int, int]], raw: list[str], low: list[str],
                 flags: list[int], phrase_end: dict[int, int]):
        self.text = text
        self.spans = spans
        self.raw = raw
        self.low = low
        self.flags = flags
        self.phrase_end = phrase_end
        self.present = reduce(or_, flags, 0)

    def __len__(self) -> int:
        return len(self.raw)

    def where(self, mask: int) -> list[int]:
        """Indices of the tokens with any flag in ``mask`` (no scan when the sentence holds none)."""
        if not self.present & mask:
            return []
        return [k for k, f in enumerate(self.flags) if f & mask]

    def char_span(self, i: int, j: int) -> tuple[int, int]:
        """Character offsets of tokens ``i`` (inclusive) to ``j`` (exclusive)."""
        return self.spans[i][0], self.spans[j - 1][1]

    def index_at(self, char: int) -> int:
        """Index of the first token that ends after ``char``."""
        lo, hi = 0, len(self.spans)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.spans[mid][1] <= char:
                lo = mid + 1
            else:
                hi = mid
        return lo


_DIGIT = re.compile(r"\d")
_COPULAR = frozenset("is was are were be been 's not just absolutely quite entirely surely".split())
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*|\S")
_CLITIC = re.compile(r"(?i)(?:n['’]t|['’](?:ll|re|ve|m|d|s))$")
#: Contractions and clitics (split as spaCy splits them) mapped to their full words.
_NORMAL = {"'ll": "will", "n't": "not", "'re": "are", "'ve": "have", "'m": "am", "'d": "would"}
_BEFORE_NOT = {"wo": "will", "ca": "can", "sha": "shall"}


def _by_next() -> dict[str, dict[str, list[tuple[tuple[str, ...], int]]]]:
    """Phrases indexed by their first and second words (the second word is checked by one dict lookup)."""
    out: dict[str, dict[str, list]] = {}
    for first, entries in lx.PHRASES.items():
        for follow, flag in entries:
            out.setdefault(first, {}).setdefault(follow[0], []).append((follow, flag))
    return out


_PHRASES_BY_NEXT = _by_next()


def _split_clitics(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Split "we'll", "don't", "council's" into word + clitic, as spaCy's tokenizer does."""
    out = []
    for a, b in spans:
        m = _CLITIC.search(text, a, b) if b - a > 2 else None
        if m is not None and m.start() > a:
            out += [(a, m.start()), (m.start(), b)]
        else:
            out.append((a, b))
    return out


def tokenize(text: str) -> Tokens:
    """Split ``text`` into tokens (as spaCy's English tokenizer would) and look up their word classes.

    Examples
    --------
    >>> t = tokenize("We'll publish the plan.")
    >>> t.low
    ['we', 'will', 'publish', 'the', 'plan', '.']
    """
    spans = [m.span() for m in _TOKEN.finditer(text)]
    if "'" in text or "’" in text:
        spans = _split_clitics(text, spans)
    raw = [text[a:b] for a, b in spans]
    return _finish(text, spans, raw, [t.lower() for t in raw])


def tokens_from_doc(doc: "Doc", text: str, start: int = 0, end: int | None = None,
                    start_char: int | None = None, rows: list | None = None) -> Tokens:
    """:class:`Tokens` of ``doc[start:end]`` from spaCy's own tokens (no second tokenization).

    ``text`` is the text of that slice, beginning at character ``start_char`` of
    the Doc (default: the first token's); offsets are relative to it.
    Whitespace tokens are left out. ``rows`` may hold ``doc.to_array([IDX,
    LENGTH, IS_SPACE])`` as a list already (the component reads it once per Doc).
    """
    if rows is None:
        from spacy.attrs import IDX, IS_SPACE, LENGTH

        rows = doc.to_array([IDX, LENGTH, IS_SPACE]).tolist()
    rows = rows[start:end]
    base = (rows[0][0] if rows else 0) if start_char is None else start_char
    spans = [(r[0] - base, r[0] - base + r[1]) for r in rows if not r[2]]
    raw = [text[a:b] for a, b in spans]
    return _finish(text, spans, raw, list(map(str.lower, raw)))


def _normalise(low: list[str]) -> list[str]:
    low = [t.replace("’", "'") for t in low]
    n = len(low)
    out = []
    for i, t in enumerate(low):
        if t in _NORMAL:
            t = _NORMAL[t]
        elif t in _BEFORE_NOT and i + 1 < n and low[i + 1] == "n't":
            t = _BEFORE_NOT[t]
        out.append(t)
    return out


def _finish(text: str, spans: list[tuple[int, int]], raw: list[str], low: list[str]) -> Tokens:
    if "'" in text or "’" in text:
        low = _normalise(low)
    flags = list(map(FLAGS.get, low, repeat(0)))
    n = len(low)
    present = reduce(or_, flags, 0)
    for i in [i for i, f in enumerate(flags) if f & F.SPECIAL] if present & F.SPECIAL else ():
        w = low[i]
        if w == "i" and raw[i] != "I" or raw[i] == "US":
            flags[i] = 0
        elif w == "need" or w == "needs":
            if i + 1 >= n or low[i + 1] != "to":
                flags[i] &= ~F.DEONTIC
        elif w == "right":  # "it is right to", "was right", "not right": an evaluation, not a Right to Bid
            if i and low[i - 1] in _COPULAR and (i + 1 >= n or low[i + 1] not in ("of", "to")
                                                 or (i + 2 < n and low[i + 2] not in ("bid", "challenge", "buy"))):
                flags[i] |= F.STANCE
        elif w == "fair":  # "the fair value of an asset" is an accounting term, not an evaluation
            if i + 1 < n and low[i + 1] in ("value", "values"):
                flags[i] &= ~F.STANCE
        elif w == "priority" or w == "priorities":  # "our top priority", not "local priorities", "Priority Programme"
            if i and (raw[i][:1].isupper() or low[i - 1] not in lx.PRIORITY_BEFORE):
                flags[i] &= ~F.STANCE
        elif w in ("would", "could", "should", "might") and i + 2 < n and low[i + 1] == "have":
            flags[i] |= F.STANCE  # counterfactual: "should have acted", "would have saved lives"
    phrase_end: dict[int, int] = {}
    for i in [i for i, f in enumerate(flags) if f & F.PHRASE and i + 1 < n] if present & F.PHRASE else ():
        for follow, flag in _PHRASES_BY_NEXT[low[i]].get(low[i + 1], ()):
            k = len(follow)
            if k == 1 or tuple(low[i + 1:i + 1 + k]) == follow:
                if flag & lx.VERB_CLASSES:  # "make sure", "build on": the phrase's class replaces the verb's own
                    flags[i] &= ~lx.VERB_CLASSES
                flags[i] |= flag
                phrase_end[i] = i + 1 + k
                break
    return Tokens(text, spans, raw, low, flags, phrase_end)
