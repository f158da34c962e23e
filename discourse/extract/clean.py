"""Cleanup of extracted page text that keeps page provenance.

Steps, per document:

1. Unicode normalisation of each line: ligatures, non-breaking and thin
   spaces, soft hyphens, zero-width characters, private-use bullet glyphs,
   PDFium's ``\\ufffe`` hyphenation marks; mojibake repaired with ftfy where
   ftfy judges the text bad.
2. Running headers and footers removed: lines at the top or bottom of pages
   (by position, or first/last in reading order when positions are unknown)
   whose digit-blind signature recurs across the document, and bare page
   numbers ("7", "Page 7 of 12", "- 7 -", "vii") there.
3. Hyphenated line breaks rejoined ("neighbour-" + "hood" -> "neighbourhood")
   while real compounds keep their hyphen ("community-" + "led"): the form
   used elsewhere in the same document wins, then a vocabulary check.
4. Wrapped lines joined into paragraphs. A new line starts at list markers,
   numbered paragraphs, headings (font size change, or a short line), a
   vertical gap larger than line spacing, or a jump back up the page
   (a new column). The result has one paragraph, heading or item per line.
"""

from __future__ import annotations

import functools
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from statistics import median
from typing import Sequence

import numpy as np

from discourse.extract.pdf import Line

__all__ = ["normalise_line", "fix_mojibake", "remove_running_lines", "join_lines", "clean_pages",
           "clean_text", "CleanPage", "vocabulary", "dehyphenate"]

# -- 1. characters ---------------------------------------------------------------

_TRANSLATE = str.maketrans({
    "\ufb00": "ff", "\ufb01": "fi", "\ufb02": "fl", "\ufb03": "ffi", "\ufb04": "ffl", "\ufb05": "st", "\ufb06": "st",
    "\u00a0": " ", "\u2000": " ", "\u2001": " ", "\u2002": " ", "\u2003": " ", "\u2004": " ", "\u2005": " ",
    "\u2006": " ", "\u2007": " ", "\u2008": " ", "\u2009": " ", "\u200a": " ", "\u202f": " ", "\u205f": " ",
    "\u3000": " ", "\t": " ", "\x0c": " ", "\x0b": " ",
    "\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None, "\ufeff": None,
    "\u2010": "-", "\u2011": "-", "\u2212": "-",
    # bullet glyphs from Symbol/Wingdings fonts land in the private-use area
    "\uf0b7": "•", "\uf0a7": "•", "\uf0d8": "•", "\uf076": "•", "\uf0fc": "•", "\uf0a8": "•", "\uf02d": "-",
    "\uf0e0": "•", "\uf0f0": "•", "\u25aa": "•", "\u25cf": "•", "\u25e6": "•", "\u2023": "•", "\u2043": "•",
    "\u2219": "•", "\u25a0": "•", "\u25a1": "•", "\u27a2": "•", "\u2714": "•", "\u2713": "•",
    "\x00": None,
})
#: Any character _TRANSLATE changes (about 2% of Kent pages have one; translate() is the slow part).
_TRANSLATED = re.compile("[" + "".join(re.escape(chr(c)) for c in _TRANSLATE) + "]")
_CONTROL = re.compile(r"[\x01-\x08\x0e-\x1f\x7f]")
_SPACES = re.compile(r" {2,}")
_MOJIBAKE_HINT = re.compile("[\u00c2\u00c3\u00e2\u00c5\u00ef][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018\u2019\u201a\u201c\u201d\u201e\u2020\u2021\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")


def normalise_line(text: str) -> str:
    """Normalise the characters of one line (keeps PDFium's ``\\ufffe`` marks for dehyphenation)."""
    return _normalise(text).strip()


def _normalise(text: str) -> str:
    """Character normalisation of any text; never adds or removes a line break."""
    if _TRANSLATED.search(text):
        text = text.translate(_TRANSLATE)
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
    text = _CONTROL.sub("", text)
    return _SPACES.sub(" ", text)


