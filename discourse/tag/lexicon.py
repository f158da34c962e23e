"""Word classes the commitment evidence is built from.

The classes follow the coding guide's concepts (section 2 of the guide the gold
labels follow), not any labelled sentence: who acts (the author or a third
party), whether the author commits (modality), whether the action can be checked
later (specific action verbs vs vague ones), whether money goes INTO an action or
is a tax, a cut, a yield or a background total, and which words make a sentence a
value, an aspiration, a diagnosis or an exhortation.

Every class is a frozenset of lower-case words; verbs are listed by base form and
expanded to their inflections by :func:`inflect`. :data:`FLAGS` maps every word to
a bit mask of the classes it belongs to (one dict lookup per token at run time).
"""

from __future__ import annotations

__all__ = ["inflect", "FLAGS", "F", "IMPERATIVE_VERBS", "PHRASES", "PARTICIPLES", "ABSTRACT_OBJECTS", "STAFF_ROLES", "ASSET_NOUNS", "ASSET_VERBS", "NUMBER_WORDS"]

_IRREGULAR = {
    "be": ("is", "was", "been", "being", "are", "were", "am"), "have": ("has", "had", "having"),
    "do": ("does", "did", "done", "doing"), "build": ("builds", "built", "building"),
    "bring": ("brings", "brought", "bringing"), "buy": ("buys", "bought", "buying"),
    "cut": ("cuts", "cut", "cutting"), "give": ("gives", "gave", "given", "giving"),
    "hold": ("holds", "held", "holding"), "keep": ("keeps", "kept", "keeping"),
    "lead": ("leads", "led", "leading"), "make": ("makes", "made", "making"),
    "pay": ("pays", "paid", "paying"), "put": ("puts", "put", "putting"), "set": ("sets", "set", "setting"),
    "spend": ("spends", "spent", "spending"), "take": ("takes", "took", "taken", "taking"),
    "send": ("sends", "sent", "sending"), "sell": ("sells", "sold", "selling"), "seek": ("seeks", "sought", "seeking"),
    "stand": ("stands", "stood", "standing"), "fight": ("fights", "fought", "fighting"),
    "write": ("writes", "wrote", "written", "writing"), "draw": ("draws", "drew", "drawn", "drawing"),
    "begin": ("begins", "began", "begun", "beginning"), "grow": ("grows", "grew", "grown", "growing"),
    "say": ("says", "said", "saying"), "tell": ("tells", "told", "telling"), "hear": ("hears", "heard", "hearing"),
    "find": ("finds", "found", "finding"), "get": ("gets", "got", "gotten", "getting"),
    "lend": ("lends", "lent", "lending"), "undertake": ("undertakes", "undertook", "undertaken", "undertaking"),
    "withdraw": ("withdraws", "withdrew", "withdrawn", "withdrawing"), "rise": ("rises", "rose", "risen", "rising"),
    "fall": ("falls", "fell", "fallen", "falling"), "go": ("goes", "went", "gone", "going"),
    "win": ("wins", "won", "winning"), "lose": ("loses", "lost", "losing"), "meet": ("meets", "met", "meeting"),
    "think": ("thinks", "thought", "thinking"), "show": ("shows", "showed", "shown", "showing"),
    "forecast": ("forecasts", "forecast", "forecasting", "forecasted"), "overspend": ("overspends", "overspent"),
    "underspend": ("underspends", "underspent"), "upset": ("upsets",), "run": ("runs", "ran", "running"),
    "leave": ("leaves", "left", "leaving"), "shut": ("shuts", "shut", "shutting"), "sit": ("sits", "sat"),
}


