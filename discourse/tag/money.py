"""Money amounts in policy text, found with one compiled regex and normalised.

Policy papers write money in many forms: ``£4.7m``, ``£150 million``, ``£1.2bn``,
``£30,000``, ``€3.80 per week``, ``£2-3m``, ``£10k``, ``-£0.3m``, ``+£2.9m``,
``£(1.5)m`` (a negative in budget tables), ``1.2 million pounds``, ``50p``,
``€400 per person``, ``£7 billion over the next Parliament``. :func:`find_money`
finds them in a string in one pass of a compiled regex (C speed) and returns
:class:`Money` records with character offsets and the normalised value.

What is not money: column headers (``£000s``, ``£'000``, ``£m``), years and
financial years (``2025-26``), percentages, page and clause numbers, and numbers
with a scale but no currency (``4.7m people``).

Conventions
-----------
- ``value`` is in units of ``currency`` (``£4.7m`` -> 4_700_000.0, ``50p`` -> 0.5).
- A range (``£2-3m``, ``£2m to £3m``) gives ``value`` = the low end and ``high``.
- ``£(1.5)m``, ``-£1.5m`` and ``£-1.5m`` are negative; ``(£1.5m)`` is a positive
  amount in brackets, as running text uses it.
- ``period`` is ``year``, ``week``, ``month``, ``day``, ``hour``, ``quarter`` or
  ``over N years`` / ``over the parliament`` where the text states it; ``per`` is the
  unit of a per-head amount (``person``, ``passenger``, ...).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

__all__ = ["Money", "find_money", "parse_number", "MONEY_PATTERN", "MONEY_WORDS"]

_SCALES = {
    "k": 1e3, "thousand": 1e3, "thousands": 1e3,
    "m": 1e6, "mn": 1e6, "mil": 1e6, "million": 1e6, "millions": 1e6,
    "bn": 1e9, "b": 1e9, "billion": 1e9, "billions": 1e9,
    "tn": 1e12, "trillion": 1e12,
}
_SYMBOLS = {"£": "GBP", "€": "EUR", "$": "USD", "us$": "USD", "a$": "AUD", "c$": "CAD", "nz$": "NZD",
            "gbp": "GBP", "eur": "EUR", "usd": "USD", "stg£": "GBP", "ir£": "IEP"}
_WORD_CURRENCY = {
    "pound": ("GBP", 1.0), "pounds": ("GBP", 1.0), "sterling": ("GBP", 1.0),
    "euro": ("EUR", 1.0), "euros": ("EUR", 1.0),
    "dollar": ("USD", 1.0), "dollars": ("USD", 1.0),
    "pence": ("GBP", 0.01), "p": ("GBP", 0.01), "penny": ("GBP", 0.01),
    "cent": ("EUR", 0.01), "cents": ("EUR", 0.01),
}
_NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90,
    "hundred": 100, "half": 0.5,
}
_PERIOD_UNITS = {
    "annum": "year", "year": "year", "yr": "year", "annual": "year", "annually": "year", "yearly": "year",
    "pa": "year", "p.a.": "year", "year-on-year": "year",
    "week": "week", "wk": "week", "weekly": "week",
    "month": "month", "monthly": "month", "day": "day", "daily": "day",
    "hour": "hour", "hr": "hour", "quarter": "quarter", "quarterly": "quarter",
}

_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+"
_SCALE = r"(?:bn|billions?|mn|mil|millions?|m|k|thousands?|tn|trillion)(?![A-Za-z\d])"
_SYM = r"(?:US\$|A\$|C\$|NZ\$|Stg£|IR£|£|€|\$|(?:GBP|EUR|USD)\s?)"
_NUMWORD = (r"(?:a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty"
            r"|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?")
_WORDCUR = r"(?:pounds?(?:\s+sterling)?|euros?|dollars?|pence|cents?)"
_PERWHAT = (r"(?:person|head|pupil|child|household|family|passenger|adult|pensioner|resident|patient|"
            r"place|bed|student|learner|home|claimant|recipient|employee|worker|unit|tonne|litre|journey|trip|"
            r"night|visit|session|case|property|dwelling|capita)")
_PERIOD = (
    r"(?:\s?(?:per|a|an|each|every)\s+(?P<unit>annum|year|yr|week|wk|month|day|hour|hr|quarter)(?![A-Za-z])"
    r"|\s?/\s?(?P<unit_s>year|yr|annum|week|wk|month|day|hour|hr)(?![A-Za-z])"
    r"|\s(?P<unit_w>p\.a\.|pa(?![A-Za-z])|annually|yearly|weekly|monthly|daily|year-on-year|quarterly)"
    r"|\s(?:over|across)\s+(?:the\s+)?(?:next\s+|coming\s+|following\s+|first\s+)?"
    r"(?P<nyears>\d+|two|three|four|five|six|seven|eight|nine|ten|fifteen|twenty|twenty-five)\s+years(?![A-Za-z])"
    r"|\s(?:over|across|during)\s+(?:the\s+|this\s+)?(?:next\s+|coming\s+|whole\s+)?(?P<parl>[Pp]arliament)(?![A-Za-z])"
    r"|\sin\s+a\s+full\s+(?P<fullyear>year)(?![A-Za-z])"
    r")?"
    r"(?:\s?(?:per|a|an|for\s+each|each)\s+(?P<per>" + _PERWHAT + r")(?![A-Za-z]))?"
)

#: The compiled pattern (exposed for the benchmark and tests).
MONEY_PATTERN = re.compile(
    r"(?:(?<![\w£€$])|(?<=\bc)(?=[£€$]))(?<!\d[.,])(?:"
    # 1. symbol first: [sign] SYM [sign] [(]NUM[)] [SCALE] [range]
    r"(?P<sign>[-−–+])?(?P<sym>" + _SYM + r")\s?(?P<sign2>[-−+])?(?P<lpar>\()?(?P<n1>" + _NUM + r")(?P<rpar>\))?"
    r"(?:\s?(?P<s1>" + _SCALE + r"))?"
    r"(?:\s?(?:-|–|—|to)\s?(?:" + _SYM + r")?\s?(?P<n2>" + _NUM + r")(?:\s?(?P<s2>" + _SCALE + r"))?)?"
    r"|"
    # 2. number then word currency: 1.2 million pounds, 50p, 30 cent
    r"(?P<wn>" + _NUM + r")(?:\s?(?P<ws>" + _SCALE + r"))?(?:\s?(?P<wc>" + _WORDCUR + r")|(?P<wp>p))"
    r"(?![A-Za-z\d])"
    r"|"
    # 3. number words: a thousand pounds, five million euros, half a million pounds
    r"(?P<tw>" + _NUMWORD + r"|half\s+a)\s+(?:(?P<th>hundred|thousand|million|billion)\s+)?(?:(?P<th2>thousand|million|billion)\s+)?"
    r"(?P<tc>pounds|euros?|dollars)(?![A-Za-z])"
    r")" + _PERIOD,
    re.IGNORECASE,
)

_HEADER = re.compile(r"^'?0{3}(?:'?s)?$")
# Every money form holds a currency sign, a currency code or word, or a digit followed by "p".
_PENCE = re.compile(r"\dp\b")
#: Words that can make a number an amount without a currency sign.
MONEY_WORDS = frozenset("pound pounds sterling euro euros dollar dollars pence penny cent cents gbp eur usd".split())


def _may_hold_money(text: str, words: Iterable[str] | None) -> bool:
    """Cheap test: a currency sign, a currency word (among ``words`` when given) or "50p"."""
    if "£" in text or "€" in text or "$" in text:
        return True
    if words is None:
        words = _WORD.findall(text.lower())
    return not MONEY_WORDS.isdisjoint(words) or _PENCE.search(text) is not None


_WORD = re.compile(r"[a-z]+")


@dataclass(frozen=True, slots=True)
class Money:
    """One money expression.

    Attributes
    ----------
    start, end : int
        Character offsets of the expression in the searched string.
    text : str
        The expression as written (with its period or per-unit phrase).
    value : float
        The amount in units of ``currency`` (the low end of a range).
    currency : str
        ISO code: GBP, EUR, USD, ...
    high : float or None
        The high end of a range.
    period : str or None
        ``year``, ``week``, ... or ``over N years`` where the text states it.
    per : str or None
        Unit of a per-head amount (``person``, ``passenger``, ...).
    """

    start: int
    end: int
    text: str
    value: float
    currency: str
    high: float | None = None
    period: str | None = None
    per: str | None = None

    def as_dict(self) -> dict:
        """The record as a JSON-ready dict (None fields left out)."""
        out = {"value": self.value, "currency": self.currency}
        if self.high is not None:
            out["high"] = self.high
        if self.period is not None:
            out["period"] = self.period
        if self.per is not None:
            out["per"] = self.per
        return out


def parse_number(text: str) -> float:
    """Parse ``1,234.5`` or ``.5`` into a float.

    Examples
    --------
    >>> parse_number("19,835.2")
    19835.2
    """
    return float(text.replace(",", ""))


def _scale(word: str | None) -> float:
    return _SCALES[word.lower()] if word else 1.0


def _period(m: re.Match) -> str | None:
    unit = m.group("unit") or m.group("unit_s") or m.group("unit_w")
    if unit:
        return _PERIOD_UNITS[unit.lower()]
    if m.group("nyears"):
        n = m.group("nyears").lower()
        n = str(_NUMBER_WORDS.get(n, n)) if n != "twenty-five" else "25"
        return f"over {n} years"
    if m.group("parl"):
        return "over the parliament"
    if m.group("fullyear"):
        return "year"
    return None


def _change_not_range(m: re.Match) -> bool:
    """ "from £2m to £3m", "by €6.30 to €206.30": two amounts (a change), not a range."""
    text = m.string
    joint = text[m.end("s1") if m.group("s1") else m.end("n1"):m.start("n2")]
    if "to" not in joint:
        return False
    before = text[max(0, m.start() - 14):m.start()].lower()
    return bool(re.search(r"\b(?:from|by)\s+(?:an?\s+)?(?:estimated\s+|around\s+|about\s+)?$", before))


def _from_symbol(m: re.Match) -> tuple[float, float | None, str, int | None] | None:
    """Value, high, currency and (when a dash or "to" turned out not to start a range) a shorter end."""
    n1 = m.group("n1")
    if _HEADER.match(n1) and not m.group("s1"):
        return None  # a "£000s" column header, not an amount
    if m.group("lpar") and not m.group("rpar"):
        return None
    s1, s2, n2 = m.group("s1"), m.group("s2"), m.group("n2")
    value = parse_number(n1)
    high = None
    cut = None
    if n2 is not None:
        high = parse_number(n2) * _scale(s2 or s1)
        low = value * _scale(s1 or s2)
        if (s1 and not s2) or high < low or _change_not_range(m):
            # "£5m-2025", "£5m to 10%": the amount ends before the dash
            cut = m.end("s1") if s1 else (m.end("rpar") if m.group("rpar") else m.end("n1"))
            value, high = value * _scale(s1), None
        else:
            value = low
    else:
        value *= _scale(s1)
    negative = (m.group("sign") in ("-", "−", "–")) or (m.group("sign2") in ("-", "−")) or (
        m.group("lpar") is not None)
    if negative:
        value, high = -value, (-high if high is not None else None)
    return value, high, _SYMBOLS[m.group("sym").strip().lower()], cut


def _from_words(m: re.Match) -> tuple[float, float | None, str, None]:
    word = m.group("wc") or m.group("wp")
    currency, unit = _WORD_CURRENCY[word.lower().split()[0]]
    return parse_number(m.group("wn")) * _scale(m.group("ws")) * unit, None, currency, None


def _from_number_words(m: re.Match) -> tuple[float, float | None, str, None]:
    words = re.split(r"[- ]+", m.group("tw").lower())
    base = 0.5 if words[0] == "half" else sum(_NUMBER_WORDS[w] for w in words)
    value = float(base)
    for g in ("th", "th2"):
        if m.group(g):
            value *= 100 if m.group(g).lower() == "hundred" else _SCALES[m.group(g).lower()]
    currency, unit = _WORD_CURRENCY[m.group("tc").lower()]
    return value * unit, None, currency, None


def find_money(text: str, offset: int = 0, *, words: Iterable[str] | None = None) -> list[Money]:
    """Find the money expressions in ``text``.

    Parameters
    ----------
    text : str
        Any text (a sentence, a page, a table row).
    offset : int, default 0
        Added to every character offset (for slices of a longer text).
    words : iterable of str, optional
        The lower-cased words of ``text`` when already known (speeds up the
        check that skips texts without money).

    Returns
    -------
    list of Money
        In text order; expressions do not overlap.

    Examples
    --------
    >>> [(m.text, m.value, m.currency) for m in find_money("We will invest £4.7m and €30,000 per annum.")]
    [('£4.7m', 4700000.0, 'GBP'), ('€30,000 per annum', 30000.0, 'EUR')]
    >>> find_money("All figures in £000s; see page 12 and 2025-26.")
    []
    """
    out: list[Money] = []
    if not _may_hold_money(text, words):
        return out  # most sentences hold no money: cheap checks instead of the full pattern
    pos = 0
    while True:
        m = MONEY_PATTERN.search(text, pos)
        if m is None:
            break
        pos = m.end()
        if m.group("sym") is not None:
            parsed = _from_symbol(m)
        elif m.group("wn") is not None:
            parsed = _from_words(m)
        else:
            parsed = _from_number_words(m)
        if parsed is None:
            continue
        value, high, currency, cut = parsed
        start, end = m.span()
        if cut is not None:
            end, period, per = cut, None, None
            pos = cut  # what follows the dash or "to" may be an amount of its own
        else:
            period, per = _period(m), (m.group("per").lower() if m.group("per") else None)
        out.append(Money(start + offset, end + offset, text[start:end], value, currency, high, period, per))
    return out