def fix_mojibake(text: str) -> str:
    """Repair UTF-8-read-as-cp1252 mojibake ("councilâ€™s" -> "council's") with ftfy.

    Only text that shows mojibake is passed to ftfy (it is slow, and it must
    not touch clean text).
    """
    if text.isascii() or not _MOJIBAKE_HINT.search(text):
        return text
    import ftfy

    return ftfy.fix_text(text, normalization="NFC", uncurl_quotes=False, fix_latin_ligatures=True,
                         fix_character_width=False, unescape_html=False)


# -- 2. running headers and footers ---------------------------------------------------

_PAGE_NUMBER = re.compile(
    r"^(?:(?:page|p\.|pg\.?)\s*)?[-–—(\[]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-–—)\]]?"
    r"(?:\s*(?:of|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)
_DIGITS = re.compile(r"\d+")
_EDGE_LINES = 3  # lines at each end of a page considered as header/footer candidates
_MARGIN = 0.09   # top/bottom share of the page height that counts as margin


def _signature(text: str) -> str:
    return _DIGITS.sub("#", " ".join(text.lower().split()))


def _candidates(lines: Sequence[Line], height: float) -> list[int]:
    """Indexes of lines that could be running headers/footers on this page.

    With positions: lines in the top/bottom margin, and the first/last line in
    reading order when it lies in the top/bottom fifth of the page (PDFium
    gives headers first or last depending on the producer). Without positions:
    the first and last few lines.
    """
    n = len(lines)
    if n == 0:
        return []
    if height <= 0 or lines[0].top is None:
        return sorted(set(range(min(_EDGE_LINES, n))) | set(range(max(0, n - _EDGE_LINES), n)))
    idx = {i for i, ln in enumerate(lines) if _in_margin(ln, height)}
    if lines[0].top < 0.2 * height or lines[0].bottom > 0.8 * height:
        idx.add(0)
    if lines[-1].top < 0.2 * height or lines[-1].bottom > 0.8 * height:
        idx.add(n - 1)
    return sorted(idx)


def _in_margin(line: Line, height: float) -> bool | None:
    if line.top is None or height <= 0:
        return None
    return line.top < _MARGIN * height or line.bottom > (1 - _MARGIN) * height


def remove_running_lines(pages: Sequence[Sequence[Line]], heights: Sequence[float],
                         removed: list[list[str]] | None = None) -> list[list[Line]]:
    """Drop running headers/footers and page numbers from each page's lines.

    A line is dropped when it sits in a page's header/footer positions and
    either is a page number, or its signature (lower-cased, digits blind)
    occurs in those positions on at least ``max(2, 30%)`` of the pages with
    text. In documents of fewer than four pages a recurring line must also lie
    in the top/bottom margin (when positions are known). A short line in the
    top margin of a later page made only of words from the first page's title
    block is a running header too (it cannot recur in a two-page document).
    """
    cands = [_candidates(lines, h) for lines, h in zip(pages, heights)]
    n_text = sum(1 for lines in pages if lines)
    counts: Counter[str] = Counter()
    for lines, idx in zip(pages, cands):
        counts.update({_signature(lines[i].text) for i in idx})
    threshold = max(2, math.ceil(0.3 * n_text))
    title_words = _title_words(pages)
    out = []
    for page_i, (lines, idx, h) in enumerate(zip(pages, cands, heights)):
        drop = set()
        for i in idx:
            ln = lines[i]
            margin = _in_margin(ln, h)
            sig = _signature(ln.text)
            if _PAGE_NUMBER.match(ln.text.strip()) and margin is not False:
                drop.add(i)
            elif counts[sig] >= threshold and len(sig) <= 200 and (n_text >= 4 or margin is not False):
                drop.add(i)
            elif page_i > 0 and margin and ln.top < _MARGIN * h and _echoes_title(ln.text, title_words):
                drop.add(i)
        out.append([ln for i, ln in enumerate(lines) if i not in drop])
        if removed is not None:
            removed.append([lines[i].text for i in sorted(drop)])
    return out


_TOKEN = re.compile(r"[a-z0-9][a-z0-9/'’]*")


def _title_words(pages: Sequence[Sequence[Line]]) -> frozenset[str]:
    """Words of the first lines of the first page with text (the title block)."""
    for lines in pages:
        if lines:
            return frozenset(_TOKEN.findall(" ".join(ln.text for ln in lines[:4]).lower()))
    return frozenset()


def _echoes_title(text: str, title_words: frozenset[str]) -> bool:
    """A short line made only of title-block words: a running header (found even on page 2 of 2)."""
    words = _TOKEN.findall(text.lower())
    return 3 <= len(words) <= 15 and all(w in title_words for w in words)


# -- 3. hyphenation -----------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def vocabulary() -> frozenset[str]:
    """English word forms (lower case) from spacy-lookups-data's lemma table (~67k forms)."""
    from importlib import resources

    import srsly

    path = resources.files("spacy_lookups_data") / "data" / "en_lemma_lookup.json.gz"
    table = srsly.read_gzip_json(str(path))
    words = {k.lower() for k in table} | {v.lower() for v in table.values()}
    return frozenset(w for w in words if isinstance(w, str) and w.isalpha())


_WORDS = re.compile(r"[A-Za-z]+(?:[-\ufffe][A-Za-z]+)*")


def word_counts(texts: Sequence[str]) -> Counter[str]:
    """Lower-cased counts of words and hyphenated compounds (``\\ufffe`` marks excluded)."""
    c: Counter[str] = Counter()
    for t in texts:
        words = _WORDS.findall(t)
        if "\ufffe" in t:
            words = [w for w in words if "\ufffe" not in w]
        # the words are ASCII letters and hyphens: lower-casing them joined is the same as one by one
        c.update(" ".join(words).lower().split())
    return c


def dehyphenate(left: str, right: str, counts: Counter[str], vocab: frozenset[str]) -> str:
    """Rejoin a word hyphenated at a line break; return the joined text.

    ``left`` ends where the hyphen was; ``right`` is the rest of the word after the break.
    """
    lw = re.search(r"[A-Za-z]+$", left)
    rw = re.match(r"[A-Za-z]+", right)
    if not lw or not rw or right[:1].isupper():
        return f"{left}-{right}"
    a, b = lw.group(0).lower(), rw.group(0).lower()
    joined, hyphened = a + b, f"{a}-{b}"
    if counts.get(hyphened, 0) > counts.get(joined, 0):
        return f"{left}-{right}"
    if counts.get(joined, 0) > 0 or joined in vocab:
        return left + right
    if len(a) > 1 and len(b) > 1 and a in vocab and b in vocab:
        return f"{left}-{right}"
    return left + right


_HYPHEN_CANDIDATE = re.compile(r"[A-Za-z][-\ufffe]\n|\ufffe")
_INLINE_MARK = re.compile(r"(\S*?)\ufffe(\S*)")


def _resolve_marks(text: str, counts: Counter[str], vocab: frozenset[str]) -> str:
    """PDFium joins lines at a soft hyphen and leaves ``\\ufffe``: decide each one."""
    if "\ufffe" not in text:
        return text
    return _INLINE_MARK.sub(lambda m: dehyphenate(m.group(1), m.group(2), counts, vocab), text)


# -- 4. paragraphs --------------------------------------------------------------------------

_LIST_MARKER = re.compile(
    r"^(?:[•·▪●◦○■□➢►\-–—*]\s|"                   # bullets and dashes
    r"\(?[a-zA-Z]\)\s|\(?[ivxIVX]{1,4}\)\s|"       # (a) a) (iv)
    r"\d{1,3}(?:\.|(?:\.\d{1,3}){1,3}\.?)\s+\S|"   # 1. / 1.2 / 3.4.5 numbered paragraphs (not "423 on")
    r"(?:Step|Stage|Phase|Part|Section|Chapter|Annex|Appendix)\s+\w+[:.]?\s)"
)
_LINE_END_HYPHEN = re.compile(r"([A-Za-z]*)[-\ufffe]$")
_ENDS_NUMBER = re.compile(r"(?:^|\s)[£$€(]?-?\d[\d,.]*[%)kmbn]*$")
_CONNECTIVE = re.compile(r"(?:^|\W)(?:and|or|of|the|to|for|in|a|an|with|by|on|at|from|that|which)$")


@dataclass
class _PageStats:
    size: float | None
    gap: float | None


def _page_stats(lines: Sequence[Line]) -> _PageStats:
    sizes = [ln.size for ln in lines if ln.size]
    size = median(sizes) if sizes else None
    gaps = [b.top - a.bottom for a, b in zip(lines, lines[1:])
            if a.bottom is not None and b.top is not None and -1 < b.top - a.bottom < 3 * (size or 12)]
    return _PageStats(size, median(gaps) if gaps else None)


def _right_edges(lines: Sequence[Line]) -> list[float | None]:
    """For each line, the right edge of the text block it belongs to.

    The block is the lines that overlap it horizontally; its right edge is the
    90th percentile of their right ends (robust to a few over-long lines).
    """
    if lines[0].x0 is None:
        return [None] * len(lines)
    x0 = np.array([ln.x0 if ln.x0 is not None else np.nan for ln in lines])
    x1 = np.array([ln.x1 if ln.x1 is not None else np.nan for ln in lines])
    overlap = (x0[None, :] < x1[:, None]) & (x1[None, :] > x0[:, None])
    peers = np.sort(np.where(overlap, x1[None, :], np.inf), axis=1)  # non-peers sort last
    k = overlap.sum(axis=1)
    pick = np.maximum((0.9 * (k - 1)).astype(int), 0)
    edges = peers[np.arange(len(lines)), pick]
    return [float(e) if n and np.isfinite(e) else None for e, n in zip(edges, k)]


def _hard_break(a: Line, b: Line, right: float | None, st: _PageStats, long_len: int) -> bool:
    at, bt = a.text, b.text
    if _LIST_MARKER.match(bt):
        return True
    if at.endswith(":"):
        return True
    continues = bt[:1].islower() or at.endswith((",", "-", "\ufffe", "&", "(")) or \
        _CONNECTIVE.search(at[-6:]) is not None
    if _ENDS_NUMBER.search(at) and bt[:1].isupper() and not continues:
        return True  # a table row ending in a figure, then the next row
    if a.top is not None and b.top is not None:
        size = st.size or 10.0
        if b.top < a.top - 0.5 * size and not continues:  # moved up: a new column or a floating box
            return True
        if a.size and b.size and abs(a.size - b.size) > 0.9 and not continues:
            return True  # heading size change
        gap = b.top - a.bottom
        limit = max((st.gap or 0) * 1.8, 0.55 * size) if st.gap is not None else 0.8 * size
        if gap > limit and not (continues and gap < 2 * size):
            return True
        if right is not None and a.x1 is not None:
            width = max(right - (a.x0 or 0), 1.0)
            if a.x1 < right - max(0.15 * width, 2.5 * size) and not continues:
                return True  # line ended well short of the margin
        return False
    # no geometry: judge by length
    return len(at) < 0.7 * long_len and not continues


def _in_boxes(line: Line, boxes: Sequence[tuple[float, float, float, float]]) -> bool:
    if line.top is None:
        return False
    mid = (line.top + line.bottom) / 2
    return any(x0 - 2 <= line.x0 and line.x1 <= x1 + 2 and top <= mid <= bottom for x0, top, x1, bottom in boxes)


def join_lines(lines: Sequence[Line], counts: Counter[str] | None = None,
               vocab: frozenset[str] | None = None,
               tables: Sequence[tuple[float, float, float, float]] = ()) -> str:
    """Join one page's lines into paragraphs, one per output line, rejoining hyphenation.

    Lines inside a table's box (``tables``: ``(x0, top, x1, bottom)``) stay one per line.
    """
    if not lines:
        return ""
    in_table = [_in_boxes(ln, tables) for ln in lines] if tables else [False] * len(lines)
    counts = counts if counts is not None else Counter()
    vocab = vocab if vocab is not None else vocabulary()
    st = _page_stats(lines)
    rights = _right_edges(lines)
    lengths = sorted(len(ln.text) for ln in lines)
    long_len = lengths[int(0.8 * (len(lengths) - 1))]
    paragraphs: list[str] = []
    current = lines[0].text
    for i in range(1, len(lines)):
        a, b = lines[i - 1], lines[i]
        if in_table[i - 1] or in_table[i] or _hard_break(a, b, rights[i - 1], st, long_len):
            paragraphs.append(current)
            current = b.text
            continue
        m = _LINE_END_HYPHEN.search(current[-40:]) if current[-1] in "-\ufffe" else None
        if m and m.group(1) and b.text[:1].isalpha():
            head = current[: len(current) - len(m.group(0))]
            rest = re.match(r"\S*", b.text).group(0)
            current = head + dehyphenate(m.group(1), rest, counts, vocab) + b.text[len(rest):]
        else:
            current = f"{current} {b.text}"
    paragraphs.append(current)
    return "\n".join(_SPACES.sub(" ", _resolve_marks(p, counts, vocab)).strip() for p in paragraphs if p.strip())


@dataclass
class CleanPage:
    page_no: int
    text: str
    n_chars_raw: int
    removed: list[str] = field(default_factory=list)  # running headers/footers/page numbers dropped


def clean_pages(pages: Sequence[tuple]) -> list[CleanPage]:
    """Clean all pages of one document.

    Parameters
    ----------
    pages : sequence of (page_no, height, lines, n_chars_raw[, table_boxes])
        ``table_boxes``: ``(x0, top, x1, bottom)`` of the tables found on the page.

    Returns
    -------
    list of CleanPage
        In page order; pages that end up empty have ``text == ""``.
    """
    normalised = []
    for page_no, height, lines, *_ in pages:
        # one pass over the page text (lines cannot contain a line break, and
        # normalisation never adds one, so the split gives back one text per line)
        texts = _normalise("\n".join(ln.text for ln in lines)).split("\n") if lines else []
        normalised.append([Line(t.strip(), ln.x0, ln.x1, ln.top, ln.bottom, ln.size)
                           for t, ln in zip(texts, lines) if t and not t.isspace()])
    removed: list[list[str]] = []
    body = remove_running_lines(normalised, [p[1] for p in pages], removed)
    joined = ["\n".join(ln.text for ln in lines) for lines in body]
    if any(not t.isascii() for t in joined):
        fixed = [fix_mojibake(t) for t in joined]
        if fixed != joined:
            body = [_refit(lines, t) for lines, t in zip(body, fixed)]
            joined = fixed
    if any(_HYPHEN_CANDIDATE.search(t) for t in joined):
        counts, vocab = word_counts(joined), vocabulary()
    else:
        counts, vocab = Counter(), frozenset()
    return [CleanPage(p[0], join_lines(lines, counts, vocab, p[4] if len(p) > 4 else ()), p[3], gone)
            for p, lines, gone in zip(pages, body, removed)]


def _refit(lines: list[Line], fixed: str) -> list[Line]:
    parts = fixed.split("\n")
    if len(parts) != len(lines):
        return [Line(t) for t in parts if t.strip()]
    return [Line(t, ln.x0, ln.x1, ln.top, ln.bottom, ln.size) for t, ln in zip(parts, lines)]


def clean_text(text: str) -> str:
    """Clean a plain-text document: characters, mojibake, hyphenated and wrapped lines.

    Blank lines separate paragraphs; single line breaks inside a paragraph are
    treated as wraps unless the next line is a list item or heading.
    """
    text = fix_mojibake(text.replace("\r\n", "\n").replace("\r", "\n"))
    blocks = re.split(r"\n\s*\n", text)
    counts = word_counts([text])
    vocab = vocabulary() if re.search(r"[A-Za-z]-\n[a-z]", text) else frozenset()
    out = []
    for block in blocks:
        lines = [Line(t) for t in (normalise_line(x) for x in block.split("\n")) if t]
        if lines:
            out.append(join_lines(lines, counts, vocab))
    return "\n".join(p for p in out if p)