def inflect(verb: str) -> set[str]:
    """The base form and regular (or listed irregular) inflections of ``verb``.

    Examples
    --------
    >>> sorted(inflect("introduce"))
    ['introduce', 'introduced', 'introduces', 'introducing']
    >>> sorted(inflect("cut"))
    ['cut', 'cuts', 'cutting']
    """
    forms = {verb}
    if verb in _IRREGULAR:
        forms.update(_IRREGULAR[verb])
        return forms
    if verb.endswith(("ee", "ye", "oe")):
        forms |= {verb + "s", verb + "d", verb + "ing"}
    elif verb.endswith("e"):
        forms |= {verb + "s", verb + "d", verb[:-1] + "ing"}
    elif verb.endswith("y") and verb[-2:-1] not in "aeiou":
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied", verb + "ing"}
    elif verb.endswith(("s", "sh", "ch", "x", "z")):
        forms |= {verb + "es", verb + "ed", verb + "ing"}
    else:
        forms |= {verb + "s", verb + "ed", verb + "ing"}
        if (len(verb) <= 4 and verb[-1] in "bdgmnprt" and verb[-2] in "aeiou"
                and verb[-3:-2] not in ("a", "e", "i", "o", "u", "")):
            forms |= {verb + verb[-1] + "ed", verb + verb[-1] + "ing"}
        if verb.endswith(("el", "al")) and len(verb) > 4:
            forms |= {verb + "led", verb + "ling"}
    return forms


def _verbs(text: str) -> frozenset[str]:
    out: set[str] = set()
    for v in text.split():
        out |= inflect(v)
    return frozenset(out)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


class F:
    """Bit flags of the word classes (combine with ``|``)."""

    AUTHOR = 1 << 0        # we, our, I, my
    GOVT = 1 << 1          # government, administration, executive, ministry
    COUNCIL = 1 << 2       # council, authority, cabinet
    THIRD = 1 << 3         # he, she, they: somebody else speaks or acts
    FUTURE = 1 << 4        # will, shall
    COMMIT = 1 << 5        # commit, pledge, promise, propose, decide, announce ...
    HEDGE = 1 << 6         # may, could, consider, explore, aim, seek ...
    COND = 1 << 7          # if, unless, subject (to), provided ...
    NEG = 1 << 8           # not, never, no
    DEONTIC = 1 << 9       # should, must, ought, need
    STANCE = 1 << 10       # vital, important, believe, want, committed, priority ...
    REPORT = 1 << 11       # said, noted, argued, recommended ...
    CHECKABLE = 1 << 12    # introduce, publish, abolish, legislate ...
    VAGUE = 1 << 13        # ensure, support, promote, work, help ...
    WEAK = 1 << 14         # build, create, provide, give, make, reform ...: checkable with a concrete object
    RESOURCE = 1 << 15     # invest, allocate, fund, spend, provide, contribute, pay ... (verbs)
    TAX = 1 << 16          # tax, levy, duty, relief, VAT ...
    CUT = 1 << 17          # cut, saving, reduce, freeze ...
    YIELD = 1 << 18        # yield, revenue, expected, estimated, forecast ...
    BACKGROUND = 1 << 19   # total, overspend, deficit, turnover, GDP, amount to ...
    RECEIVE = 1 << 20      # received, awarded (to somebody else), settlement ...
    BENEFIT = 1 << 21      # allowance, pension, benefit, payment, grant, welfare
    OBJECT = 1 << 22       # concrete objects: bill, law, scheme, fund, body, register, new ...
    PAST = 1 << 23         # was, were, had, did
    PERFECT = 1 << 24      # has, have
    BE = 1 << 25           # be, been, being, is, are
    SKIP = 1 << 26         # adverbs between a modal and its verb: also, now, further ...
    BOUNDARY = 1 << 27     # clause boundaries: that, which, if, because, but ...
    DOCREF = 1 << 28       # report, chapter, appendix, paragraph ...
    COST = 1 << 29         # cost, costs
    SUBJ_DEM = 1 << 30     # this, these, it: refers back to the author's measure
    PROGRESSIVE = 1 << 31  # am, are, is (+ -ing)
    FORECAST = 1 << 32     # expected, likely, forecast, projected (a prediction, not a commitment)
    CAN = 1 << 33          # can
    RESOURCE_N = 1 << 34   # investment, funding, grant, budget, package ... (nouns)
    WEAK_STANCE = 1 << 35  # better, greater, opportunities ...: a value only beside a commitment
    SPECIAL = 1 << 36      # words whose class depends on their neighbours (I, US, need, right, would ...)
    PHRASE = 1 << 37       # first words of multi-word cues
    MODAL = 1 << 38        # may, might, could, would


