"""The commitment decision: rules over the evidence, following the coding guide.

Order of the labels (the guide's): resourced > pledge > rhetoric > other.

resourced
    A MONEY, STAFF or ASSET span whose role is ``into_action`` (it goes INTO an
    action: invest, allocate, provide, fund, spend, pay, a benefit increase, the
    cost of the author's measure ...) in a clause where the author (or an
    agentless announcement) commits, decides, allocates or reports having spent,
    without a hedge, a condition or a negation. A tax, a tax relief, a cut or a
    saving is a fiscal measure (``tax``/``cut``: at most a pledge); a yield or a
    forecast (``yield``), a background total (``background``) and somebody else's
    money (``third_party``) are never resourced.
pledge
    The author (or an agentless announcement: "A Bill will be introduced")
    commits to an action that can be checked later: a specific action verb
    (introduce, publish, abolish ...), or a general one with a concrete object (an
    amount, a count, a date, a named scheme, a bill, a body), unhedged and
    unconditional.
rhetoric
    Vague commitments (ensure, support, work to ...), hedged or conditional ones,
    values, evaluations, obligations and aspirations (STANCE spans).
other
    Everything else: facts, statistics, procedure, reported views of others,
    questions, headings, table rows, references to the document itself.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from discourse.tag.clauses import Clause
from discourse.tag.evidence import RESOURCE_LABELS, Evidence, SentenceEvidence
from discourse.tag.lexicon import F

__all__ = ["Decision", "LABELS", "decide", "resource_roles"]

#: The four labels, strongest first.
LABELS = ("resourced", "pledge", "rhetoric", "other")

_NUMBER = re.compile(r"(?<![\w.,])\d[\d,.]*")
_DIGIT = re.compile(r"\d")
_TIME_WORDS = frozenset("january february march april may june july august september october november december "
                        "jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday "
                        "saturday sunday spring summer autumn winter easter christmas next".split())
_SEGMENT_STOP = frozenset(". ; : ? !".split())
_PHRASE_STOP = _SEGMENT_STOP | {",", "while", "whilst", "whereas"}
_DEMONSTRATIVE = frozenset("this these it measure measures scheme package proposal proposals change changes "
                           "initiative programme plan".split())
_INCREASE = frozenset("increase increased increases increasing raise raised raises raising rise rises rising "
                      "rose risen bring brings bringing brought uprate uprated up boost boosted".split())
_STAFF_CUT = frozenset("remove removed removing cut cutting cuts lose losing lost reduce reducing reduced "
                       "abolish abolishing delete deleting shed shedding fewer".split())
_RESOURCE_PAST = frozenset("spent paid put given made committed granted awarded".split())
_DOCREF_VERBS = frozenset("discussed described shown set explained outlined detailed summarised summarized "
                          "listed covered considered presented examined".split())


@dataclass(frozen=True, slots=True)
class Decision:
    """The commitment label of one sentence.

    Attributes
    ----------
    label : str
        ``resourced``, ``pledge``, ``rhetoric`` or ``other``.
    score : float
        Confidence of the rule that decided (0-1).
    reason : str
        Which rule decided, in words.
    evidence : tuple of Evidence
        The spans that decided it.
    """

    label: str
    score: float
    reason: str
    evidence: tuple[Evidence, ...] = ()


# -- what the money does ------------------------------------------------------------------------------------
def _segment(low: list[str], i0: int, i1: int, stops: frozenset[str] = _SEGMENT_STOP) -> tuple[int, int]:
    a = i0
    while a > 0 and low[a - 1] not in stops:
        a -= 1
    b = i1
    while b < len(low) and low[b] not in stops:
        b += 1
    return a, b


def _third_party(se: SentenceEvidence, i0: int, i1: int, seg: tuple[int, int]) -> bool:
    low, flags, raw = se.tokens.low, se.tokens.flags, se.tokens.raw
    for k in range(max(seg[0], i0 - 6), i0):
        if flags[k] & F.RECEIVE:
            return True
        if low[k] in ("funded", "backed", "financed", "paid") and k + 1 < i0 and low[k + 1] == "by":
            if not _MEANS_GAP.issuperset(low[k + 2:i0]):
                return True  # "funded by the Lottery's £2m"; "backed by £150,000" is funded by the amount
    for k in range(i1, min(seg[1], i1 + 6)):
        if low[k] == "from":
            after = range(k + 1, min(seg[1], k + 4))
            own = range(k + 1, min(seg[1], k + 5))
            if any(flags[m] & F.AUTHOR for m in after) or any(flags[m] & F.TAX for m in own):
                return False  # "from our reserves", "from the council tax precept": the author's own money
            if any(flags[m] & (F.GOVT | F.COUNCIL | F.THIRD) or (raw[m][:1].isupper() and low[m] not in _TIME_WORDS)
                   for m in after):
                return True
    return False


#: Words that may stand between "funded by" and the amount that funds ("funded by up to £2m").
_MEANS_GAP = frozenset("a an up to over around about some almost nearly just more than".split())
#: Budgets and programmes an amount can be included in, as an allocation.
_PLAN_WORDS = frozenset("programme budget budgets plan mtfp estimates".split())
#: Words of meeting procedure: agreeing the minutes is not a commitment to an action.
_PROCEDURE = frozenset("minutes apologies".split())
#: Verbs that, after a count of posts, put the posts into an action ("three officers will be funded").
_STAFF_AFTER = frozenset("funded financed recruited employed appointed hired created added paid".split())


def _role_of(t, k: int, seg: tuple[int, int], benefit: bool) -> tuple[str, str] | None:
    """(role, cue kind) that token ``k`` gives a nearby amount, if any."""
    low, f = t.low, t.flags[k]
    if low[k] in ("revenue", "capital") and k + 1 < len(low) and low[k + 1] in _PLAN_WORDS:
        return "into_action", "noun"  # "a revenue budget", "the capital programme": budgets, not a yield
    if f & F.CUT:
        return "cut", "verb"
    if f & (F.YIELD | F.FORECAST):
        return "yield", "verb"
    if f & F.COST:
        near = set(low[max(seg[0], k - 3):k]) | set(low[k + 1:min(seg[1], k + 4)])
        if near & _DEMONSTRATIVE or low[max(0, k - 1)] in ("a", "net", "full", "annual") or "at" in near:
            return "into_action", "cost"
        return "background", "noun"
    if f & F.BACKGROUND and not (low[k] == "total" and k and low[k - 1] == "a"):
        return "background", "noun"
    if benefit and low[k] in _INCREASE:
        return "into_action", "benefit"
    if f & F.RESOURCE and (not f & F.RESOURCE_N or low[k].endswith("ed") or low[k] in _RESOURCE_PAST):
        return "into_action", "verb"
    if f & (F.RESOURCE | F.RESOURCE_N):
        return "into_action", "noun"
    if benefit and f & F.BENEFIT:
        return "into_action", "benefit"
    return None


def _money_role(se: SentenceEvidence, e: Evidence) -> tuple[str, str]:
    """(role, cue kind): what the amount does, judged from the words around it.

    A verb before the amount governs it ("we will invest £5m", "savings of £2m");
    otherwise the nearest cue word on either side decides, exclusions first on ties.
    """
    t = se.tokens
    low, flags = t.low, t.flags
    i0 = t.index_at(e.start_char)
    i1 = max(i0 + 1, t.index_at(e.end_char - 1) + 1)
    seg = _segment(low, i0, i1)
    if _third_party(se, i0, i1, seg):
        return "third_party", "receive"
    governed = _governing_resource_verb(t, i0, seg)
    if any(flags[k] & F.TAX and not (governed and "from" in low[max(i1, k - 5):k])
           for k in range(*_segment(low, i0, i1, _PHRASE_STOP))):
        return "tax", "tax"  # a tax in the amount's own phrase ("£4.7m for roads, while rates raise £30bn")
    if governed:
        return "into_action", "verb"  # "allocated £1.2m from the precept to", "provide £480m through a grant"
    if _ring_fence(low, seg):  # removing or setting a ring-fence is a fiscal rule, not money put into an action
        return "background", "ring-fence"
    if i0 and low[i0 - 1] == "new":
        return "into_action", "cost"  # "a new £6m recycling centre": what the new thing costs
    if i0 and low[i0 - 1] in ("committed", "approve", "approves", "approved"):
        return "into_action", "verb"  # "has committed £15m to ...", "That Cabinet approves £75,000 for ..."
    after = low[i1:min(seg[1], i1 + 4)]
    if "included" in after and "in" in after and _PLAN_WORDS & set(low[i1:min(seg[1], i1 + 8)]):
        return "into_action", "verb"  # "£3.2m is included in the capital programme to replace the fleet"
    before = low[max(seg[0], i0 - 4):i0]
    if _INCLUDES & set(before) and _PLAN_WORDS & set(low[max(seg[0], i0 - 6):i0]) and "for" in low[i1:i1 + 5]:
        return "into_action", "verb"  # "The budget includes £4.2m of growth for adult social care"
    if _scheme_size(t, i0, i1, seg):
        return "into_action", "cost"  # "set up a £350,000 Care Market Sustainability Fund": the new scheme's size
    benefit = any(flags[k] & F.BENEFIT for k in range(*seg)) and any(
        low[k] in _INCREASE for k in range(max(seg[0], i0 - 8), i0))
    for k in range(i0 - 1, max(seg[0], i0 - 9) - 1, -1):
        found = _role_of(t, k, seg, benefit)
        if found is not None and found[1] in ("verb", "cost", "benefit"):
            return found
    best: tuple[int, int, tuple[str, str]] | None = None
    for k in list(range(max(seg[0], i0 - 7), i0)) + list(range(i1, min(seg[1], i1 + 6))):
        found = _role_of(t, k, seg, benefit)
        if found is not None:
            d = i0 - k if k < i0 else k - i1 + 1
            cand = (d, 1 if found[0] == "into_action" else 0, found)
            if best is None or cand < best:
                best = cand
    return best[2] if best else ("neutral", "none")


#: Verbs by which a budget or plan holds an amount for an action ("the budget includes £4.2m for ...").
_INCLUDES = frozenset("includes include included contains contain provides provide".split())
#: Nouns naming a scheme that an amount can be the size of ("a £350,000 Sustainability Fund").
_SCHEME_NOUNS = frozenset("fund funds programme programmes scheme schemes package packages project projects "
                          "initiative initiatives pot pots budget grant grants facility".split())
_NOT_SIZE = F.CUT | F.YIELD | F.TAX | F.BACKGROUND | F.COST


def _governing_resource_verb(t, i0: int, seg: tuple[int, int]) -> bool:
    """A resource verb governs the amount from just before it: "provide an additional £480m", "allocated £1.2m"."""
    low, flags = t.low, t.flags
    for k in range(i0 - 1, max(seg[0], i0 - 4) - 1, -1):
        if flags[k] & F.RESOURCE and not flags[k] & F.RESOURCE_N:
            return True
        if low[k] not in _GOVERNED_GAP:
            return False
    return False


#: Words that may stand between a resource verb and its amount.
_GOVERNED_GAP = frozenset("a an additional extra further another up to over around about some "
                          "almost nearly just more than".split())


def _scheme_size(t, i0: int, i1: int, seg: tuple[int, int]) -> bool:
    """ "a £X <Name> Fund": the amount is the size of a scheme, named after it within five words."""
    low, flags, raw = t.low, t.flags, t.raw
    if not i0 or low[i0 - 1] not in ("a", "an", "new"):
        return False
    for k in range(i1, min(seg[1], i1 + 5)):
        if low[k] in _SCHEME_NOUNS:
            return not (k + 1 < len(low) and flags[k + 1] & _NOT_SIZE)
        if flags[k] & _NOT_SIZE and not raw[k][:1].isupper() or not raw[k][:1].isalpha():
            return False
    return False


def _ring_fence(low: list[str], seg: tuple[int, int]) -> bool:
    for k in range(*seg):
        w = low[k]
        if w.startswith("ringfenc") or (w == "ring" and k + 2 < len(low) and low[k + 2].startswith("fenc")) or \
                (w == "ring" and k + 1 < len(low) and low[k + 1].startswith("fenc")):
            return True
    return False


#: Words that introduce a part of an amount already given ("£2m, of which £1.5m ...", "grants of up to £30,000").
_PART_CUES = frozenset({"which", "including", "includes", "include", "up", "between", "each", "per", "individual"})


def _mark_parts(se: SentenceEvidence) -> None:
    """A smaller amount after a larger into-action amount, introduced by a part cue, is a part of it.

    Its role becomes ``part`` so that money totals count the whole once
    ("a fund of £500,000 with grants of between £2,000 and £25,000" is £500,000).
    """
    t = se.tokens
    money = [e for e in se.evidence if e.label == "MONEY"]
    largest: dict[str, float] = {}
    for e in sorted(money, key=lambda e: e.start_char):
        value, currency = e.attrs.get("value"), e.attrs.get("currency")
        if not isinstance(value, (int, float)):
            continue
        i0 = t.index_at(e.start_char)
        before = set(t.low[max(0, i0 - 6):i0])
        if currency in largest and value < largest[currency] and before & _PART_CUES:
            e.attrs["role"] = "part"
            continue
        if e.attrs.get("role") == "into_action":
            largest[currency] = max(largest.get(currency, 0.0), float(value))


#: Words in or just before a count of posts that make them posts added ("an extra 5,000 officers", "the
#: recruitment of 200 nurses").
_STAFF_ADDED = frozenset("new additional extra more recruitment recruiting hiring appointment".split())


def _staff_role(se: SentenceEvidence, e: Evidence) -> str:
    t = se.tokens
    i0 = t.index_at(e.start_char)
    before = set(t.low[max(0, i0 - 4):i0])
    if before & _STAFF_CUT:
        return "cut"
    i1 = t.index_at(e.end_char - 1) + 1
    if _third_party(se, i0, i1, _segment(t.low, i0, i1)):
        return "third_party"
    words = e.text.lower().split()
    after = t.low[i1:min(len(t.low), i1 + 4)]
    if "be" in after and _STAFF_AFTER & set(after):
        return "into_action"  # "three drainage engineers will be funded from the reserve"
    if _STAFF_ADDED & (set(words) | before) or any(
            t.flags[k] & (F.RESOURCE | F.CHECKABLE | F.WEAK) or t.low[k] in _INCREASE
            for k in range(max(0, i0 - 5), i0)):
        return "into_action"
    return "neutral"


def resource_roles(se: SentenceEvidence) -> None:
    """Set ``attrs["role"]`` on every MONEY, STAFF and ASSET span of ``se``.

    Roles: ``into_action``, ``tax``, ``cut``, ``yield``, ``background``,
    ``third_party``, ``part`` (a part of a larger amount given before it) or ``neutral``.
    """
    for e in se.evidence:
        if e.label == "MONEY":
            e.attrs["role"], e.attrs["cue"] = _money_role(se, e)
        elif e.label == "STAFF":
            e.attrs["role"] = _staff_role(se, e)
        elif e.label == "ASSET":
            e.attrs["role"] = "into_action"
    _mark_parts(se)


# -- sentence facts -----------------------------------------------------------------------------------------
def _clause_of(se: SentenceEvidence, e: Evidence) -> Clause | None:
    i = se.tokens.index_at(e.start_char)
    for c in se.clauses:
        if c.start <= i < c.end:
            return c
    return None


def _in_clause(se: SentenceEvidence, c: Clause, labels: Iterable[str]) -> list[Evidence]:
    t = se.tokens
    a = t.spans[c.start][0]
    b = t.spans[c.end - 1][1]
    labels = set(labels)
    return [e for e in se.evidence if e.label in labels and a <= e.start_char < b]


#: Words after which a participle such as "reported" or "stated" modifies a noun.
_BEFORE_ADJECTIVE = frozenset("of the a an any all these those its our their newly recently".split())


def _reported(se: SentenceEvidence) -> bool:
    """Somebody other than the author speaks: "He noted that ...", "Witnesses told us ..."."""
    flags, spans = se.tokens.flags, se.tokens.spans
    low = se.tokens.low
    for k in se.tokens.where(F.REPORT):
        if k and low[k].endswith("ed") and low[k - 1] in _BEFORE_ADJECTIVE:
            continue  # an adjective, not a speaker: "numbers of reported potholes", "the stated aim"
        start = spans[k][0]
        # the author reports ("we said", "I recommended"): an author word in the 30 characters before
        if not any(flags[m] & F.AUTHOR and start - 30 <= spans[m][0] < start for m in range(max(0, k - 8), k)):
            return True
    return False


def _procedure(se: SentenceEvidence) -> bool:
    """Meeting procedure: "The minutes of the last meeting were agreed as a correct record"."""
    low, present = se.tokens.low, se.tokens.present
    if present & F.FUTURE or not present & F.COMMIT:
        return False  # "We will publish the minutes of every meeting" is a pledge
    return not _PROCEDURE.isdisjoint(low) or "correct" in low and "record" in low


def _docref(se: SentenceEvidence) -> bool:
    """The sentence is about the document: "will be discussed in Chapter 5", "This plan sets out how we will"."""
    low, flags = se.tokens.low, se.tokens.flags
    if not se.tokens.present & F.DOCREF:
        return False
    if any(low[c.verb] in _DOCREF_VERBS for c in se.clauses if c.verb is not None):
        return True
    first = se.clauses[0].anchor if se.clauses else 0
    return any(flags[k] & F.DOCREF and low[k] in ("set", "sets") and k + 2 < first
               and low[tokens_next(k, se)] in ("how", "what", "why", "the", "our") for k in range(first))


def tokens_next(k: int, se: SentenceEvidence) -> int:
    """Index of the token after the phrase starting at ``k``."""
    return se.tokens.phrase_end.get(k, k + 1)


def _table_like(se: SentenceEvidence) -> bool:
    """A table row or figure dump glued to the sentence: many bare numbers."""
    if not _DIGIT.search(se.text):
        return False
    numbers = len(_NUMBER.findall(se.text))
    if numbers < 4:
        return False
    words = sum(1 for w in se.tokens.raw if w[:1].isalpha())
    return numbers >= 0.3 * max(words, 1)


def _quotation(se: SentenceEvidence) -> bool:
    """The sentence opens with a quoted utterance of somebody (not a quoted name: "'Sagar Mala' will ..."),
    or closes one that opened in an earlier sentence (it ends with a closing quote and holds no opening one)."""
    text = se.text.strip()
    if text.endswith(("”", "”.")) and "“" not in text:
        return True  # the last sentence of a quotation that opened in an earlier one
    if text[:1] not in ('"', "“", "‘"):
        return False
    close = {'"': '"', "“": "”", "‘": "’"}[text[0]]
    end = text.find(close, 1)
    return end < 0 or len(text[1:end].split()) >= 5


def _stance_rhetoric(se: SentenceEvidence) -> tuple[Evidence, ...]:
    """Value, evaluation or obligation spans that make a sentence rhetoric on their own."""
    strong = tuple(e for e in se.of("STANCE") if e.attrs.get("kind") != "weak")
    if not strong:
        return ()
    low = se.tokens.low
    first = se.tokens.index_at(strong[0].start_char)
    if "had" in low[:first] or "agreed" in low[:first]:
        return ()  # "It had been agreed that screening should ...": narrative of past decisions
    return strong


# -- the decision -------------------------------------------------------------------------------------------
def _pick(se: SentenceEvidence, c: Clause, *labels: str) -> tuple[Evidence, ...]:
    wanted = set(labels)
    return tuple(e for e in _in_clause(se, c, wanted))


def _resourced(se: SentenceEvidence, reported: bool) -> Decision | None:
    for e in se.evidence:
        if e.label not in RESOURCE_LABELS or e.attrs.get("role") != "into_action":
            continue
        c = _clause_of(se, e)
        if c is not None and c.kind != "hedged":
            if c.subject == "third" or c.hedged or c.conditional or c.negated or reported:
                continue
            if c.subject == "np" and not c.passive and se.named_author:
                continue  # the author's names were given, and this body is not one of them
            score = 0.9 if c.subject in ("author", "government", "council") else 0.8
            why = f"{e.label} goes into the action of a {c.subject} commitment"
            return Decision("resourced", score, why, (e, *_pick(se, c, "AGENT", "MODALITY", "ACTION")))
        if c is None and not reported and not se.clauses:
            t = se.tokens
            seg = _segment(t.low, t.index_at(e.start_char), t.index_at(e.end_char - 1) + 1)
            third = any(t.flags[k] & F.THIRD for k in range(seg[0], min(seg[1], seg[0] + 4)))
            cue = e.attrs.get("cue", "noun")  # staff and assets count only inside a commitment
            if cue != "noun" and not third and not any(
                    t.flags[k] & (F.NEG | F.HEDGE | F.COND) for k in range(*seg)):
                return Decision("resourced", 0.7, f"{e.label} allocated, spent or costed by the author", (e,))
        if c is None and not reported:
            verb = _reported_allocation(se, e)
            if verb is not None:
                return Decision("resourced", 0.7, f"{e.label} the author reports having allocated or spent", (e,))
    return None


#: Verbs by which the author reports having put posts or assets into an action ("we have recruited ...").
_ALLOCATED = frozenset("allocated earmarked invested spent committed awarded provided funded financed dedicated "
                       "employed recruited appointed hired created put paid granted set donated made".split())
_PERFECT = frozenset("has have had was were been is are".split())


def _reported_allocation(se: SentenceEvidence, e: Evidence) -> int | None:
    """The author reports having allocated or spent the resource: the guide's "reports having spent/assigned".

    "We have employed three additional officers", "I have allocated £1.2m from the
    precept to ...", "£400,000 has been allocated to ...", "A £340,000 budget has
    been set aside to ...". The verb is a past participle after *has/have/was/were*
    (or a simple past after the author), in the resource's own stretch of the
    sentence; its subject is the author, the Government, the council or the
    resource itself (a passive without "by" somebody); no negation, hedge or
    condition. Returns the verb's token index, or None.
    """
    t = se.tokens
    low, flags = t.low, t.flags
    i0 = t.index_at(e.start_char)
    i1 = t.index_at(e.end_char - 1) + 1
    seg = _segment(low, i0, i1)
    if any(flags[k] & (F.NEG | F.HEDGE | F.COND | F.FUTURE) for k in range(*seg)):
        return None
    if e.attrs.get("role") not in ("into_action", "neutral"):
        return None
    for k in range(max(seg[0], i0 - 8), min(seg[1], i1 + 8)):
        w = low[k]
        if w not in _ALLOCATED or not k:
            continue
        if w == "set" and (k + 1 >= len(low) or low[k + 1] != "aside"):
            continue
        if w in ("funded", "financed") and k + 1 < len(low) and low[k + 1] in ("by", "through", "from"):
            continue  # "funded through the Homelessness Prevention Grant": where the money came from
        prev = low[k - 1]
        if prev in _PERFECT or low[k - 2:k] == ["has", "been"] or prev == "been":
            subject = range(seg[0], k)
            if k > i0 and prev in ("was", "were", "been", "is", "are"):
                if "by" in low[k + 1:k + 3]:
                    return None  # "was awarded by the Lottery": somebody else's decision
                return k  # the resource itself was allocated: "£400,000 has been allocated to ..."
            if any(flags[m] & (F.AUTHOR | F.GOVT | F.COUNCIL) for m in subject) and not any(
                    flags[m] & F.THIRD for m in subject):
                return k
        elif k < i0 and flags[k - 1] & F.AUTHOR:
            return k  # "We invested £2m in ..."
    return None


def _outcome_label(se: SentenceEvidence, c: Clause) -> tuple[str, float, str] | None:
    """A noun phrase will do something: a checkable outcome, an aspiration, or a prediction."""
    if c.hedged or c.conditional or c.kind == "progressive":
        return None  # "The team is monitoring ...": what a body is doing now, a description
    if c.verb_kind == "checkable" and not c.negated:
        return "pledge", 0.6, "checkable action by a named body"
    if c.verb_kind in ("weak", "resource", "other") and (c.specific or _fiscal_or_count(se, c)):
        return "pledge", 0.55, "specific action by a named body"
    if _in_clause(se, c, ("DEADLINE", "TARGET")) or (c.verb_kind == "copula" and _in_clause(se, c, ("MONEY",))):
        return "pledge", 0.6, "quantified outcome announced"
    if c.verb_kind == "vague" or _in_clause(se, c, ("STANCE",)):
        return "rhetoric", 0.5, "aspiration for an outcome"
    return None


def _fiscal_or_count(se: SentenceEvidence, c: Clause) -> bool:
    """Counts, dates, assets, or amounts that are not a yield, a total or somebody else's money."""
    found = _in_clause(se, c, ("MONEY", "STAFF", "ASSET", "TARGET", "DEADLINE"))
    if any(e.attrs.get("role") in ("yield", "background", "third_party") for e in found):
        return False  # a forecast, a total or somebody else's money
    return bool(found)


