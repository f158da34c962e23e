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

__all__ = ["TokenTest", "TermSeq", "TermMatcher", "ContextTest", "compile_term", "glob_regex"]

_STAR = "qqstarqq"
_ONE = "qqoneqq"
_MEMO_LIMIT = 500_000

#: Very frequent English words. A term that starts with them ("the big society", "in-house") is
#: indexed by its first other word and the leading words are checked backwards, so these words
#: do not make every sentence a candidate.
_LEADING = frozenset(hash_string(w) for w in (
    "the a an of to in for on at by from with as and or not no will would can have has had be is are was "
    "were this that these those our their its his her my your we they it all any more most new other some "
    "such make made work do does"
).split())


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


class _Node:
    """A trie node: patterns ending here, literal children by word hash, glob children."""

    __slots__ = ("ends", "next", "globs", "any_glob", "memo")

    def __init__(self) -> None:
        self.ends: list[tuple[int, tuple[TokenTest, ...]]] = []
        self.next: dict[int, _Node] = {}
        self.globs: list[tuple[str, re.Pattern, _Node]] = []
        self.any_glob: re.Pattern | None = None
        self.memo: dict[int, tuple[_Node, ...]] = {}


class TermMatcher:
    """Find many token sequences in a list of lower-case word hashes.

    The sequences are stored in a trie keyed by word hash; glob words are
    tested once per distinct word and node (memoised), so the cost per token
    is about one dict lookup.

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
        self._root = _Node()
        self._regex: list[int] = []
        self._nodes: list[_Node] = [self._root]
        self._seen: set[int] = set()      # word hashes already classified
        self._triggers: set[int] = set()  # word hashes that start at least one term
        self._ready = True

    def __len__(self) -> int:
        return len(self._seqs)

    @property
    def has_regex(self) -> bool:
        """Whether any term is a regex (searched in the text, not the tokens)."""
        return bool(self._regex)

    def _child(self, node: _Node, test: TokenTest) -> list[_Node]:
        if test.glob is not None:
            for text, _, child in node.globs:
                if text == test.glob.pattern:
                    return [child]
            child = _Node()
            node.globs.append((test.glob.pattern, test.glob, child))
            self._nodes.append(child)
            return [child]
        out = []
        for h in test.hashes:
            child = node.next.get(h)
            if child is None:
                child = node.next[h] = _Node()
                self._nodes.append(child)
            out.append(child)
        return out

    def add(self, seq: TermSeq) -> int:
        """Add a compiled term; returns its key (its index)."""
        key = len(self._seqs)
        self._seqs.append(seq)
        if seq.regex is not None:
            self._regex.append(key)
            return key
        tests = seq.tests
        lead = 0
        while lead < len(tests) - 1 and tests[lead].glob is None and tests[lead].hashes <= _LEADING:
            lead += 1
        frontier = [self._root]
        for test in tests[lead:]:
            nxt: dict[int, _Node] = {}
            for node in frontier:
                for child in self._child(node, test):
                    nxt[id(child)] = child
            frontier = list(nxt.values())
        for node in frontier:
            node.ends.append((key, tests[:lead]))
        self._ready = False
        return key

    @staticmethod
    def _emit(out: list, ends: list, lowers: Sequence[int], lo: int, i: int, j: int) -> None:
        """Record the terms ending at a node that matched ``lowers[i:j]``, checking leading words backwards."""
        for key, lead in ends:
            if not lead:
                out.append((key, i, j))
                continue
            s = i - len(lead)
            if s >= lo and all(lowers[s + k] in t.hashes for k, t in enumerate(lead)):
                out.append((key, s, j))

    def _prepare(self) -> None:
        """After additions: compile each node's glob alternation and drop stale memos."""
        self._seen: set[int] = set()
        self._triggers: set[int] = set()
        for node in self._nodes:
            node.memo.clear()
            node.any_glob = (re.compile("|".join(f"(?:{p})" for p, _, _ in node.globs), re.IGNORECASE | re.DOTALL)
                             if node.globs else None)
        self._ready = True

    def _children(self, node: _Node, h: int) -> tuple[_Node, ...]:
        kids = node.memo.get(h)
        if kids is not None:
            return kids
        found = []
        child = node.next.get(h)
        if child is not None:
            found.append(child)
        if node.globs:
            word = self._strings[h]
            if node.any_glob.fullmatch(word):
                found += [c for _, rx, c in node.globs if rx.fullmatch(word)]
        if len(node.memo) > _MEMO_LIMIT:
            node.memo.clear()
        kids = node.memo[h] = tuple(found)
        return kids

    def match(self, lowers: Sequence[int], start: int = 0, end: int | None = None) -> list[tuple[int, int, int]]:
        """All ``(key, start, end)`` token matches in ``lowers[start:end]`` (token patterns only)."""
        if not self._ready:
            self._prepare()
        end = len(lowers) if end is None else end
        root = self._root
        memo = root.memo
        children = self._children
        emit = self._emit
        out: list[tuple[int, int, int]] = []
        window = lowers if (start == 0 and end == len(lowers)) else lowers[start:end]
        words = set(window)
        if not words <= self._seen:  # classify new words once: do they start any term?
            unseen = words - self._seen
            if len(self._seen) > _MEMO_LIMIT:
                self._seen, self._triggers = set(), set()
                unseen = words
            for h in unseen:
                if children(root, h):
                    self._triggers.add(h)
            self._seen |= unseen
        triggers = words & self._triggers
        if not triggers:  # no word of the window starts a term: nothing to walk
            return out
        for i in [j for j, h in enumerate(window, start) if h in triggers]:
            for node in memo.get(lowers[i]) or children(root, lowers[i]):
                if node.ends:
                    emit(out, node.ends, lowers, start, i, i + 1)
                if i + 1 >= end:
                    continue
                if node.globs:
                    stack = [(c, i + 2) for c in children(node, lowers[i + 1])]
                else:
                    nxt = node.next.get(lowers[i + 1]) if node.next else None
                    if nxt is None:
                        continue
                    stack = [(nxt, i + 2)]
                while stack:
                    deep, j = stack.pop()
                    if deep.ends:
                        emit(out, deep.ends, lowers, start, i, j)
                    if j < end and (deep.next or deep.globs):
                        stack.extend((c, j + 1) for c in children(deep, lowers[j]))
        return out

    def single_words(self) -> tuple[frozenset[int], list[re.Pattern], bool]:
        """The literal one-word terms (hashes), one-word glob terms, and whether longer terms exist.

        Lets callers test "does any term occur in this window" with set
        operations instead of a scan (see :class:`ContextTest`).
        """
        if not self._ready:
            self._prepare()
        literal: set[int] = set()
        globs: list[re.Pattern] = []
        longer = bool(self._regex)
        for seq in self._seqs:
            if seq.regex is not None:
                continue
            if len(seq.tests) == 1:
                t = seq.tests[0]
                literal |= t.hashes
                if t.glob is not None:
                    globs.append(t.glob)
            else:
                longer = True
        return frozenset(literal), globs, longer


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
        lowers = [t.lower for t in doc]
        return sorted(self.match(lowers) + self.match_regex(doc), key=lambda m: (m[1], m[2], m[0]))