_CHECKABLE_VERBS = (
    "introduce legislate publish establish abolish scrap freeze remove end halve double "
                        "treble triple quadruple implement launch appoint restore negotiate simplify replace "
                        "require ban prohibit outlaw devolve transfer cap cease enact amend repeal withdraw "
                        "exempt legalise recruit hire employ train install upgrade designate register "
                        "license enforce inspect audit relocate sell dispose purchase acquire commission "
                        "procure tender ratify join reinstate renew revise issue pilot trial roll complete "
                        "commence stop lift waive cancel reverse merge close open reopen consult review monitor "
                        "present inform confirm abandon phase apply hold index uprate initiate pass construct erect repair "
    "renovate formulate draft conduct organise organize start begin digitise digitize computerise "
    "computerize electrify reserve revive restructure reorganise reorganize rationalise rationalize "
    "privatise privatize nationalise nationalize corporatise decentralise decentralize regularise borrow adopt"
)

_VAGUE_VERBS = (
    "ensure support work help promote encourage foster seek strive improve strengthen tackle "
                    "address develop champion back lead enable empower pursue prioritise prioritize focus "
                    "stand fight crack value respect celebrate recognise recognize embrace uphold defend "
                    "drive boost reinforce enhance advance nurture cherish engage involve listen learn "
                    "press campaign urge welcome share play transform modernise modernize grow combat "
                    "challenge tackle do oppose resist safeguard secure facilitate inspire unlock harness "
                    "maximise maximize"
)

#: Words of judgement (praise, blame, dismay): an evaluation, which the guide counts as rhetoric. General
#: English, chosen for being evaluative in any context ("exceptional", "reckless"), not descriptive ones that
#: also judge ("strong", "serious", "significant", "record").
_EVALUATIONS = (
    "exceptional impressive admirable commendable invaluable excellent superb tremendous "
    "prudent prudently sensible wise wisely decisive decisively courageous tireless tirelessly "
    "poorly bad worse worst failed failing disastrous damaging reckless recklessly irresponsible "
    "complacent incompetent chaotic shambolic inadequate inadequately ineffective inefficient wasteful "
    "unfit flawed misguided mistaken absurd deplorable appalling shocking outrageous scandalous "
    "alarming worrying troubling dire regrettably"
)

_WEAK_VERBS = (
    "build create deliver provide give make protect maintain keep reform offer put bring "
    "take set extend expand increase raise reduce cut lower continue fund invest spend allocate "
    "decrease"
)

