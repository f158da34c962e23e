"""Modelling units from the store, time bins and stratified samples.

A *unit* is what the topic model sees as one text: a sentence, or a paragraph
(the consecutive sentences of a document that start on the same line of the
same page; ``pages.text`` holds one paragraph, heading or list item per line).
A paragraph that runs over a page break is two units.

:func:`load_units` returns one row per unit with its document variables, and a
``members`` table mapping each unit to its sentences, so that every sentence
gets its unit's topic in ``topic_assignments``.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import Literal, Sequence

import numpy as np
import pandas as pd

from discourse.errors import UsageError

__all__ = ["UNITS", "BINS", "Units", "load_units", "time_bins", "stratified_sample"]

Unit = Literal["sentence", "paragraph"]
Bin = Literal["year", "quarter", "month", "decade"]
UNITS: tuple[str, ...] = ("sentence", "paragraph")
BINS: tuple[str, ...] = ("year", "quarter", "month", "decade")

_SENTENCES_SQL = """
SELECT s.doc_id, s.sentence_id, s.page_no, s.start_char, s.text,
       d.date, d.doc_type, d.actor
FROM sentences s JOIN documents d USING (doc_id)
WHERE d.status = 'ok'
ORDER BY s.doc_id, s.sentence_id
"""


@dataclass(frozen=True)
class Units:
    """Units to model and how they map to sentences.

    Attributes
    ----------
    table : DataFrame
        One row per unit: ``doc_id``, ``unit_id`` (0-based within the document;
        the sentence_id for sentence units), ``text``, ``date``, ``doc_type``, ``actor``.
    members : DataFrame
        ``doc_id``, ``unit_id``, ``sentence_id``: the sentences of each unit.
    unit : str
        ``"sentence"`` or ``"paragraph"``.
    """

    table: pd.DataFrame
    members: pd.DataFrame
    unit: str

    def __len__(self) -> int:
        return len(self.table)


def load_units(store, unit: Unit = "sentence") -> Units:
    """Read the units to model from a corpus store.

    Parameters
    ----------
    store : CorpusStore
        The store; only documents with ``status = 'ok'`` have sentences.
    unit : {"sentence", "paragraph"}
        What one modelled text is.

    Returns
    -------
    Units

    Raises
    ------
    UsageError
        ``unit`` is not allowed, the store has no sentences, or paragraph units
        are asked for and some documents have no page text to find paragraphs in.
    """
    if unit not in UNITS:
        raise UsageError(f"unit must be one of {', '.join(UNITS)}, got {unit!r}.")
    sents = store.query(_SENTENCES_SQL)
    if sents.empty:
        raise UsageError(
            f"Store {store.path} has no sentences to model: add documents first "
            "(discourse extract, discourse add-text or discourse run)."
        )
    sents["date"] = pd.to_datetime(sents["date"])
    if unit == "sentence":
        table = sents.rename(columns={"sentence_id": "unit_id"})
        table = table[["doc_id", "unit_id", "text", "date", "doc_type", "actor"]].reset_index(drop=True)
        members = pd.DataFrame({"doc_id": sents["doc_id"], "unit_id": sents["sentence_id"],
                                "sentence_id": sents["sentence_id"]})
        return Units(table, members, unit)
    return _paragraph_units(store, sents)


def _paragraph_units(store, sents: pd.DataFrame) -> Units:
    pages = store.query(
        "SELECT doc_id, page_no, text FROM pages WHERE doc_id IN (SELECT DISTINCT doc_id FROM sentences)"
    )
    breaks = {
        (d, p): np.array([i for i, ch in enumerate(t or "") if ch == "\n"], dtype=np.int64)
        for d, p, t in pages.itertuples(index=False)
    }
    missing = sorted({d for d, p in zip(sents["doc_id"], sents["page_no"]) if (d, p) not in breaks})
    if missing:
        raise UsageError(
            f"Paragraph units need the page text, but {len(missing)} document(s) have sentences on pages "
            f"missing from the pages table (e.g. {', '.join(missing[:3])}). Re-extract them, or use --unit sentence."
        )
    line = np.fromiter(
        (np.searchsorted(breaks[(d, p)], c, side="right")
         for d, p, c in zip(sents["doc_id"], sents["page_no"], sents["start_char"].fillna(0).astype(int))),
        dtype=np.int64, count=len(sents),
    )
    key = pd.DataFrame({"doc_id": sents["doc_id"], "page_no": sents["page_no"], "line": line})
    same_doc = key["doc_id"].eq(key["doc_id"].shift())
    new_par = ~(same_doc & key["page_no"].eq(key["page_no"].shift()) & key["line"].eq(key["line"].shift()))
    unit_id = new_par.astype(int).groupby(sents["doc_id"]).cumsum() - 1
    members = pd.DataFrame({"doc_id": sents["doc_id"], "unit_id": unit_id.to_numpy(),
                            "sentence_id": sents["sentence_id"]})
    grouped = sents.assign(unit_id=unit_id.to_numpy()).groupby(["doc_id", "unit_id"], sort=True)
    table = grouped.agg(text=("text", " ".join), date=("date", "first"), doc_type=("doc_type", "first"),
                        actor=("actor", "first")).reset_index()
    return Units(table, members, "paragraph")


def time_bins(dates: pd.Series, bin: Bin = "year") -> pd.DataFrame:
    """Label dates with time bins.

    Parameters
    ----------
    dates : Series of datetime-like
        Missing dates (NaT) get no bin.
    bin : {"year", "quarter", "month", "decade"}
        Bin width. Labels are ``"2019"``, ``"2019-Q3"``, ``"2019-07"`` or ``"2010s"``.

    Returns
    -------
    DataFrame
        ``bin`` (str or None) and ``bin_start`` (the first day of the bin, or NaT),
        aligned with ``dates``.

    Examples
    --------
    >>> time_bins(pd.Series(pd.to_datetime(["2019-08-01", None])), "quarter")["bin"].tolist()
    ['2019-Q3', None]
    """
    if bin not in BINS:
        raise UsageError(f"bin must be one of {', '.join(BINS)}, got {bin!r}.")
    d = pd.to_datetime(pd.Series(dates).reset_index(drop=True))
    year = d.dt.year
    if bin == "year":
        start = pd.to_datetime(year.astype("Int64").astype(str) + "-01-01", errors="coerce")
        label = year.astype("Int64").astype(str)
    elif bin == "decade":
        dec = (year // 10 * 10).astype("Int64")
        start = pd.to_datetime(dec.astype(str) + "-01-01", errors="coerce")
        label = dec.astype(str) + "s"
    elif bin == "quarter":
        q = d.dt.quarter.astype("Int64")
        start = d.dt.to_period("Q").dt.start_time
        label = year.astype("Int64").astype(str) + "-Q" + q.astype(str)
    else:
        start = d.dt.to_period("M").dt.start_time
        label = d.dt.strftime("%Y-%m")
    missing = d.isna()
    label = label.astype(object).where(~missing, None)
    start = start.where(~missing, pd.NaT)
    return pd.DataFrame({"bin": label, "bin_start": start})


def stratified_sample(strata: Sequence, n: int, *, seed: int = 0) -> np.ndarray:
    """Indices of a sample of ``n`` items, allocated to strata in proportion to their size.

    Each stratum gets ``n * size / total`` items rounded by largest remainder,
    drawn without replacement with a generator seeded from ``seed`` and the
    stratum, so the sample is the same run to run.

    Parameters
    ----------
    strata : sequence
        The stratum of each item (e.g. its time bin; None is a stratum of its own).
    n : int
        Sample size; when ``n >= len(strata)`` every index is returned.
    seed : int, default 0

    Returns
    -------
    ndarray of int
        Sorted indices into ``strata``.

    Examples
    --------
    >>> idx = stratified_sample(["a"] * 8 + ["b"] * 2, 5)
    >>> len(idx), int((idx >= 8).sum())
    (5, 1)
    """
    keys = pd.Series(list(strata), dtype=object).fillna("\0none")
    total = len(keys)
    if n <= 0:
        raise UsageError(f"Sample size must be positive, got {n}.")
    if n >= total:
        return np.arange(total)
    groups = keys.groupby(keys, sort=True).indices
    names = sorted(groups, key=str)
    sizes = np.array([len(groups[k]) for k in names])
    quota = n * sizes / total
    alloc = np.floor(quota).astype(int)
    for i in np.argsort(-(quota - alloc), kind="stable")[: n - alloc.sum()]:
        alloc[i] += 1
    chosen = []
    for name, k in zip(names, alloc):
        rng = np.random.default_rng([seed, zlib.crc32(str(name).encode("utf-8"))])
        chosen.append(rng.choice(groups[name], size=k, replace=False))
    return np.sort(np.concatenate(chosen))
