"""The light path: sentences with nothing to analyse beyond a few cue words.

Most sentences of a corpus hold no commissive anchor (will, shall, pledge ...),
no amount, no number, no asset and no imperative. Their label can only be
``rhetoric`` (a value, an evaluation, an obligation) or ``other``, and their
evidence is only STANCE and CONDITION spans. :func:`light_evidence` finds those
from the hits of one compiled regex over the lower-cased sentence (all lexicon
words, compiled as a trie, so the scan runs at C speed) without tokenizing the
sentence; it returns ``None`` when the sentence needs the full analysis of
:func:`discourse.tag.evidence.find_evidence`. Both paths give the same labels
(tested).
"""

from __future__ import annotations

import re

from discourse.tag import lexicon as lx
from discourse.tag.lexicon import FLAGS, F
from discourse.tag.money import MONEY_WORDS
from discourse.tag.tokens import Evidence, Tokens

__all__ = ["CUE_PATTERN", "light_evidence"]


def _trie_pattern(words: list[str]) -> str:
    """A regex alternation of ``words`` factored as a trie (one branch per first letter, and so on)."""
    trie: dict = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        body = alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"
        return "(?:" + body + ")?" if "" in node else body

    return build(trie)


_WORDS = sorted({w for w in [*FLAGS, *lx.ASSET_NOUNS, *lx.ASSET_VERBS, *lx.NUMBER_WORDS, *MONEY_WORDS]
                 if re.fullmatch(r"[a-z]+", w)})  # the full path splits hyphenated words too
#: All cue words, for a single scan of a lower-cased sentence (the regex form, for other uses).
CUE_PATTERN = re.compile(r"(?<!\w)(?:" + _trie_pattern(_WORDS) + r")(?!\w)")
_FLAGS_EXTRA = {w: FLAGS.get(w, 0) | (F.PHRASE if w in lx.PHRASES else 0) for w in _WORDS}
_NEIGHBOURS = F.SPECIAL | F.PHRASE  # words whose class depends on the words around them

_ANCHOR_FLAGS = F.FUTURE | F.COMMIT | F.MODAL
_ACTION_FLAGS = F.CHECKABLE | F.WEAK | F.RESOURCE | F.COMMIT
#: Words that send a sentence to the full analysis.
_HEAVY = frozenset(
    [w for w, f in FLAGS.items() if f & _ANCHOR_FLAGS]
    + [*lx.NUMBER_WORDS, *MONEY_WORDS, "subject", "going"]
)
#: The heavy words among the cue words, for a search that stops at the first one (most sentences that
#: need the full analysis hold one) before the scan of all cue words.
_HEAVY_PATTERN = re.compile(r"(?<!\w)(?:" + _trie_pattern(sorted(_HEAVY & set(_WORDS))) + r")(?!\w)")
#: A present progressive of an action verb ("we are introducing", "is being increased"), "is to be".
_SKIPS = "|".join(sorted((w for w, f in FLAGS.items() if f & (F.SKIP | F.NEG) and w.isalpha()), key=len, reverse=True))
_PROGRESSIVE = re.compile(r"\b(?:am|is|are)(?:\s+(?:" + _SKIPS + r"))*\s+(?:being\s+[a-z]+|to\s+be|[a-z]+ing)\b")
_ACTION_ING = frozenset(w for w, f in FLAGS.items() if w.endswith("ing") and f & _ACTION_FLAGS)
_COMMA_SHOULD = re.compile(r",\s*should\b")
_COMMITTED_ING = re.compile(r"\bcommitted\s+to\s+[a-z]+ing\b")  # "we are committed to opening ..."
#: Phrases the light path needs (they give STANCE, obligation or CONDITION); checked after a cheap test.
_LIGHT_PHRASES = {w: [(f, fl) for f, fl in lx.PHRASES[w] if fl & (F.STANCE | F.DEONTIC | F.COND)]
                  for w in lx.PHRASES}
_LIGHT_PHRASES = {w: v for w, v in _LIGHT_PHRASES.items() if v}
_DIGIT = re.compile(r"\d")
_FIRST = re.compile(r"[^a-z]*([a-z][a-z'\-]*)")
_NEXT = re.compile(r"\s*([a-z]+(?:'[a-z]+)*|\d+|[^\s\w])")  # one token, as the full path counts them
_PREV = re.compile(r"([a-z]+|[^\s\w])\s*$")  # the previous token, punctuation included
_LIST_MARKS = frozenset(":•–-)")
_COPULAR = frozenset("is was are were be been not just absolutely quite entirely surely".split())


def _next_words(low: str, pos: int, n: int) -> tuple[list[str], list[int]]:
    words, ends = [], []
    while len(words) < n:
        m = _NEXT.match(low, pos)
        if m is None:
            break
        words.append(m.group(1))
        ends.append(m.end(1))
        pos = m.end(1)
    return words, ends