_CLASSES: dict[int, frozenset[str]] = {
    F.AUTHOR: _words("we us our ours ourselves my me i"),
    F.GOVT: _words("government governments administration executive ministry department exchequer state"),
    F.COUNCIL: _words("council councils authority cabinet"),
    F.THIRD: _words("he she they them their his her him someone others witnesses respondents"),
    F.FUTURE: _words("will shall"),
    F.COMMIT: _verbs("commit pledge promise undertake guarantee vow intend propose decide agree accept announce "
                     "resolve plan") - {"committed", "planning", "plans", "accepting"} | _words("approve approves"),
    F.HEDGE: _words("may might could would perhaps possibly possible potentially potential ideally hopefully "
                    "whether") | _verbs("consider explore aim seek hope wish aspire strive "
                                                           "endeavour try attempt examine investigate look "
                                                           "assess evaluate discuss"),
    F.COND: _words("if unless pending assuming"),
    F.NEG: _words("not never no neither nor cannot without"),
    F.DEONTIC: _words("should must ought need needs necessary"),
    F.STANCE: _words("vital crucial essential important importance fundamental unacceptable unjust unjustly "
                     "unjustifiably unjustifiable unfair fair fairer fairness wrong wrongly shameful disgraceful "
                     "best proud pride determined committed commitment believe believes belief deserve deserves "
                     "priority priorities ambition ambitions ambitious vision values aspiration aspirations "
                     "passionate optimistic confident confidence welcome welcomes regret regrettable sadly "
                     "unfortunately disappointing rightly want wants wanted goal goals mission "
                     "strongly firmly deeply truly genuinely decent dignity crisis failure neglect scandal "
                     "unconscionable inexcusable underfunded underfunding unsustainable disappointed urge urges "
                     "grateful remarkable dramatic proper properly " + _EVALUATIONS),
    F.WEAK_STANCE: _words("opportunity opportunities brighter stronger greater better safer healthier "
                          "thriving vibrant resilient sustainable prosperous inclusive clearly heart"),
    F.REPORT: _words("said told noted stated argued highlighted stressed expressed explained suggested "
                     "recommended concluded reported observed claimed emphasised emphasized warned "
                     "acknowledged commented heard described pointed indicated mentioned says argues "
                     "according insisted"),
    F.CHECKABLE: _verbs(_CHECKABLE_VERBS),
    F.VAGUE: _verbs(_VAGUE_VERBS),
    F.WEAK: _verbs(_WEAK_VERBS),
    F.RESOURCE: _verbs("invest allocate provide fund spend contribute pay earmark award grant finance "
                       "resource reinvest inject commit subsidise subsidize donate gift dedicate") - {"committed"},
    F.RESOURCE_N: _words("investment investments provision funding contribution contributions grant grants "
                         "budget budgets package expenditure spending capital payment payments funds fund "
                         "resources subsidy subsidies"),
    F.TAX: _words("tax taxes taxation taxed levy levies duty duties vat excise relief reliefs exemption "
                  "exemptions rates precept charge charges tariff tariffs prsi toll tolls stamp "
                  "deductible deduction deductions threshold thresholds band bands bracket "
                  "taxpayer taxpayers income-tax"),
    F.CUT: _verbs("cut save reduce lower halve freeze decrease trim slash") | _words(
        "saving savings efficiency efficiencies reduction reductions less fewer lower"),
    F.YIELD: _verbs("yield generate") | _words("revenue revenues receipts income proceeds"),
    F.BACKGROUND: _words("total totals totalling totaling overall turnover gdp deficit deficits debt debts "
                         "overspend overspends overspent underspend underspent pressure pressures surplus "
                         "balance balances variance variances shortfall gap worth value valued "
                         "amount amounts amounted amounting account accounts accounted averaged average "
                         "equivalent equal equates equating market economy sector"),
    F.RECEIVE: _verbs("receive win obtain attract bid") | _words("awarded settlement allocation allocations"),
    F.BENEFIT: _words("allowance allowances pension pensions benefit benefits payment payments grant grants "
                      "welfare bursary bursaries stipend supplement credit credits wage wages salary "
                      "salaries pay rate rates entitlement"),
    F.OBJECT: _words("bill bills law laws legislation act acts scheme schemes programme programmes program "
                     "fund funds body bodies agency agencies commission authority board office register "
                     "database helpline portal card charter right rights duty duties requirement requirements "
                     "ban cap limit limits tax levy strategy plan framework pilot pilots trial trials review "
                     "inquiry referendum consultation guarantee entitlement pension allowance regulation "
                     "regulations rules code target targets network tribunal court ombudsman regulator "
                     "watchdog licence licences vote budget grant loan loans subsidy wage threshold fee "
                     "fees charge tariff treaty agreement deal contract unit team taskforce panel "
                     "schools school hospital hospitals homes houses road roads railway station stations "
                     "airport bridge library libraries facility facilities controls surveillance checks "
                     "inspections apprenticeships places jobs centre centres hub hubs service register "
                     "index system powers power election elections number numbers"),
    F.PAST: _words("was were had did"),
    F.PERFECT: _words("has have"),
    F.BE: _words("be been being"),
    F.SKIP: _words("also now further then still soon shortly immediately urgently quickly swiftly actively "
                   "properly always fully formally finally first jointly directly progressively gradually "
                   "initially subsequently additionally again even only rapidly carefully similarly "
                   "instead thereby likewise therefore nonetheless"),
    F.BOUNDARY: _words("that which who whom whose where when while whilst because although though if unless "
                       "so but as since until whereas whether"),
    F.DOCREF: _words("report chapter appendix annex paragraph section page table figure document paper "
                     "chapters appendices paragraphs sections footnote"),
    F.COST: _words("cost costs costing costed"),
    F.SUBJ_DEM: _words("this these it measure measures scheme package proposal proposals change changes"),
    F.PROGRESSIVE: _words("am are is"),
    F.FORECAST: _words("expected likely forecast forecasts projected anticipated predicted estimated "
                       "estimate estimates expect expects anticipate anticipates predict predicts projection "
                       "projections assumed assumption outlook"),
    F.CAN: _words("can"),
}


