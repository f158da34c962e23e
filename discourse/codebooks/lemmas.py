"""Lemma tables from spacy-lookups-data, lower-cased, and inflection expansion.

The lookup table maps inflected forms to lemmas ("devolved" → "devolve"). The
tagger needs both directions: forms → lemma to lemmatise tokens, and lemma →
forms to expand ``lemma`` patterns into the words they match when a codebook
is compiled (so matching stays a fast lookup on lower-cased words).
"""

from __future__ import annotations

import gzip
import json
from functools import lru_cache
from importlib import resources
from types import MappingProxyType
from typing import Mapping

from discourse.errors import CodebookError, MissingExtraError

__all__ = ["lemma_table", "inflections"]


@lru_cache(maxsize=4)
def lemma_table(lang: str = "en") -> Mapping[str, str]:
    """The lower-cased lookup lemma table for ``lang`` (read-only).

    Where a lower-cased form has several entries ("Polish"/"polish"), the
    entry whose key was already lower case wins.

    Raises
    ------
    MissingExtraError
        If spacy-lookups-data is not installed.
    CodebookError
        If it has no lookup table for ``lang``.
    """
    try:
        data_dir = resources.files("spacy_lookups_data") / "data"
    except ModuleNotFoundError as e:
        raise MissingExtraError(
            "Lemmas need the 'spacy-lookups-data' package: pip install spacy-lookups-data"
        ) from e
    path = data_dir / f"{lang}_lemma_lookup.json.gz"
    if not path.is_file():
        raise CodebookError(f"spacy-lookups-data has no lemma lookup table for language {lang!r}.")
    with path.open("rb") as fh:
        raw: dict[str, str] = json.loads(gzip.decompress(fh.read()).decode("utf-8"))
    table: dict[str, str] = {}
    for form, lemma in raw.items():
        low = form.lower()
        if low not in table or form == low:
            table[low] = lemma.lower()
    return MappingProxyType(table)


@lru_cache(maxsize=4)
def _reverse(lang: str) -> Mapping[str, frozenset[str]]:
    rev: dict[str, set[str]] = {}
    for form, lemma in lemma_table(lang).items():
        rev.setdefault(lemma, set()).add(form)
    return MappingProxyType({k: frozenset(v) for k, v in rev.items()})


def _regular(word: str) -> set[str]:
    """Regular English inflections of ``word`` (over-generation is harmless: non-words never occur)."""
    out = {word + "s", word + "es", word + "ed", word + "ing"}
    if word.endswith("e"):
        out |= {word + "d", word[:-1] + "ing"}
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        out |= {word[:-1] + "ies", word[:-1] + "ied"}
    return out


def inflections(lemma: str, lang: str = "en") -> frozenset[str]:
    """Every form of ``lemma`` (lower-cased), including the lemma itself.

    Forms come from the lookup table; for English, regular inflections are
    added so words the table lacks ("decentralise") still expand.

    Examples
    --------
    >>> sorted(inflections("devolve"))
    ['devolve', 'devolved', 'devolves', 'devolving']
    """
    word = lemma.lower()
    forms = {word} | set(_reverse(lang).get(word, ()))
    if lang == "en" and word.isalpha() and word not in lemma_table(lang):
        if not _reverse(lang).get(word):
            forms |= _regular(word)
    return frozenset(forms)
