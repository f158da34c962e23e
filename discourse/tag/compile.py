"""Compile a codebook into a matcher and score a sentence against it.

:class:`CompiledCodebook` turns every pattern and exclusion into token tests
(see :mod:`discourse.tag.terms`), then :meth:`CompiledCodebook.analyse` finds
the matches in a Doc, drops those an exclusion overlaps or a context rule
rejects, marks negation and hedging, and sums the weights per frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from spacy.language import Language
from spacy.tokens import Doc

from discourse.codebooks.schema import Codebook, Pattern, Term
from discourse.tag.negation import ScopeDetector, ScopeResult
from discourse.tag.terms import ContextTest, TermMatcher, compile_term

__all__ = ["Match", "FrameDecision", "CompiledCodebook"]


@dataclass(frozen=True)
class _PatternRef:
    frame: str
    subframe: str
    pattern: Pattern
    requires: ContextTest | None = None
    unless: ContextTest | None = None
    also_requires: ContextTest | None = None


@dataclass(frozen=True)
class _ExclusionRef:
    frame: str | None
    subframe: str | None
    term: Term


@dataclass(frozen=True)
class Match:
    """One kept pattern match in a sentence."""

    frame: str
    subframe: str
    pattern: Pattern
    start: int
    end: int
    text: str
    scope: ScopeResult

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class FrameDecision:
    """The sentence-level decision for one frame."""

    present: bool = False
    score: float = 0.0
    negated: bool = False
    hedged: bool = False
    subframe: str | None = None
    terms: list[str] = field(default_factory=list)
    subframes: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "present": self.present, "score": self.score, "negated": self.negated, "hedged": self.hedged,
            "subframe": self.subframe, "terms": list(self.terms), "subframes": dict(self.subframes),
        }


def _tokenizer(nlp: Language):
    """The pipeline's tokenizer as text -> token strings, remembering each value (a codebook
    repeats its context terms across patterns)."""
    tok = nlp.tokenizer
    seen: dict[str, list[str]] = {}

    def tokenize(text: str) -> list[str]:
        words = seen.get(text)
        if words is None:
            words = seen[text] = [t.text for t in tok(text)]
        return list(words)

    return tokenize


class CompiledCodebook:
    """A codebook compiled for one pipeline's tokenizer and strings.

    Parameters
    ----------
    codebook : Codebook
        The validated codebook.
    nlp : Language
        The pipeline whose tokenizer splits the pattern values.
    """

    def __init__(self, codebook: Codebook, nlp: Language):
        self.codebook = codebook
        tokenize = _tokenizer(nlp)
        lang = codebook.language
        strings = nlp.vocab.strings
        self.matcher = TermMatcher(strings)
        self._refs: list[_PatternRef | _ExclusionRef] = []
        for t in codebook.exclusions:
            self._add(_ExclusionRef(None, None, t), t, tokenize, lang)
        for f in codebook.frames:
            for t in f.exclusions:
                self._add(_ExclusionRef(f.name, None, t), t, tokenize, lang)
            for s in f.subframes:
                for t in s.exclusions:
                    self._add(_ExclusionRef(f.name, s.name, t), t, tokenize, lang)
                for p in s.patterns:
                    ref = _PatternRef(f.name, s.name, p,
                                      self._context(p.requires, strings, tokenize, lang),
                                      self._context(p.unless, strings, tokenize, lang),
                                      self._context(p.also_requires, strings, tokenize, lang))
                    self._add(ref, p, tokenize, lang)
        self.scope = ScopeDetector(codebook.scope, strings, tokenize, lang)
        self.thresholds = {f.name: f.threshold for f in codebook.frames}
        self.frame_names = codebook.frame_names
        self._order = {s.name: i for f in codebook.frames for i, s in enumerate(f.subframes)}

    def _add(self, ref, term, tokenize, lang) -> None:
        self.matcher.add(compile_term(term, tokenize, lang))
        self._refs.append(ref)

    @staticmethod
    def _context(terms: Sequence[Term], strings, tokenize, lang) -> ContextTest | None:
        if not terms:
            return None
        m = TermMatcher(strings)
        for t in terms:
            m.add(compile_term(t, tokenize, lang))
        return ContextTest(m, strings)

    # -- matching -----------------------------------------------------------
    @staticmethod
    def _context_ok(ref: _PatternRef, doc: Doc, lowers: Sequence[int], s: int, e: int) -> bool:
        w = ref.pattern.window
        lo, hi = (0, len(lowers)) if w is None else (max(0, s - w), min(len(lowers), e + w))
        if ref.requires is not None and not ref.requires.hit(doc, lowers, lo, hi):
            return False
        if ref.also_requires is not None and not ref.also_requires.hit(doc, lowers, lo, hi):
            return False
        if ref.unless is not None and ref.unless.hit(doc, lowers, lo, hi):
            return False
        return True

    def matches(self, doc: Doc, lowers: Sequence[int] | None = None) -> list[Match]:
        """The pattern matches kept after exclusions and context rules, longest first per frame."""
        if lowers is None:
            lowers = [t.lower for t in doc]
        raw = self.matcher.match(lowers)
        if self.matcher.has_regex:
            raw += self.matcher.match_regex(doc)
        if not raw:
            return []
        refs = self._refs
        excl = [(refs[k], s, e) for k, s, e in raw if isinstance(refs[k], _ExclusionRef)]
        kept: list[tuple[_PatternRef, int, int]] = []
        for k, s, e in raw:
            ref = refs[k]
            if isinstance(ref, _ExclusionRef):
                continue
            if any(xs < e and s < xe and (x.frame is None or x.frame == ref.frame)
                   and (x.subframe is None or x.subframe == ref.subframe) for x, xs, xe in excl):
                continue
            if (ref.requires is not None or ref.unless is not None) and not self._context_ok(ref, doc, lowers, s, e):
                continue
            kept.append((ref, s, e))
        return self._resolve(kept, doc, lowers)

    def _resolve(self, kept, doc: Doc, lowers: Sequence[int]) -> list[Match]:
        """Per frame, keep the longest (then heaviest) non-overlapping matches."""
        kept.sort(key=lambda m: (-(m[2] - m[1]), -m[0].pattern.weight, m[1]))
        taken: dict[str, list[tuple[int, int]]] = {}
        out: list[Match] = []
        for ref, s, e in kept:
            spans = taken.setdefault(ref.frame, [])
            if any(ts < e and s < te for ts, te in spans):
                continue
            spans.append((s, e))
            out.append(Match(ref.frame, ref.subframe, ref.pattern, s, e, doc[s:e].text,
                             self.scope.check(lowers, s, e)))
        out.sort(key=lambda m: (m.start, m.end))
        return out

    def decide(self, matches: Sequence[Match]) -> dict[str, FrameDecision]:
        """Sum distinct pattern weights per frame and decide presence.

        Each pattern counts once per sentence. The main sub-frame is the one
        with the largest weight (first in codebook order on ties). The frame is
        negated (hedged) when every match carrying it is.
        """
        decisions = {name: FrameDecision() for name in self.frame_names}
        seen: dict[str, set[str]] = {}
        for m in matches:
            d = decisions[m.frame]
            if m.text.lower() not in d.terms:
                d.terms.append(m.text.lower())
            keys = seen.setdefault(m.frame, set())
            if m.pattern.key in keys:
                continue
            keys.add(m.pattern.key)
            d.score += m.pattern.weight
            d.subframes[m.subframe] = d.subframes.get(m.subframe, 0.0) + m.pattern.weight
        order = self._order
        for name, d in decisions.items():
            d.score = round(d.score, 6)
            d.present = d.score > 0 and d.score >= self.thresholds[name]
            if d.subframes:
                d.subframe = max(d.subframes, key=lambda s: (d.subframes[s], -order.get(s, 0)))
            ms = [m for m in matches if m.frame == name]
            d.negated = bool(ms) and all(m.scope.negated for m in ms)
            d.hedged = bool(ms) and all(m.scope.hedged for m in ms)
        return decisions

    def analyse(self, doc: Doc) -> tuple[list[Match], dict[str, FrameDecision]]:
        """Matches and per-frame decisions for one Doc (one sentence)."""
        matches = self.matches(doc)
        return matches, self.decide(matches)
