"""Document metadata: title and date, with where they came from.

Date precedence (``documents.date_source``):

1. ``manifest`` (or ``column`` for text corpora): what the user said;
2. ``text``: a full date printed on the first pages, labelled dates first
   ("Date: 30 January 2025", "Published 14 March 2013", "Meeting date ...");
3. ``filename``: a date in the file name or its folders (``2025-01-30/``,
   ``report_20130314.pdf``, ``30th-Jan-2025``);
4. ``metadata``: the PDF's creation date (often the export date, so last).
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import PurePath

__all__ = ["parse_date", "find_date", "date_from_path", "infer_title", "infer_date"]

_MONTHS = {
    m: i + 1 for i, names in enumerate([
        ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
        ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
        ("october", "oct"), ("november", "nov"), ("december", "dec"),
    ]) for m in names
}
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_SEP = r"[\s\-/.,]*"

_PATTERNS = [
    re.compile(rf"(?<!\d){_YEAR}-(?P<mnum>[01]?\d)-(?P<day>[0-3]?\d)(?!\d)"),                # 2013-03-14
    re.compile(rf"(?<!\w){_DAY}{_SEP}{_MONTH}{_SEP}{_YEAR}(?!\d)", re.IGNORECASE),         # 14 March 2013
    re.compile(rf"(?<!\w){_MONTH}{_SEP}{_DAY},?{_SEP}{_YEAR}(?!\d)", re.IGNORECASE),        # March 14, 2013
    re.compile(rf"(?<!\d)(?P<day>[0-3]?\d)[/.](?P<mnum>[01]?\d)[/.]{_YEAR}(?!\d)"),         # 14/03/2013 (UK)
    re.compile(rf"(?<!\d){_YEAR}(?P<mnum>[01]\d)(?P<day>[0-3]\d)(?!\d)"),                   # 20130314
]
_MONTH_YEAR = re.compile(rf"(?<!\w){_MONTH}\s+{_YEAR}(?!\d)", re.IGNORECASE)              # March 2013
_LABEL = re.compile(
    r"\b(?:date(?:d)?|published|issued|meeting(?:\s+date)?|delivered|speech\s+date|date\s+of\s+meeting)\b\s*[:\-–]?\s*",
    re.IGNORECASE,
)
_YEAR_ONLY = re.compile(r"^\s*(?:19|20)\d{2}\s*$")


def _plausible(d: dt.date) -> bool:
    return dt.date(1900, 1, 1) <= d <= dt.date.today() + dt.timedelta(days=366)


def _from_match(m: re.Match) -> dt.date | None:
    g = m.groupdict()
    month = int(g["mnum"]) if g.get("mnum") else _MONTHS.get((g.get("month") or "").lower().rstrip("."))
    day = int(g.get("day") or 1)
    try:
        d = dt.date(int(g["year"]), month or 0, day)
    except (TypeError, ValueError):
        return None
    return d if _plausible(d) else None


def parse_date(value) -> dt.date | None:
    """Parse a user-supplied date: ISO, UK day-first, "14 March 2013", "March 2013", or a year alone.

    A year alone becomes 1 January of that year; a month and year the 1st of the month.

    Examples
    --------
    >>> parse_date("2013")
    datetime.date(2013, 1, 1)
    >>> parse_date("14/03/2013")
    datetime.date(2013, 3, 14)
    """
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, (int, float)):
        if value != value:  # NaN
            return None
        value = str(int(value))
    text = str(value).strip()
    if not text:
        return None
    if _YEAR_ONLY.match(text):
        return dt.date(int(text), 1, 1)
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    d = find_date(text)
    if d:
        return d
    m = _MONTH_YEAR.search(text)
    return _from_match(m) if m else None


def find_date(text: str) -> dt.date | None:
    """The first full date in ``text`` (patterns in order of reliability), or None."""
    best: tuple[int, dt.date] | None = None
    for pat in _PATTERNS:
        for m in pat.finditer(text):
            d = _from_match(m)
            if d and (best is None or m.start() < best[0]):
                best = (m.start(), d)
                break
    return best[1] if best else None


def date_from_text(pages_text: list[str]) -> dt.date | None:
    """A date printed on the first pages: labelled dates first, then the first full date."""
    head = "\n".join(pages_text[:2])[:6000]
    for m in _LABEL.finditer(head):
        d = find_date(head[m.end(): m.end() + 40])
        if d:
            return d
    return find_date(head[:3000])


def date_from_path(path: str) -> dt.date | None:
    """A date in the file name, else in its folder names (innermost first)."""
    p = PurePath(path)
    for part in [p.stem, *reversed(p.parent.parts)]:
        part = part.replace("_", " ").replace("%20", " ")
        d = find_date(part)
        if d:
            return d
    return None


def infer_date(manifest_date, pages_text: list[str], path: str,
               pdf_meta: dict | None) -> tuple[dt.date | None, str | None]:
    """Apply the precedence in the module docstring; return (date, date_source)."""
    d = parse_date(manifest_date)
    if d:
        return d, "manifest"
    d = date_from_text(pages_text)
    if d:
        return d, "text"
    d = date_from_path(path)
    if d:
        return d, "filename"
    if pdf_meta:
        from discourse.extract.pdf import parse_pdf_date

        for key in ("CreationDate", "ModDate"):
            d = parse_pdf_date(pdf_meta.get(key))
            if d and _plausible(d):
                return d, "metadata"
    return None, None


#: C0/C1 controls, surrogates and noncharacters: never part of a title (invalid UTF-16 metadata brings them).
_UNPRINTABLE = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_JUNK_TITLE = re.compile(r"^(?:microsoft\s+\w+\s*-|untitled|document\d*$|slide\s*\d|\s*$)", re.IGNORECASE)


def infer_title(manifest_title, pdf_meta: dict | None, pages_text: list[str], path: str) -> str:
    """Manifest title, else a meaningful PDF Title, else the first short line, else the file name."""
    if manifest_title is not None and str(manifest_title).strip() and str(manifest_title) != "nan":
        return str(manifest_title).strip()
    meta_title = _UNPRINTABLE.sub(" ", (pdf_meta or {}).get("Title", ""))
    if meta_title and not _JUNK_TITLE.match(meta_title) and len(meta_title) < 300:
        return " ".join(meta_title.split())
    for page in pages_text[:1]:
        for line in page.split("\n")[:5]:
            line = line.strip()
            if 3 <= len(line) <= 150 and any(c.isalpha() for c in line):
                return line
    stem = PurePath(path).stem.replace("%20", " ").replace("_", " ")
    return " ".join(stem.split())
