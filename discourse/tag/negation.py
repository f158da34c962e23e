"""Negation and hedging scope for frame matches.

A frame is present when the sentence is about it, whatever its stance: "we
will not devolve" is about devolution. What changes is the stance, so a match
is *marked* negated or hedged, never removed.

Scope, without a parser: a cue governs a match when it stands at most
``window`` tokens before it (negation also ``after_window`` tokens after it,
"powers were not devolved" / "devolution is not working") and no boundary
token (punctuation, "but", "however", ...) lies between them. Pseudo-negations
("not only", "no doubt") are never cues. Cue lists come from the codebook's
``scope`` section, so they are data, not code.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from spacy.strings import StringStore, hash_string

from discourse.codebooks.schema import Scope, Term
from discourse.tag.terms import TermMatcher, compile_term

__all__ = ["ScopeResult", "ScopeDetector"]


@dataclass(frozen=True)
class ScopeResult:
    """Stance of one match: negated/hedged, with the cue words that decided it."""

    negated: bool = False
    hedged: bool = False
    negation_cue: str | None = None
    hedge_cue: str | None = None


_NONE = ScopeResult()


class ScopeDetector:
    """Decide whether a token span lies in the scope of a negation or hedge cue.

    Parameters
    ----------
    scope : Scope
        Cue lists and windows (from the codebook).
    strings : StringStore
        The pipeline's strings.
    tokenize : callable
        The pipeline's tokenizer as ``text -> list of token strings``.
    lang : str
        Language of the lemma tables.

    Examples
    --------
    >>> import spacy
    >>> from discourse.codebooks import DEFAULT_SCOPE
    >>> nlp = spacy.blank("en")
    >>> det = ScopeDetector(DEFAULT_SCOPE, nlp.vocab.strings, lambda t: [w.text for w in nlp.tokenizer(t)])
    >>> doc = nlp("We will not devolve power.")
    >>> det.check(doc.to_array("LOWER").tolist(), 3, 4).negated
    True
    """

    def __init__(self, scope: Scope, strings: StringStore, tokenize: Callable[[str], list[str]],
                 lang: str = "en"):
        self.scope = scope
        self._strings = strings
        self._boundaries = frozenset(hash_string(b.lower()) for b in scope.boundaries)
        self._kinds: list[str] = []
        self._matcher = TermMatcher(strings)
        for kind, cues in (("neg", scope.negation), ("pseudo", scope.pseudo_negation), ("hedge", scope.hedging)):
            for cue in cues:
                self._matcher.add(compile_term(Term("glob", cue), tokenize, lang))
                self._kinds.append(kind)

    def _left_edge(self, lowers: Sequence[int], start: int) -> int:
        lo = max(0, start - self.scope.window)
        for i in range(start - 1, lo - 1, -1):
            if lowers[i] in self._boundaries:
                return i + 1
        return lo

    def _right_edge(self, lowers: Sequence[int], end: int) -> int:
        hi = min(len(lowers), end + self.scope.after_window)
        for i in range(end, hi):
            if lowers[i] in self._boundaries:
                return i
        return hi

    def _cues(self, lowers: Sequence[int], lo: int, hi: int) -> list[tuple[str, int, int]]:
        found = [(self._kinds[k], s, e) for k, s, e in self._matcher.match(lowers, lo, hi)]
        pseudo = [(s, e) for kind, s, e in found if kind == "pseudo"]
        return [
            (kind, s, e) for kind, s, e in found
            if kind != "pseudo" and not any(ps <= s and e <= pe for ps, pe in pseudo)
        ]

    def _text(self, lowers: Sequence[int], s: int, e: int) -> str:
        return " ".join(self._strings[h] for h in lowers[s:e])

    def check(self, lowers: Sequence[int], start: int, end: int) -> ScopeResult:
        """Stance of the match ``lowers[start:end]``.

        Parameters
        ----------
        lowers : sequence of int
            The sentence's lower-case word hashes (``doc.to_array("LOWER")``).
        start, end : int
            Token offsets of the match.
        """
        lo = self._left_edge(lowers, start)
        before = [c for c in self._cues(lowers, lo, start) if c[2] <= start]
        hi = self._right_edge(lowers, end)
        after = [c for c in self._cues(lowers, end, hi) if c[0] == "neg"] if hi > end else []
        if not before and not after:
            return _NONE
        neg = [c for c in before if c[0] == "neg"] + after
        hedge = [c for c in before if c[0] == "hedge"]
        return ScopeResult(
            negated=bool(neg),
            hedged=bool(hedge),
            negation_cue=self._text(lowers, neg[0][1], neg[0][2]) if neg else None,
            hedge_cue=self._text(lowers, hedge[0][1], hedge[0][2]) if hedge else None,
        )
