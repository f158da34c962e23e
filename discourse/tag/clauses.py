"""Commissive clauses: who commits, with which modality, to which action.

A clause is anchored on a commissive marker: ``will``/``shall``/``going to``, a
commitment verb (``we pledge to``, ``the Government has decided to``), a
present-progressive announcement (``I am allocating``, ``is being increased``)
or a hedged modal with the author as subject (``we may``). From the anchor the
analysis looks back for the subject (the AGENT) and forward for the action verb
(the ACTION), noting negation, hedges, conditions, passives and whether the
clause names something concrete enough to be checked later (an amount, a count,
a date, a named scheme, a bill, a body ...).

Everything works on the token flags of :mod:`discourse.tag.lexicon`: no parser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Sequence

from discourse.tag import lexicon as lx
from discourse.tag.lexicon import F
from discourse.tag.tokens import Evidence, Tokens

__all__ = ["Clause", "find_clauses"]

_PUNCT_STOP = frozenset(". ; : ? ! ( ) [ ] • \" “ ” …".split())
_CLAUSE_STOP = _PUNCT_STOP | {","}
_THIRD_MODIFIERS = frozenset("previous former last central other another foreign national local neighbouring "
                             "district borough parish city town welsh scottish devolved irish member partner "
                             "opposition outgoing conservative labour tory coalition individual".split())
_OWN_MODIFIERS = frozenset("my our this".split())
_DETERMINERS = frozenset("the a an its their his her these those such of many all any no every this that "
                         "whose which election manifesto".split())
_OBJ_SKIP = frozenset("the a an our their its his her all every each some any this these those with for in on of "
                      "at by from into up new additional further special appropriate suitable adequate full "
                      "people them us everyone".split())
_MODAL_HEDGES = frozenset("may might could would".split())
#: Subjects that promise an attempt, not an action: "every effort will be made to", "attention will be paid".
_ATTEMPT_SUBJECTS = frozenset("effort efforts endeavour endeavours attempt attempts attention".split())
_AUX = frozenset("has have had is are am was were be been".split())
_RESOURCE_KINDS = F.CHECKABLE | F.WEAK | F.RESOURCE
_STANCE_MASK = F.STANCE | F.DEONTIC | F.WEAK_STANCE
_ANCHOR_MASK = F.FUTURE | F.PROGRESSIVE | F.COMMIT | F.MODAL
_CONCRETE_LABELS = frozenset({"MONEY", "STAFF", "ASSET", "TARGET", "DEADLINE", "PERIOD"})


@dataclass(slots=True)
class Clause:
    """A commissive clause found around an anchor.

    Attributes
    ----------
    anchor, anchor_end : int
        Token range of the modality (``will``, ``is being``, ``pledge to``).
    kind : str
        ``future``, ``commit``, ``progressive`` or ``hedged``.
    subject : str
        ``author`` (we, I, my Government, an alias), ``government``, ``council``
        (probably the author), ``third`` (somebody else), ``expletive`` (there, it),
        ``demonstrative`` (this, these), ``np`` (another noun phrase) or ``none``.
    subj_start, subj_end : int
        Token range of the subject (empty when none).
    verb : int or None
        Token index of the action verb.
    verb_kind : str
        ``checkable``, ``resource``, ``weak``, ``vague``, ``hedge``, ``commit``,
        ``copula`` or ``other``.
    passive, negated, hedged, conditional : bool
        Facts about the clause.
    concrete : bool
        The clause holds an amount, a count, an asset, a target or a date.
    specific : bool
        The action has a specific object: a bill, a scheme, a body, a named thing.
    coordinated : list of str
        Kinds of further action verbs coordinated with the first one.
    start, end : int
        Token range of the whole clause.
    """

    anchor: int
    anchor_end: int
    kind: str
    subject: str = "none"
    subj_start: int = 0
    subj_end: int = 0
    verb: int | None = None
    verb_kind: str = "other"
    passive: bool = False
    negated: bool = False
    hedged: bool = False
    conditional: bool = False
    concrete: bool = False
    specific: bool = False
    coordinated: list[str] = field(default_factory=list)
    start: int = 0
    end: int = 0

    @property
    def author_side(self) -> bool:
        """True when the subject is the author or an agentless/expletive construction."""
        if self.subject in ("author", "government", "council"):
            return True
        if self.subject in ("expletive", "none", "demonstrative"):
            return True
        return self.subject == "np" and self.passive

    @property
    def strongest_action(self) -> str:
        """The most checkable action kind of the clause (first verb or a coordinated one)."""
        order = ("checkable", "resource", "weak", "commit", "copula", "other", "vague", "hedge")
        kinds = [self.verb_kind, *(k for k in self.coordinated if k == "checkable" or self.concrete)]
        return min(kinds, key=order.index)


def _participle(w: str) -> bool:
    return w.endswith("ed") or w in lx.PARTICIPLES or (w.endswith("en") and len(w) > 4)


def _anchors(tokens: "Tokens") -> list[tuple[int, int, str]]:
    """(start, end, kind) of each commissive anchor, in order."""
    low, flags, n = tokens.low, tokens.flags, len(tokens)
    out: list[tuple[int, int, str]] = []
    done = -1
    for i in tokens.where(_ANCHOR_MASK):
        if i < done:
            continue
        f, w = flags[i], low[i]
        nxt = low[i + 1] if i + 1 < n else ""
        if f & F.FUTURE:
            end = i + 2 if w == "going" else i + 1
            out.append((i, end, "future"))
            done = end
            continue
        if f & F.PROGRESSIVE:
            k = i + 1
            while k < n and flags[k] & (F.SKIP | F.NEG):
                k += 1
            if k < n and low[k] == "being" and k + 1 < n and flags[k + 1] & _RESOURCE_KINDS \
                    and _participle(low[k + 1]):
                out.append((i, k + 1, "progressive"))
                done = k + 1
                continue
            if k < n and low[k].endswith("ing") and flags[k] & (_RESOURCE_KINDS | F.COMMIT):
                out.append((i, k, "progressive"))
                done = k
                continue
            if k + 2 < n and low[k] == "to" and low[k + 1] == "be" and _participle(low[k + 2]):
                out.append((i, k + 2, "future"))
                done = k + 2
                continue
        if f & F.COMMIT and not low[i].endswith("ing"):
            prev = low[i - 1] if i else ""
            if prev not in _DETERMINERS and (prev in _AUX or (i and flags[i - 1] & (F.AUTHOR | F.GOVT | F.COUNCIL))
                                             or nxt in ("to", "that") or (w.endswith("s") and i)):
                end = i + 2 if nxt == "to" else i + 1
                out.append((i, end, "commit"))
                done = end
                continue
        if w in _MODAL_HEDGES and i and flags[i - 1] & F.AUTHOR:
            out.append((i, i + 1, "hedged"))
    extra = _committed_to_action(tokens)
    if extra:
        taken = {k for a, b, _ in out for k in range(a, b)}
        out = sorted(out + [a for a in extra if a[0] not in taken])
    return out


_BE_OR_REMAIN = frozenset("am is are was were remain remains remained stay stays".split())
_DEGREE = frozenset("fully firmly strongly deeply wholly totally absolutely utterly".split())
_MONEY_START = frozenset("£€$0123456789")


def _committed_to_action(tokens: "Tokens") -> list[tuple[int, int, str]]:
    """``we are committed to opening ...``: the stance word commits when an action verb follows.

    "Committed to strong communities" states a value (rhetoric); "committed to
    opening two libraries" names an action that can be checked, like "we will
    open". Only the adjective after a form of *be* or *remain* counts, and not
    after an amount or "the funding" (money is committed there, not an agent).
    The gerund's own class decides how specific the action is, and the subject
    whose commitment it is, as for "will".
    """
    low, flags, n = tokens.low, tokens.flags, len(tokens)
    out: list[tuple[int, int, str]] = []
    if "committed" not in low:
        return out
    for i, w in enumerate(low):
        if w != "committed" or i + 2 >= n or low[i + 1] != "to":
            continue
        k = i - 1
        while k >= 0 and (flags[k] & F.SKIP or low[k] in _DEGREE):
            k -= 1
        if k < 0 or low[k] not in _BE_OR_REMAIN or not low[i + 2].endswith("ing"):
            continue
        if any(x[:1] in _MONEY_START or flags[j] & F.RESOURCE_N or x == "money" for j, x in
               enumerate(low[max(0, k - 4):k], max(0, k - 4))):
            continue  # "£2m is committed to building ...": money, not an agent, is committed
        if flags[i + 2] & (F.CHECKABLE | F.RESOURCE | F.WEAK | F.VAGUE):
            out.append((i, i + 2, "commit"))
    return out


_NOT_AFTER_IMPERATIVE = frozenset("for of to is was will has and in on from are by , : - – ’s 's ( was were "
                                  "has have had can".split())


def _imperative(tokens: "Tokens", limit: int) -> int | None:
    """Index of a verb in the base form opening the sentence or a list item ("Publish the plan ...")."""
    raw, low = tokens.raw, tokens.low
    if lx.IMPERATIVE_VERBS.keys().isdisjoint(low[:13]):
        return None  # the verb is among the first 13 tokens (it opens the sentence or a list item there)
    starts = [0] + [k + 1 for k, w in enumerate(low[:min(limit, 12)]) if w in (":", "•", "–", "-", ")")]
    for k in starts:
        while k < min(limit, len(raw)) and not raw[k][:1].isalpha():
            k += 1
        if k >= min(limit, len(raw) - 1) or k > 12:
            continue
        if low[k] in lx.IMPERATIVE_VERBS and low[k + 1] not in _NOT_AFTER_IMPERATIVE and (
                k == 0 or raw[k][:1].isupper() or low[k - 1] in (":", "•", "–", "-", ")", ".")):
            return k
    return None


def _subject(tokens: "Tokens", anchor: int, floor: int) -> tuple[int, int]:
    """Token range of the subject before ``anchor`` (a parenthetical ", which ... ," is skipped)."""
    low, flags = tokens.low, tokens.flags
    k = anchor - 1
    while k >= floor and (low[k] in _AUX or flags[k] & F.SKIP):
        k -= 1
    if k >= floor and low[k] == ",":
        m = k - 1
        while m >= floor and low[m] not in _PUNCT_STOP and low[m] != ",":
            m -= 1
        if m >= floor and low[m] == ",":
            k = m - 1
    end = k + 1
    while k >= floor and end - k <= 12 and low[k] not in _CLAUSE_STOP and not flags[k] & F.BOUNDARY:
        k -= 1
    return k + 1, end


def _coordinated_subject(tokens: "Tokens", start: int, anchor: int) -> str:
    """Subject kind of "..., and will ...": the nearest agent earlier in the sentence segment."""
    low, flags = tokens.low, tokens.flags
    k = anchor - 1
    while k >= 0 and low[k] not in (".", ";", ":", "?", "!"):
        if flags[k] & F.AUTHOR and low[k] != "us":
            return "author"
        if flags[k] & (F.GOVT | F.COUNCIL) and not low[k].endswith("s"):
            return "government" if flags[k] & F.GOVT else "council"
        k -= 1
    return "none"


def _subject_kind(tokens: "Tokens", a: int, b: int, aliases: Sequence[Sequence[str]]) -> str:
    low, flags = tokens.low, tokens.flags
    if a >= b:
        return "none"
    words = low[a:b]
    if any(flags[k] & F.AUTHOR for k in range(a, b) if low[k] != "us"):
        return "author"
    for alias in aliases:
        m = len(alias)
        if any(tuple(words[k:k + m]) == tuple(alias) for k in range(len(words) - m + 1)):
            return "author"
    if any(flags[k] & F.THIRD for k in range(a, b)):
        return "third"
    for k in range(a, b):
        if flags[k] & (F.GOVT | F.COUNCIL) and not low[k].endswith("s") or low[k] in ("state",):
            before = set(low[max(a, k - 3):k])
            if before & _OWN_MODIFIERS:
                return "author"
            if before & _THIRD_MODIFIERS or (k + 1 < b and low[k + 1] in ("'s", "’s")):
                return "third"
            return "government" if flags[k] & F.GOVT else "council"
        if flags[k] & (F.GOVT | F.COUNCIL):
            return "third"  # councils, governments, authorities: others
    if words[-1] in ("there", "it") or words[0] in ("there", "it") and b - a == 1:
        return "expletive"
    if words[0] in ("this", "these", "that", "which", "they") and b - a <= 3:
        return "demonstrative"
    return "np"


def _after(tokens: "Tokens", j: int, end: int, be: bool = False) -> tuple[int, dict]:
    """Skip adverbs, negation, ``be``, ``continue to`` after an anchor; return the verb index and facts."""
    low, flags = tokens.low, tokens.flags
    facts = {"negated": None, "be": be, "hedge": None}
    while j < end:
        w, f = low[j], flags[j]
        if f & F.NEG and w != "no" and w != "without":
            facts["negated"] = j
        elif f & F.HEDGE and not (facts["be"] and j + 1 < end and low[j + 1] in ("as", "for")) and w in ("seek", "aim", "try", "look", "hope", "wish", "strive", "endeavour",
                                   "attempt", "consider", "explore", "examine", "investigate", "assess"):
            facts["hedge"] = j
            if j + 1 < end and low[j + 1] in ("to", "at", "into", "whether"):
                j = tokens.phrase_end.get(j, j + 2)
                continue
            break
        elif w in ("be", "been", "being"):
            facts["be"] = True
        elif f & F.SKIP or w in ("to", "have", "able") or (w in ("continue", "continues") and j + 1 < end
                                                            and low[j + 1] == "to"):
            j = tokens.phrase_end.get(j, j + 1)
            continue
        else:
            break
        j += 1
    return j, facts


def _verb_kind(tokens: "Tokens", v: int, be: bool) -> tuple[str, bool]:
    w, f = tokens.low[v], tokens.flags[v]
    passive = be and _participle(w)
    if be and not passive:
        return "copula", False
    if f & F.CHECKABLE:
        return "checkable", passive
    if f & F.RESOURCE:
        return "resource", passive
    if f & F.WEAK:
        return "weak", passive
    if f & F.COMMIT:
        return "commit", passive
    if f & F.HEDGE:
        return "hedge", passive
    if f & F.VAGUE:
        return "vague", passive
    return "other", passive


def _conditions(tokens: "Tokens") -> list[tuple[int, int]]:
    """Token ranges of conditions: if/unless/..., "subject to funding", "should there be"."""
    low, flags, n = tokens.low, tokens.flags, len(tokens)
    out = []
    for k in tokens.where(F.COND | F.SPECIAL):
        w = low[k]
        if flags[k] & F.COND:
            if w == "if" and k and low[k - 1] in ("as", "even", "see", "whether"):
                continue
            if w in ("dependent", "contingent", "conditional") and not lx.COND_OBJECTS & set(low[k + 2:k + 5]):
                continue
            out.append((k, tokens.phrase_end.get(k, k + 1)))
        elif w == "subject" and k + 1 < n and low[k + 1] == "to" and lx.COND_OBJECTS & set(low[k + 2:k + 5]):
            out.append((k, k + 2))
        elif w == "should" and k and low[k - 1] == "," and k + 1 < n and low[k + 1] in (
                "there", "the", "it", "this", "any", "we", "funding"):
            out.append((k, k + 1))
    return out


def _concrete_object(tokens: "Tokens", ks: range) -> bool:
    """The first content words of an object are not abstract ("hostels", "telephones", not "opportunities")."""
    low, raw = tokens.low, tokens.raw
    content = []
    for k in ks:
        w = low[k]
        if w in _CLAUSE_STOP or w in ("and", "to", "so", "which", "that"):
            break
        if w in _OBJ_SKIP or not raw[k][:1].isalpha():
            continue
        content.append(w)
        if len(content) == 3:
            break
    return bool(content) and not any(w in lx.ABSTRACT_OBJECTS or tokens.flags[low.index(w)] & (
        F.STANCE | F.WEAK_STANCE) for w in content)


def _concrete(tokens: "Tokens", c: Clause, evidence_starts: list[int]) -> tuple[bool, bool]:
    """(concrete, specific): evidence spans in the clause; a specific object of the action."""
    low, flags, raw = tokens.low, tokens.flags, tokens.raw
    a = tokens.spans[c.start][0] if c.start < len(tokens) else 0
    b = tokens.spans[c.end - 1][1] if c.end else 0
    concrete = any(a <= s < b for s in evidence_starts)
    if c.verb is None:
        return concrete, False
    if c.passive and any(flags[k] & F.OBJECT for k in range(c.subj_start, c.subj_end)):
        return concrete, True  # "A new scheme will be launched": the subject is what is acted on
    for k in range(c.verb + 1, min(c.end, c.verb + 15)):
        if flags[k] & F.OBJECT:
            return concrete, True
        if c.verb_kind not in ("other", "copula") and raw[k][:1].isupper() and low[k - 1] not in _PUNCT_STOP \
                and low[k] not in ("i", "my", "our"):
            return concrete, True
    if c.verb_kind in ("weak", "resource", "commit", "checkable"):
        ks = range(c.subj_start, c.subj_end) if c.passive else range(c.verb + 1, min(c.end, c.verb + 8))
        return concrete, _concrete_object(tokens, ks)
    return concrete, False


#: Participles whose "to" clause is what a thing is for ("activities designed to stop ..."), not the subject's act.
_PURPOSE_OF_THING = frozenset("designed intended meant needed used required aimed expected".split())


def _coordinated(tokens: "Tokens", c: Clause) -> list[str]:
    """Kinds of further action verbs: "... and restore ...", ", introducing ...", "to establish ..."."""
    low, flags = tokens.low, tokens.flags
    out = []
    if c.verb is None or not tokens.present & (F.CHECKABLE | F.WEAK | F.RESOURCE):
        return out
    for k in range(c.verb + 2, c.end):
        prev = low[k - 1]
        if prev in ("and", ",", "or", "then", "by", "while", "including", "also") and flags[k] & (
                F.CHECKABLE | F.WEAK | F.RESOURCE):
            out.append(_verb_kind(tokens, k, False)[0])
        elif prev == "to" and flags[k] & F.CHECKABLE and low[k - 2] not in _PURPOSE_OF_THING:
            out.append("checkable")
    return out


def _span(tokens: "Tokens", label: str, i: int, j: int, attrs: dict | None = None) -> "Evidence":
    a, b = tokens.char_span(i, j)
    return Evidence(label, a, b, tokens.text[a:b], attrs or {})


def _analyse(tokens: "Tokens", c: Clause, floor: int, prev: Clause | None, aliases, conds) -> None:
    low, n = tokens.low, len(tokens)
    if c.kind == "imperative":
        c.subject, c.subj_start, c.subj_end = "none", c.anchor, c.anchor
    else:
        c.subj_start, c.subj_end = _subject(tokens, c.anchor, floor)
    if c.kind == "imperative":
        pass
    elif c.subj_end > 0 and low[c.subj_end - 1] in ("and", "or", "but", "then"):
        if prev is not None and prev.subj_end > prev.subj_start:
            c.subject, c.subj_start, c.subj_end = prev.subject, prev.subj_start, prev.subj_end
        else:
            c.subject = _coordinated_subject(tokens, c.subj_start, c.anchor)
            c.subj_start = c.subj_end
    else:
        c.subject = _subject_kind(tokens, c.subj_start, c.subj_end, aliases)
    end = c.anchor_end
    while end < n and low[end] not in _PUNCT_STOP and end - c.anchor < 30:
        end += 1
    c.start, c.end = min(c.subj_start, c.anchor), end
    v, facts = _after(tokens, c.anchor_end, end, be=low[c.anchor_end - 1] == "being")
    c.negated = facts["negated"] is not None
    c.hedged = facts["hedge"] is not None or c.kind == "hedged" or bool(tokens.present & F.HEDGE) and any(
        tokens.flags[k] & F.HEDGE and low[k] in _MODAL_HEDGES for k in range(c.subj_start, c.anchor))
    if v < end:
        c.verb = v
        c.verb_kind, c.passive = _verb_kind(tokens, v, facts["be"])
        if c.verb_kind == "hedge" or c.passive and not _ATTEMPT_SUBJECTS.isdisjoint(low[c.subj_start:c.subj_end]):
            c.hedged = True
    c.conditional = any(s < c.end and (s >= floor) for s, _ in conds)


def find_clauses(tokens: "Tokens", evidence: list["Evidence"],
                 aliases: Sequence[Sequence[str]] = ()) -> tuple[list[Clause], list["Evidence"]]:
    """Find the commissive clauses of a sentence and their evidence spans.

    Parameters
    ----------
    tokens : Tokens
        The tokenised sentence.
    evidence : list of Evidence
        Spans already found (money, dates, counts, assets): they make a clause concrete.
    aliases : sequence of token sequences
        Lower-cased names of the author (``[("kcc",)]``).

    Returns
    -------
    (clauses, spans)
        The clauses in order, and AGENT, MODALITY, ACTION, HEDGE, CONDITION,
        NEGATION and STANCE spans.
    """
    conds = _conditions(tokens)
    starts = [e.start_char for e in evidence if e.label in _CONCRETE_LABELS]
    clauses: list[Clause] = []
    spans: list[Evidence] = []
    floor = 0
    prev = None
    anchors = _anchors(tokens)
    imperative = _imperative(tokens, anchors[0][0] if anchors else len(tokens))
    if imperative is not None:
        anchors.insert(0, (imperative, imperative, "imperative"))
    for a, b, kind in anchors:
        c = Clause(a, b, kind)
        _analyse(tokens, c, floor, prev, aliases, conds)
        c.concrete, c.specific = _concrete(tokens, c, starts)
        c.coordinated = _coordinated(tokens, c)
        clauses.append(c)
        spans += _clause_spans(tokens, c)
        floor, prev = c.anchor_end, c
    for s, e in conds:
        spans.append(_span(tokens, "CONDITION", s, e))
    spans += _stance_spans(tokens)
    return clauses, spans


_AUTHOR_OF = {"author": True, "government": None, "council": None, "third": False, "np": False,
              "demonstrative": None}


def _clause_spans(tokens: "Tokens", c: Clause) -> list["Evidence"]:
    out = []
    if c.subject in _AUTHOR_OF and c.subj_end > c.subj_start and not (c.subject == "np" and c.passive):
        out.append(_span(tokens, "AGENT", c.subj_start, c.subj_end,
                         {"author": _AUTHOR_OF[c.subject], "kind": c.subject}))
    elif c.kind != "hedged":
        end = (c.verb + 1) if c.verb is not None else c.anchor_end
        out.append(_span(tokens, "AGENT", c.anchor, end, {"author": None, "kind": "implicit"}))
    if c.anchor_end > c.anchor:
        out.append(_span(tokens, "MODALITY", c.anchor, c.anchor_end,
                         {"kind": c.kind, "commissive": c.kind != "hedged"}))
    else:  # an imperative: the verb itself carries the commitment
        out.append(_span(tokens, "MODALITY", c.anchor, c.anchor + 1, {"kind": c.kind, "commissive": True}))
    if c.verb is not None:
        out.append(_span(tokens, "ACTION", c.verb, c.verb + 1, {"kind": c.verb_kind, "passive": c.passive}))
    last = c.verb or c.anchor  # negations up to the token after the verb, hedges up to the verb
    for k in range(c.anchor, min(c.end, last + 2)) if tokens.present & (F.NEG | F.HEDGE) else ():
        if tokens.flags[k] & F.NEG and tokens.low[k] not in ("no", "without"):
            out.append(_span(tokens, "NEGATION", k, k + 1))
        if tokens.flags[k] & F.HEDGE and k <= last:
            out.append(_span(tokens, "HEDGE", k, tokens.phrase_end.get(k, k + 1)))
    for k in range(c.subj_start, c.anchor):
        if tokens.low[k] in _MODAL_HEDGES:
            out.append(_span(tokens, "HEDGE", k, k + 1))
    return out


def _stance_spans(tokens: "Tokens") -> list["Evidence"]:
    flags = tokens.flags
    out = []
    for k in tokens.where(_STANCE_MASK):
        f = flags[k]
        kind = "obligation" if f & F.DEONTIC else ("value" if f & F.STANCE else "weak")
        out.append(_span(tokens, "STANCE", k, tokens.phrase_end.get(k, k + 1), {"kind": kind}))
    return out