def _build_flags() -> dict[str, int]:
    flags: dict[str, int] = {}
    extra = {F.SPECIAL: _words("i us need needs right would could should might subject priority priorities fair"),
             F.MODAL: _words("may might could would"), F.PHRASE: frozenset(PHRASES)}
    for bit, words in [*_CLASSES.items(), *extra.items()]:
        for w in words:
            flags[w] = flags.get(w, 0) | bit
    return flags


#: Base forms of action verbs (a sentence opening with one is an imperative).
IMPERATIVE_VERBS: dict[str, int] = {
    **{v: F.VAGUE for v in _VAGUE_VERBS.split()},
    **{v: F.WEAK for v in _WEAK_VERBS.split()},
    **{v: F.CHECKABLE for v in _CHECKABLE_VERBS.split()},
}


def _phrases() -> dict[str, tuple[tuple[tuple[str, ...], int], ...]]:
    fixed: dict[str, list[tuple[tuple[str, ...], int]]] = {
        "where": [(("possible",), F.HEDGE), (("appropriate",), F.HEDGE), (("feasible",), F.HEDGE),
                  (("practicable",), F.HEDGE), (("resources", "allow"), F.COND), (("funding", "allows"), F.COND)],
        "as": [(("soon", "as", "possible"), F.SKIP), (("far", "as", "possible"), F.HEDGE)],
        "in": [(("principle",), F.HEDGE), (("due", "course"), F.SKIP)],
        "provided": [(("that",), F.COND)],
        "dependent": [(("on",), F.COND), (("upon",), F.COND)],
        "contingent": [(("on",), F.COND), (("upon",), F.COND)],
        "conditional": [(("on",), F.COND), (("upon",), F.COND)],
        "providing": [(("that",), F.COND)],
        "going": [(("to",), F.FUTURE)],
        "at": [(("a", "cost", "of"), F.COST), (("a", "net", "cost", "of"), F.COST)],
        "it": [((be, adj), F.STANCE) for be in ("is", "'s", "was", "remains") for adj in (
            "important", "essential", "vital", "clear", "time", "right", "wrong", "crucial", "unacceptable")],
        "makes": [(("sense",), F.STANCE)],
        # criticism and exhortation: "too many decisions", "far too slow", "let us", "we cannot afford to wait"
        "too": [((w,), F.STANCE) for w in ("many", "often", "much", "few", "little", "long")],
        "far": [(("too",), F.STANCE)],
        "let": [(("us",), F.STANCE), (("'s",), F.STANCE)],
        "cannot": [(("afford",), F.STANCE)],
        "have": [(("to",), F.DEONTIC)],
        "has": [(("to",), F.DEONTIC)],
    }
    verbal = {
        "aim": [(("to",), F.HEDGE)],
        "look": [(("at",), F.HEDGE), (("to",), F.HEDGE), (("into",), F.HEDGE)],
        "work": [(("towards",), F.HEDGE), (("toward",), F.HEDGE)],
        "set": [(("up",), F.CHECKABLE), (("out",), F.DOCREF), (("aside",), F.RESOURCE)],
        "put": [(("in", "place"), F.CHECKABLE)],
        "bring": [(("forward",), F.CHECKABLE), (("in",), F.CHECKABLE)],
        "roll": [(("out",), F.CHECKABLE)],
        "phase": [(("out",), F.CHECKABLE)],
        "make": [(("available",), F.RESOURCE), (("sure",), F.VAGUE), (("certain",), F.VAGUE)],
        "take": [(("forward",), F.CHECKABLE)],
        "build": [(("on",), F.VAGUE), (("upon",), F.VAGUE)],
        "scale": [(("back",), F.CUT), (("down",), F.CUT)],  # not "on a record scale"
    }
    for base, entries in verbal.items():
        for form in inflect(base):
            fixed.setdefault(form, []).extend(entries)
    return {k: tuple(v) for k, v in fixed.items()}


