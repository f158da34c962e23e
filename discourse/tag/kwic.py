"""Keyword in context, as quanteda's ``kwic()``: every match of a pattern with the words around it.

Patterns are quanteda-style globs and may span several words
("community right*", "devolv* power*"). The context is taken within the
sentence (the store's unit), with the document, sentence and page so every
line can be traced back to the file.
"""

from __future__ import annotations

import re

import pandas as pd
import spacy

from discourse.codebooks.schema import Term
from discourse.errors import UsageError
from discourse.store import CorpusStore
from discourse.tag.terms import TermMatcher, compile_term

__all__ = ["kwic", "KWIC_COLUMNS"]

#: Columns of the table :func:`kwic` returns.
KWIC_COLUMNS = ("doc_id", "sentence_id", "page_no", "title", "from", "to", "pre", "keyword", "post", "pattern")


def _like(pattern: str) -> str:
    """A SQL ILIKE prefilter from the longest literal run of the glob."""
    runs = [r for r in re.split(r"[*?\s]+", pattern) if r]
    longest = max(runs, key=len) if runs else ""
    return "%" + longest.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def kwic(store: CorpusStore, pattern: str, *, window: int = 5, doc_id: str | None = None,
         limit: int | None = None, lang: str = "en") -> pd.DataFrame:
    """Find ``pattern`` in the store's sentences and return each match in context.

    Parameters
    ----------
    store : CorpusStore
        The corpus store.
    pattern : str
        A glob over words: ``*`` any run of characters, ``?`` one; several
        words make a phrase. Case-insensitive.
    window : int
        Words of context either side (within the sentence).
    doc_id : str, optional
        Search one document only.
    limit : int, optional
        Stop after this many matches.
    lang : str
        Tokenizer language.

    Returns
    -------
    DataFrame
        Columns :data:`KWIC_COLUMNS`; ``from``/``to`` are 1-based token
        positions in the sentence, as in quanteda.

    Raises
    ------
    UsageError
        If the pattern is empty or the window negative.

    Examples
    --------
    >>> kwic(store, "devolv*", window=3)  # doctest: +SKIP
    """
    if not pattern or not pattern.replace("*", "").replace("?", "").strip():
        raise UsageError(f"kwic pattern {pattern!r} matches every word: give some letters.")
    if window < 0:
        raise UsageError(f"window must be ≥ 0, got {window}")
    nlp = spacy.blank(lang)
    seq = compile_term(Term("glob", " ".join(pattern.split())), lambda t: [w.text for w in nlp.tokenizer(t)], lang)
    matcher = TermMatcher(nlp.vocab.strings)
    matcher.add(seq)
    sql = ("SELECT s.doc_id, s.sentence_id, s.page_no, d.title, s.text FROM sentences s "
           "LEFT JOIN documents d USING (doc_id) WHERE s.text ILIKE ? ESCAPE '\\'"
           + (" AND s.doc_id = ?" if doc_id else "") + " ORDER BY s.doc_id, s.sentence_id")
    cands = store.query(sql, [_like(pattern)] + ([doc_id] if doc_id else []))
    rows = []
    for rec, doc in zip(cands.itertuples(index=False), nlp.tokenizer.pipe(cands["text"].fillna("").tolist())):
        for _, s, e in matcher.find(doc):
            rows.append({
                "doc_id": rec.doc_id, "sentence_id": int(rec.sentence_id),
                "page_no": None if pd.isna(rec.page_no) else int(rec.page_no), "title": rec.title,
                "from": s + 1, "to": e, "pre": doc[max(0, s - window):s].text, "keyword": doc[s:e].text,
                "post": doc[e:e + window].text, "pattern": pattern,
            })
            if limit is not None and len(rows) >= limit:
                return pd.DataFrame(rows, columns=list(KWIC_COLUMNS))
    return pd.DataFrame(rows, columns=list(KWIC_COLUMNS))