class ContextTest:
    """Does any of a set of terms occur in a token window? Fast for one-word terms.

    One-word literal terms are tested with a set intersection, one-word globs
    through a per-word memo, and only longer terms scan the window with a
    :class:`TermMatcher`.
    """

    def __init__(self, matcher: TermMatcher, strings: StringStore):
        self._matcher = matcher
        self._strings = strings
        self._literal, globs, self._longer = matcher.single_words()
        self._glob = re.compile("|".join(f"(?:{g.pattern})" for g in globs), re.IGNORECASE | re.DOTALL) if globs else None
        self._memo: dict[int, bool] = {}

    def hit(self, doc: Doc, lowers: Sequence[int], lo: int, hi: int) -> bool:
        window = lowers[lo:hi]
        if not self._literal.isdisjoint(window):
            return True
        if self._glob is not None:
            memo = self._memo
            for h in window:
                r = memo.get(h)
                if r is None:
                    if len(memo) > _MEMO_LIMIT:
                        memo.clear()
                    r = memo[h] = self._glob.fullmatch(self._strings[h]) is not None
                if r:
                    return True
        if self._longer:
            if self._matcher.match(lowers, lo, hi):
                return True
            return any(s >= lo and e <= hi for _, s, e in self._matcher.match_regex(doc))
        return False