def _heading_like(se: SentenceEvidence) -> bool:
    """A short unit with no closing stop: a heading, a list item or a table cell, not a sentence."""
    return not se.text.rstrip().endswith((".", "!", "?", ".”", '."')) and len(se.tokens) <= 20


def _clause_label(se: SentenceEvidence, c: Clause) -> tuple[str, float, str] | None:
    if c.subject == "third" and not c.passive:
        return None
    if c.subject == "np" and not c.passive and c.kind not in ("hedged", "commit"):
        return _outcome_label(se, c)
    if c.kind == "hedged" or c.hedged or c.conditional:
        return "rhetoric", 0.7, "hedged or conditional commitment"
    s = c.strongest_action
    if c.negated:
        if s == "checkable" or c.concrete or c.specific:
            return "pledge", 0.6, "commitment not to act"
        return "rhetoric", 0.6, "refusal with no checkable action"
    if s == "checkable":
        return "pledge", 0.85, "commitment to a checkable action"
    if s == "vague":
        if c.concrete:
            return "pledge", 0.6, "general commitment with a target or date"
        if c.kind == "imperative" and _heading_like(se):
            return None  # "Support families and communities so children thrive": a plan's heading or list item
        return "rhetoric", 0.75, "vague commitment"
    if s == "hedge":
        return "rhetoric", 0.7, "hedged commitment"
    if s == "copula" and _in_clause(se, c, ("STANCE",)):
        return "rhetoric", 0.6, "statement of priorities or values"
    if c.concrete or c.specific:
        return "pledge", 0.7, "commitment to a specific action"
    if c.passive and c.subject == "np":
        return None  # "X will be taken into account": a statement of procedure
    if c.subject == "demonstrative" and s == "other":
        return None  # "This draft will include ...": what a thing will do, not a commitment
    return "rhetoric", 0.6, "commitment with no checkable action"