#: Words after "subject to" / "dependent on" that make them a condition ("subject to funding", "subject to
#: the outcome of the review"), not a description ("subject to VAT", "dependent on alcohol").
COND_OBJECTS = frozenset("funding approval agreement availability resources consultation confirmation "
                         "affordability business contract legislation parliamentary decision decisions "
                         "sufficient final satisfactory successful further member council cabinet planning "
                         "budget outcome outcomes review completion".split())

#: Action-verb classes: a phrase that carries one ("make sure", "build on") takes the place of its first word's.
VERB_CLASSES = F.CHECKABLE | F.RESOURCE | F.WEAK | F.COMMIT | F.HEDGE | F.VAGUE

#: Words before "priority" that make it the author's ranking ("our first priority", "is a priority"), not a
#: label ("local priorities", "the Devolution Priority Programme").
PRIORITY_BEFORE = frozenset("our my top first a key main highest overriding absolute clear immediate biggest "
                            "greatest number one is are be as remains".split())

#: Multi-word cues: first word -> ((following words...), flag) in priority order.
PHRASES: dict[str, tuple[tuple[tuple[str, ...], int], ...]] = _phrases()

#: word -> bit mask of its classes.
FLAGS: dict[str, int] = _build_flags()

#: Objects that make a general action verb figurative ("provide opportunities", "build a stronger society").
ABSTRACT_OBJECTS = frozenset(
    "opportunity opportunities say voice choice choices support help chance chances future society economy "
    "country nation communities community confidence security freedom freedoms priority priorities attention "
    "emphasis focus thrust impetus boost encouragement conditions environment momentum leadership stability "
    "growth prosperity justice respect dignity hope sense way ways things everything more better difference "
    "progress life lives start best consideration importance effort efforts steps step action measures "
    "assistance guidance encouragement backing weight push direction vision reforms reform change changes "
    "resilience capacity capability wellbeing well-being quality standards excellence fairness equality "
    "access protection care value values role place part".split()
)

#: Past participles that follow "will be" in agentless announcements (beyond the -ed forms).
PARTICIPLES = frozenset(
    "built cut given held kept led made paid put set spent taken brought sent sold sought drawn begun grown "
    "done shown written withdrawn undertaken".split()
)

#: Role nouns that make a counted number of people STAFF (posts the author funds) rather than a TARGET.
STAFF_ROLES = frozenset(
    "staff staffs post posts fte ftes officer officers worker workers employee employees practitioner "
    "practitioners nurse nurses doctor doctors gp gps teacher teachers teaching assistants assistant "
    "police constable constables pcsos pcso wardens warden inspector inspectors caseworker caseworkers "
    "adviser advisers advisor advisors coordinator coordinators co-ordinators manager managers "
    "navigators navigator therapist therapists midwife midwives paramedic paramedics firefighters "
    "firefighter officials official personnel recruits apprentices apprentice planners planner surveyors "
    "engineers engineer analysts analyst clerks clerk judges judge magistrates prosecutors guards "
    "librarians librarian rangers ranger carers carer counsellors counsellor psychologists psychologist "
    "health visitors visitor lecturers lecturer tutors tutor mentors mentor roles role positions "
    "vacancies jobs dentists dentist surgeons surgeon consultants pharmacists pharmacist detectives "
    "soldiers troops sergeants".split()
)

#: Verbs that dedicate an asset to an action (transfer the building, make the land available ...).
ASSET_VERBS = frozenset(
    "transfer transfers transferred transferring lease leases leased leasing dedicate dedicated dedicating "
    "purchase purchased purchasing acquire acquired acquiring buy buying bought donate donated gift gifted "
    "convert converted converting refurbish refurbished refurbishing provide provided providing allocate "
    "allocated allocating hand handed release released available".split()
)

#: Physical assets that can be dedicated to an action.
ASSET_NOUNS = frozenset(
    "building buildings land site sites premises property properties vehicle vehicles van vans minibus "
    "minibuses bus buses fleet depot depots hall halls facility facilities office offices space "
    "centre centres center centers library libraries hub hubs equipment estate warehouse lorries "
    "ambulances boats ships aircraft".split()
)

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
    "dozen": 12, "hundreds": 100, "thousands": 1000,
}
