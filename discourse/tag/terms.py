"""Fast matching of codebook terms on lower-cased token hashes.

Patterns are compiled once into sequences of :class:`TokenTest` (a set of
accepted lower-case word hashes, or a glob). :class:`TermMatcher` indexes the
sequences by their first token and scans ``doc.to_array(LOWER)``: one dict
lookup per token, memoised per word, so a sentence costs about as much as
iterating its hashes. Lemma patterns are expanded to their inflected forms at
compile time, so matching needs no lemmatizer. Regex patterns are searched in
the text and aligned to tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Sequence

from spacy.strings import StringStore, hash_string
from spacy.tokens import Doc

from discourse.codebooks.lemmas import inflections
from discourse.codebooks.schema import Term

__all__ = ["TokenTest", "TermSeq", "TermMatcher", "compile_term", "glob_regex"]

_STAR = "qqstarqq"
_ONE = "qqoneqq"
_MEMO_LIMIT = 500_000


def glob_regex(token: str) -> re.Pattern:
    """Compile one glob word (``*`` any run, ``?`` one character) to a full-match regex."""
    parts = []
    for ch in token:
        parts.append(".*" if ch == "*" else "." if ch == "?" else re.escape(ch))
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class TokenTest:
    """What one token of a pattern accepts: literal lower-case words, or a glob."""

    hashes: frozenset[int]
    glob: re.Pattern | None = None
    text: str = ""

    def accepts(self, h: int, strings: StringStore) -> bool:
        if h in self.hashes:
            return True
        return self.glob is not None and self.glob.fullmatch(strings[h]) is not None


@dataclass(frozen=True)
class TermSeq:
    """A compiled term: token tests, or a regex over the text."""

    tests: tuple[TokenTest, ...] = ()
    regex: re.Pattern | None = None
    label: str = ""

    def __len__(self) -> int:
        return len(self.tests)


def _literal(words: Iterable[str], text: str) -> TokenTest:
    return TokenTest(frozenset(hash_string(w) for w in words), None, text)


def _split_words(tokenize: Callable[[str], Sequence[str]], value: str, keep_wild: bool) -> list[str]:
    if not keep_wild:
        return [w.lower() for w in tokenize(value)]
    masked = value.replace("*", _STAR).replace("?", _ONE)
    return [w.lower().replace(_STAR, "*").replace(_ONE, "?") for w in tokenize(masked)]


def compile_term(term: Term, tokenize: Callable[[str], Sequence[str]], lang: str = "en") -> TermSeq:
    """Compile a term (or pattern) to a :class:`TermSeq`.

    Parameters
    ----------
    term : Term or Pattern
        Anything with ``type`` and ``value``.
    tokenize : callable
        Splits text into token strings exactly as the pipeline's tokenizer does
        (so "co-operative" compiles to the same three tokens the text gives).
    lang : str
        Language of the lemma tables.
    """
    if term.type == "regex":
        return TermSeq(regex=re.compile(term.value, re.IGNORECASE), label=str(term))
    words = _split_words(tokenize, term.value, keep_wild=term.type == "glob")
    tests = []
    for w in words:
        if term.type == "lemma":
            tests.append(_literal(inflections(w, lang), w))
        elif term.type == "glob" and ("*" in w or "?" in w):
            tests.append(TokenTest(frozenset(), glob_regex(w), w))
        else:
            tests.append(_literal([w], w))
    return TermSeq(tests=tuple(tests), label=str(term))


class TermMatcher:
    """Find many token sequences in a list of lower-case word hashes.

    Parameters
    ----------
    strings : StringStore
        The vocabulary's strings (to read a word when a glob must be tested).

    Examples
    --------
    >>> import spacy
    >>> from discourse.codebooks import Term
    >>> nlp = spacy.blank("en")
    >>> m = TermMatcher(nlp.vocab.strings)
    >>> key = m.add(compile_term(Term("lemma", "devolve power"), lambda t: [w.text for w in nlp.tokenizer(t)]))
    >>> m.find(nlp("They devolved power."))
    [(0, 1, 3)]
    """

    def __init__(self, strings: StringStore):
        self._strings = strings
        self._seqs: list[TermSeq] = []
        self._first: dict[int, list[int]] = {}
        self._first_glob: list[tuple[re.Pattern, int]] = []
        self._regex: list[int] = []
        self._memo: dict[int, tuple[int, ...]] = {}

    def __len__(self) -> int:
        return len(self._seqs)

    def add(self, seq: TermSeq) -> int:
        """Add a compiled term; returns its key (its index)."""
        key = len(self._seqs)
        self._seqs.append(seq)
        self._memo.clear()
        if seq.regex is not None:
            self._regex.append(key)
        elif seq.tests:
            first = seq.tests[0]
            for h in first.hashes:
                self._first.setdefault(h, []).append(key)
            if first.glob is not None:
                self._first_glob.append((first.glob, key))
        return key

    def _candidates(self, h: int) -> tuple[int, ...]:
        found = list(self._first.get(h, ()))
        if self._first_glob:
            word = self._strings[h]
            found += [k for rx, k in self._first_glob if rx.fullmatch(word)]
        if len(self._memo) > _MEMO_LIMIT:
            self._memo.clear()
        cands = self._memo[h] = tuple(sorted(found))
        return cands

    def match(self, lowers: Sequence[int], start: int = 0, end: int | None = None) -> list[tuple[int, int, int]]:
        """All ``(key, start, end)`` token matches in ``lowers[start:end]`` (token patterns only)."""
        end = len(lowers) if end is None else end
        memo = self._memo
        seqs = self._seqs
        strings = self._strings
        out: list[tuple[int, int, int]] = []
        for i in range(start, end):
            h = lowers[i]
            cands = memo.get(h)
            if cands is None:
                cands = self._candidates(h)
            if not cands:
                continue
            for key in cands:
                tests = seqs[key].tests
                n = len(tests)
                if n == 1:
                    out.append((key, i, i + 1))
                elif i + n <= end and all(tests[j].accepts(lowers[i + j], strings) for j in range(1, n)):
                    out.append((key, i, i + n))
        return out

    def match_regex(self, doc: Doc) -> list[tuple[int, int, int]]:
        """Matches of the regex terms in ``doc.text``, expanded to whole tokens."""
        out = []
        for key in self._regex:
            for m in self._seqs[key].regex.finditer(doc.text):
                if m.end() <= m.start():
                    continue
                span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
                if span is not None and len(span):
                    out.append((key, span.start, span.end))
        return out

    def find(self, doc: Doc) -> list[tuple[int, int, int]]:
        """Token and regex matches in a Doc, sorted by position."""
        lowers = doc.to_array("LOWER").tolist() if len(doc) else []
        return sorted(self.match(lowers) + self.match_regex(doc), key=lambda m: (m[1], m[2], m[0]))
