"""Evidence of commitment in a sentence: typed spans with character offsets.

:func:`find_evidence` reads one sentence (a plain string, no spaCy needed) and
returns a :class:`SentenceEvidence`: the typed :class:`Evidence` spans

=========== ===============================================================
label       what it marks
=========== ===============================================================
MONEY       an amount, normalised to ``value`` + ``currency`` (+ ``period``)
STAFF       a counted number of posts or people in staff roles ("20 new social workers")
ASSET       a building, land, vehicles or a facility dedicated to an action
DEADLINE    a time limit: "by March 2026", "within 12 months"
PERIOD      a time the action or amount applies to: "2025-26", "in 2009", "next year"
TARGET      a quantified output: "5,000 community organisers", "1,000 homes", "by 10%"
AGENT       who acts; ``author`` says whether it is the document's author
MODALITY    commissive modality: will, shall, pledge, propose, "is being" ...
ACTION      the verb the agent commits to, with its ``kind`` (checkable, vague, ...)
HEDGE       may, could, consider, explore, aim to ...
CONDITION   if, unless, subject to funding ...
NEGATION    a negation scoping a commitment ("will not")
STANCE      values, evaluations, aspirations, obligations: should, vital, we want ...
=========== ===============================================================

plus the clause analysis the commitment rules read (:class:`Clause`). Money is
found by :mod:`discourse.tag.money`; dates and counts by compiled regexes; the
rest by one dictionary lookup per token (:mod:`discourse.tag.lexicon`), so the
whole pass costs a few microseconds per sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Sequence

from discourse.tag import lexicon as lx
from discourse.tag.clauses import Clause, find_clauses
from discourse.tag.cues import light_evidence
from discourse.tag.lexicon import F
from discourse.tag.money import find_money
from discourse.tag.tokens import Evidence, Tokens, tokenize, tokens_from_doc

__all__ = ["EVIDENCE_LABELS", "Evidence", "SentenceEvidence", "Tokens", "find_evidence", "tokenize",
           "tokens_from_doc"]

EVIDENCE_LABELS = ("MONEY", "STAFF", "ASSET", "DEADLINE", "PERIOD", "TARGET", "AGENT", "MODALITY", "ACTION",
                   "HEDGE", "CONDITION", "NEGATION", "STANCE")
RESOURCE_LABELS = frozenset({"MONEY", "STAFF", "ASSET"})
_DIGIT = re.compile(r"\d")


# -- dates --------------------------------------------------------------------------------------------------
_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
          r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_YEAR = r"(?:19|20)\d{2}(?![\d,%])"
_FY = r"(?:FY\s?)?(?:19|20)\d{2}\s?[-/–]\s?(?:(?:19|20)\d{2}|\d{2})(?![\d%])"
_SEASON = r"(?i:spring|summer|autumn|winter)"
_RELATIVE = (r"(?i:(?:the\s+)?(?:next|this|coming|current|following)\s+(?:financial\s+)?"
             r"(?:year|decade|century|parliament|election|spending\s+review|session|month|quarter))")
_END_OF = r"(?i:(?:the\s+)?(?:end|start|beginning|middle|close)\s+of\s+(?:the\s+|this\s+)?)"
_STRICT = (r"(?:" + _FY + r"|(?:\d{1,2}(?:st|nd|rd|th)?\s+)?" + _MONTH + r",?\s+" + _YEAR
           + r"|" + _SEASON + r"\s+(?:of\s+)?" + _YEAR + r"|Q[1-4]\s+" + _YEAR + r"|" + _YEAR + r")")
_WHEN = (r"(?:" + _END_OF + r"?(?:" + _STRICT + r"|" + _RELATIVE + r"|(?:\d{1,2}(?:st|nd|rd|th)?\s+)?" + _MONTH
         + r"|" + _SEASON + r"|(?i:the\s+)?(?i:year|decade|century|parliament)(?![\w])))")
_NUMW = r"(?i:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty|thirty)"
_DATE = re.compile(
    r"(?<![\w£€$])(?:"
    r"(?P<dl>(?i:by|before|no\s+later\s+than|not\s+later\s+than|ahead\s+of|until|till|in\s+time\s+for))\s+"
    r"(?P<dcore>" + _WHEN + r")"
    r"|(?P<within>(?i:within|in\s+the\s+next|over\s+the\s+next)\s+(?:(?i:the\s+(?:next|first)\s+))?" + _NUMW
    + r"\s+(?i:days?|weeks?|months?|years?))"
    r"|(?P<prep>(?i:in|during|from|for|since|throughout|over|across|between|starting|beginning))\s+"
    r"(?P<pcore>" + _WHEN + r")"
    r"|(?P<core>" + _STRICT + r"|" + _RELATIVE + r")"
    r")(?![\w])"
)


def _dates(text: str) -> list[Evidence]:
    out = []
    for m in _DATE.finditer(text):
        if m.group("dl") or (m.group("within") and m.group("within")[:6].lower() == "within"):
            label = "DEADLINE"
        else:
            label = "PERIOD"
        out.append(Evidence(label, m.start(), m.end(), m.group()))
    return out


# -- counts: staff and targets ------------------------------------------------------------------------------
_SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "k": 1e3, "lakh": 1e5,
                "crore": 1e7}
_STOP = frozenset("of in to for the a an and or per by from with on at as than over under between will would is "
                  "are was were have has had be been that which who whose this these their our its % , . ; : "
                  "( ) – — - / year years month months week weeks day days hour hours minute minutes second "
                  "seconds times per cent percent".split()) - {"-"}
_NOT_PLURAL = frozenset("is was has this its us as plus less thus always towards across various previous serious "
                        "numerous focus status census bonus campus basis analysis crisis process access "
                        "business progress address success loss class gas".split())
_IRREGULAR_PLURALS = frozenset("people children men women staff police personnel fte".split())
_NUMBER_CONTEXT = frozenset("page pages paragraph para section clause policy item recommendation appendix figure "
                            "table chapter annex line row q s no cp hc article schedule part rule regulation "
                            "level grade key step stage phase priority option round tier band".split())


def _number_value(tokens: Tokens, i: int) -> tuple[float | None, int]:
    """Value of the number at token ``i`` and the index after it (scale words included)."""
    low = tokens.low[i]
    try:
        value = float(low.replace(",", "")) if low[0].isdigit() else float(lx.NUMBER_WORDS[low])
    except ValueError:
        return None, i + 1
    j = i + 1
    while j < len(tokens) and tokens.low[j] in _SCALE_WORDS:
        value *= _SCALE_WORDS[tokens.low[j]]
        j += 1
    return value, j


_SECTION_NUMBER = re.compile(r"\d+(?:\.\d+)+\.?")


def _counts(tokens: Tokens, taken: list[tuple[int, int]]) -> list[Evidence]:
    """STAFF and TARGET spans: a number followed (within four words) by a counted noun."""
    out: list[Evidence] = []
    raw, low, n = tokens.raw, tokens.low, len(tokens)
    numbers = lx.NUMBER_WORDS
    for i in [i for i, r in enumerate(raw) if r[0].isdigit() or low[i] in numbers]:
        a = tokens.spans[i][0]
        if any(s <= a < e for s, e in taken):
            continue
        if i and (low[i - 1] in _NUMBER_CONTEXT or low[i - 1] in ("£", "€", "$")):
            continue
        if i == 0 and _SECTION_NUMBER.fullmatch(raw[0]) and n > 1 and raw[1][:1].isupper():
            continue  # a numbered heading glued to the sentence: "4.5 Grants to parishes ..."
        value, j = _number_value(tokens, i)
        if value is None:
            continue
        if j < n and low[j] in ("%", "percent") or (j + 1 < n and low[j] == "per" and low[j + 1] == "cent"):
            if i and low[i - 1] in ("by", "to", "of"):
                end = j + (2 if low[j] == "per" else 1)
                a, b = tokens.char_span(i - 1, end)
                out.append(Evidence("TARGET", a, b, tokens.text[a:b], {"value": value, "unit": "%"}))
            continue
        staff, head = False, None
        words = 0
        for k in range(j, n):
            w = low[k]
            if w == "-":
                continue  # "full-time" is one word of the four
            words += 1
            if words > 5:
                break
            if w in _STOP or (k > j and tokens.flags[k] & (F.FUTURE | F.NEG)):
                break
            if w in lx.STAFF_ROLES:
                staff, head = True, k
            elif (w.endswith("s") and len(w) > 3 and w not in _NOT_PLURAL and not w.endswith("ss")) or (
                    w in _IRREGULAR_PLURALS):
                head = k
        if head is not None:
            a, b = tokens.char_span(i, head + 1)
            out.append(Evidence("STAFF" if staff else "TARGET", a, b, tokens.text[a:b],
                                {"value": value, "unit": low[head]}))
    return out


#: Verbs that put one post into an action: "we will fund a full-time coordinator", "employ an officer".
_POST_VERBS = frozenset("employ employs employed employing recruit recruits recruited recruiting appoint appoints "
                        "appointed appointing hire hires hired hiring fund funds funded funding create creates "
                        "created creating".split())


def _single_posts(tokens: Tokens) -> list[Evidence]:
    """STAFF spans for one post named after a staffing verb: "will employ a part-time clerk".

    Only "a"/"an" straight after the verb, then at most four words (modifiers
    such as "full-time", or the role's own words) before a staff role noun.
    """
    out: list[Evidence] = []
    low, n = tokens.low, len(tokens)
    for v in [v for v, w in enumerate(low) if w in _POST_VERBS]:
        if v + 2 >= n or low[v + 1] not in ("a", "an"):
            continue
        for k in range(v + 2, min(n, v + 7)):
            w = low[k]
            if w in lx.STAFF_ROLES and not (k + 1 < n and low[k + 1] in lx.STAFF_ROLES):
                if w in ("role", "roles", "jobs", "positions", "vacancies", "staff"):
                    break  # "create a role for", "fund a staff survey": not a post
                a, b = tokens.char_span(v + 1, k + 1)
                out.append(Evidence("STAFF", a, b, tokens.text[a:b], {"value": 1.0, "unit": w}))
                break
            if w in _STOP and w not in ("a", "an") or not w[:1].isalpha() and w != "-":
                break
    return out


def _dedicates(low: list[str], m: int) -> bool:
    """ "available" counts only in "make/made available"."""
    return low[m] != "available" or (m > 0 and low[m - 1] in ("make", "made", "makes", "making", "be"))


def _assets(tokens: Tokens) -> list[Evidence]:
    """ASSET spans: an asset noun near a verb that dedicates it (transfer, lease, make available ...)."""
    out: list[Evidence] = []
    low = tokens.low
    if lx.ASSET_NOUNS.isdisjoint(low):
        return out
    for k in [k for k, w in enumerate(low) if w in lx.ASSET_NOUNS]:
        w = low[k]
        if k + 1 < len(low) and low[k + 1] in lx.ASSET_NOUNS:
            continue  # "library building": one asset, ending at its last noun
        verb = None
        for m in range(max(0, k - 5), k):
            if low[m] in lx.ASSET_VERBS and _dedicates(low, m):
                verb = m
        after = range(k + 1, min(len(low), k + 5))
        if verb is None and not any(low[m] in lx.ASSET_VERBS and (low[m].endswith("ed") or low[m] == "available")
                                    and _dedicates(low, m) for m in after):
            continue
        first = verb + 1 if verb is not None else max(0, k - 3)
        while first < k and (low[first] in _STOP and low[first] not in ("the", "a", "an")):
            first += 1
        a, b = tokens.char_span(first, k + 1)
        out.append(Evidence("ASSET", a, b, tokens.text[a:b], {"unit": w}))
    return out


# -- the whole pass -----------------------------------------------------------------------------------------
@dataclass(slots=True)
class SentenceEvidence:
    """All evidence found in one sentence, plus the analysis the commitment rules read.

    Attributes
    ----------
    text : str
        The sentence.
    tokens : Tokens
        Its tokens and word-class flags.
    evidence : list of Evidence
        Typed spans in text order.
    clauses : list of Clause
        One per commissive anchor (will, shall, pledge, "is being" ...).
    named_author : bool
        True when the author's names were given: other named bodies are then third parties.
    """

    text: str
    tokens: Tokens
    evidence: list[Evidence]
    clauses: list[Clause]
    named_author: bool = False

    def of(self, *labels: str) -> list[Evidence]:
        """The evidence spans with one of ``labels``."""
        return [e for e in self.evidence if e.label in labels]


def find_evidence(text: str, *, author_aliases: Sequence[Sequence[str]] = (),
                  tokens: Tokens | Callable[[], Tokens] | None = None, light: bool = True) -> SentenceEvidence:
    """Find the commitment evidence in one sentence.

    Parameters
    ----------
    text : str
        One sentence.
    author_aliases : sequence of token sequences
        Extra names that refer to the document's author, lower-cased and split
        into words, e.g. ``[("kcc",), ("kent", "county", "council")]``.
    tokens : Tokens or callable, optional
        The sentence's tokens when already known (:func:`tokens_from_doc`), or a
        function that makes them (called only when the full analysis is needed).
    light : bool, default True
        Try the light path first (:func:`discourse.tag.cues.light_evidence`):
        sentences with no anchor, amount, number, asset or imperative are read
        from their cue words alone.

    Returns
    -------
    SentenceEvidence

    Examples
    --------
    >>> ev = find_evidence("The council will invest £2m in 20 new youth workers by March 2026.")
    >>> [(e.label, e.text) for e in ev.evidence if e.label in ("MONEY", "STAFF", "DEADLINE")]
    [('MONEY', '£2m'), ('STAFF', '20 new youth workers'), ('DEADLINE', 'by March 2026')]
    """
    if light:
        found = light_evidence(text)
        if found is not None:
            return SentenceEvidence(text, found[0], found[1], [], bool(author_aliases))
    if tokens is None:
        tokens = tokenize(text)
    elif callable(tokens):
        tokens = tokens()
    evidence: list[Evidence] = [Evidence("MONEY", m.start, m.end, m.text, m.as_dict())
                                for m in find_money(text, words=tokens.low)]
    if _DIGIT.search(text) or not lx.NUMBER_WORDS.keys().isdisjoint(tokens.low):
        evidence += _dates(text)
        evidence += _counts(tokens, [(e.start_char, e.end_char) for e in evidence])
    if not _POST_VERBS.isdisjoint(tokens.low):
        evidence += _single_posts(tokens)
    evidence += _assets(tokens)
    clauses, spans = find_clauses(tokens, evidence, author_aliases)
    evidence += spans
    evidence.sort(key=lambda e: (e.start_char, -e.end_char))
    return SentenceEvidence(text, tokens, evidence, clauses, bool(author_aliases))