def decide(se: SentenceEvidence) -> Decision:
    """Label one sentence from its evidence.

    Parameters
    ----------
    se : SentenceEvidence
        The output of :func:`discourse.tag.evidence.find_evidence`; its MONEY,
        STAFF and ASSET spans get their ``role`` set.

    Returns
    -------
    Decision
    """
    resource_roles(se)
    reported = _reported(se) or _quotation(se)
    if se.text.rstrip().endswith("?"):
        return Decision("other", 0.8, "question")
    found = _resourced(se, reported)
    if found is not None:
        return found
    if _procedure(se):
        return Decision("other", 0.7, "meeting procedure")
    if _table_like(se):
        return Decision("other", 0.7, "table row or figures")
    best: tuple[str, float, str, Clause] | None = None
    for c in se.clauses:
        lab = _clause_label(se, c)
        if lab and (best is None or LABELS.index(lab[0]) < LABELS.index(best[0])):
            best = (*lab, c)
    if best is not None and (reported or _docref(se)):
        return Decision("other", 0.7, "reported view or reference to the document")
    if best is not None:
        label, score, why, c = best
        picks = ("AGENT", "MODALITY", "ACTION", "MONEY", "STAFF", "ASSET", "TARGET", "DEADLINE", "PERIOD") \
            if label == "pledge" else ("AGENT", "MODALITY", "ACTION", "HEDGE", "CONDITION", "STANCE")
        return Decision(label, score, why, _pick(se, c, *picks))
    if reported:
        return Decision("other", 0.8, "reported view of others")
    stance = _stance_rhetoric(se)
    if stance:
        return Decision("rhetoric", 0.6, "value, evaluation or obligation", stance)
    if se.tokens.present & F.CAN and se.tokens.present & F.AUTHOR:
        return Decision("rhetoric", 0.5, "the author says what can be done", ())
    return Decision("other", 0.7, "no commitment, value or obligation")