def _heavy(low: str, words: list[str], hits: list[tuple[int, int, str]]) -> bool:
    if not _HEAVY.isdisjoint(words):
        return True
    if not lx.ASSET_NOUNS.isdisjoint(words) and not lx.ASSET_VERBS.isdisjoint(words):
        return True
    if ("is " in low or "are " in low or "am " in low) and any(
            m.group().endswith("ing") and m.group().split()[-1] in _ACTION_ING or not m.group().endswith("ing")
            for m in _PROGRESSIVE.finditer(low)):
        return True
    if "should" in low and _COMMA_SHOULD.search(low):
        return True
    if "committed to " in low and _COMMITTED_ING.search(low):
        return True
    first = _FIRST.match(low)
    if first is not None and first.group(1) in lx.IMPERATIVE_VERBS:
        return True
    for a, _, w in hits:
        if w in lx.IMPERATIVE_VERBS and a >= 1:
            k = a - 1
            while k > 0 and not low[k].isalnum() and low[k] not in _LIST_MARKS:
                k -= 1  # spaces and bullets ("·", "*") between a list mark and the verb
            if low[k] in _LIST_MARKS:
                return True
    return False


def _flags(text: str, low: str, a: int, b: int, w: str) -> tuple[int, int]:
    """Flags of the hit ``w`` at ``a:b`` with the neighbour rules of the full path, and its span end."""
    f = FLAGS.get(w, 0)
    end = b
    if f & F.SPECIAL:
        if w == "i" and text[a] != "I" or w == "us" and text[a:b] == "US":
            f = 0
        elif w in ("need", "needs"):
            if _next_words(low, b, 1)[0] != ["to"]:
                f &= ~F.DEONTIC
        elif w == "right":
            prev = _PREV.search(low, 0, a)
            nxt, _ = _next_words(low, b, 2)
            if prev is not None and prev.group(1) in _COPULAR and (
                    not nxt or nxt[0] not in ("of", "to") or (len(nxt) > 1 and nxt[1] not in
                                                             ("bid", "challenge", "buy"))):
                f |= F.STANCE
        elif w == "fair":
            if _next_words(low, b, 1)[0] in (["value"], ["values"]):
                f &= ~F.STANCE
        elif w in ("priority", "priorities"):
            prev = _PREV.search(low, 0, a)
            if prev is not None and (text[a].isupper() or prev.group(1) not in lx.PRIORITY_BEFORE):
                f &= ~F.STANCE
    if w in _LIGHT_PHRASES:
        for follow, flag in _LIGHT_PHRASES[w]:
            if low.find(follow[0], b, b + 3 + len(follow[0])) < 0:
                continue  # cheap test before reading the next words
            words, ends = _next_words(low, b, len(follow))
            if tuple(words) == follow:
                if flag & lx.VERB_CLASSES:
                    f &= ~lx.VERB_CLASSES
                f |= flag
                end = ends[-1]
                break
    return f, end


def light_evidence(text: str) -> tuple[Tokens, list[Evidence]] | None:
    """Cue-word tokens and STANCE / CONDITION evidence of a sentence that needs no clause analysis.

    Returns
    -------
    (tokens, evidence) or None
        ``tokens`` holds the cue words only (enough for the decision rules on
        such sentences); None when the sentence holds an anchor, an amount, a
        number, an asset, an imperative or a contraction and needs the full path.
    """
    if "'" in text or "’" in text or "£" in text or "€" in text or "$" in text:
        return None
    low = text.lower()
    if len(low) != len(text) or _DIGIT.search(text) or _HEAVY_PATTERN.search(low):
        return None
    hits = [(m.start(), m.end(), m.group()) for m in CUE_PATTERN.finditer(low)]
    if _heavy(low, [h[2] for h in hits], hits):
        return None
    spans, raw, words, flags, evidence = [], [], [], [], []
    for a, b, w in hits:
        f, end = _flags(text, low, a, b, w) if _FLAGS_EXTRA[w] & _NEIGHBOURS else (_FLAGS_EXTRA[w], b)
        spans.append((a, b))
        raw.append(text[a:b])
        words.append(w)
        flags.append(f)
        if f & (F.STANCE | F.DEONTIC | F.WEAK_STANCE):
            kind = "obligation" if f & F.DEONTIC else ("value" if f & F.STANCE else "weak")
            evidence.append(Evidence("STANCE", a, end, text[a:end], {"kind": kind}))
        if f & F.COND and _condition(low, a, b, w):
            evidence.append(Evidence("CONDITION", a, end, text[a:end], {}))
    evidence.sort(key=lambda e: (e.start_char, -e.end_char))
    return Tokens(text, spans, raw, words, flags, {}), evidence


def _condition(low: str, a: int, b: int, w: str) -> bool:
    if w == "if":
        prev = _PREV.search(low, 0, a)
        return prev is None or prev.group(1) not in ("as", "even", "see", "whether")
    if w in ("dependent", "contingent", "conditional"):
        return bool(lx.COND_OBJECTS & set(_next_words(low, b, 4)[0][1:]))
    return True
