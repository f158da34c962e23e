"""Draw a stratified sample of sentences for hand coding, in the gold CSV layout.

Validation needs positives: a simple random sample of a corpus holds few
sentences of any one frame. ``sample`` allocates the sample equally across
strata (each frame found by the current tag run, plus sentences with none;
optionally crossed with doc_type, actor or year), takes everything from a
stratum smaller than its share and gives the rest to the others, and records
each sentence's stratum and sampling weight (stratum size / sampled from it) so
estimates can be re-weighted to the corpus. Seeded: the same store, settings
and seed give the same sample. Rows come out shuffled, so coders do not see the
strata.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Sequence

import numpy as np
import pandas as pd

from discourse.codebooks import DEFAULT_CODEBOOK, load_codebook
from discourse.errors import UsageError
from discourse.store import CorpusStore

__all__ = ["sample", "STRATA", "allocate"]

#: What a sample may be stratified by (combine with commas).
STRATA = ("frame", "doc_type", "actor", "year", "none")


def allocate(sizes: dict[str, int], n: int) -> dict[str, int]:
    """Split ``n`` equally across strata, capped at each stratum's size.

    What a small stratum cannot take goes to the others, again equally; ties
    for the remainder go to the larger strata.

    Examples
    --------
    >>> allocate({"a": 100, "b": 3, "c": 50}, 30)
    {'a': 14, 'b': 3, 'c': 13}
    """
    alloc = {k: 0 for k in sizes}
    left = min(n, sum(sizes.values()))
    open_ = [k for k in sizes if sizes[k] > 0]
    while left > 0 and open_:
        share, extra = divmod(left, len(open_))
        order = sorted(open_, key=lambda k: (-(sizes[k] - alloc[k]), k))
        for i, k in enumerate(order):
            want = share + (1 if i < extra else 0)
            take = min(want, sizes[k] - alloc[k])
            alloc[k] += take
            left -= take
        open_ = [k for k in open_ if alloc[k] < sizes[k]]
    return alloc


def _frames_of(store: CorpusStore, tag_run_id: str) -> pd.DataFrame:
    return store.query(
        "SELECT doc_id, sentence_id, list(frame ORDER BY frame) AS frames FROM frames WHERE tag_run_id = ? "
        "GROUP BY doc_id, sentence_id",
        [tag_run_id],
    )


def _with_frames(store: CorpusStore, sents: pd.DataFrame, tag_run_id: str | None) -> tuple[pd.DataFrame, dict[str, int]]:
    """Sentences with the list of frames the tag run found in each, and how often each frame occurs."""
    if tag_run_id is None:
        raise UsageError("Stratifying by frame needs tagged sentences: run 'discourse tag' first.")
    fr = _frames_of(store, tag_run_id)
    rarity = pd.Series([f for fs in fr["frames"] for f in fs]).value_counts().to_dict() if len(fr) else {}
    return sents.merge(fr, on=["doc_id", "sentence_id"], how="left"), rarity


def _stratum(df: pd.DataFrame, by: Sequence[str], rarity: dict[str, int]) -> pd.Series:
    parts = []
    for b in by:
        if b == "frame":
            parts.append(df["frames"].map(
                lambda fs: min(fs, key=lambda f: (rarity.get(f, 0), f)) if isinstance(fs, (list, np.ndarray)) and len(fs) else "none"))
        elif b == "year":
            parts.append(pd.to_datetime(df["date"], errors="coerce").dt.year.map(
                lambda y: "unknown" if pd.isna(y) else str(int(y))))
        else:
            parts.append(df[b].fillna("unknown").astype(str))
    out = parts[0]
    for p in parts[1:]:
        out = out + "|" + p
    return out


def sample(store: CorpusStore, n: int = 200, *, stratify: str | Sequence[str] = "frame", seed: int = 0,
           tag_run_id: str | None = None, codebook: str = DEFAULT_CODEBOOK) -> pd.DataFrame:
    """Draw a stratified, seeded sample of sentences in the gold layout.

    Parameters
    ----------
    store : CorpusStore
        The corpus store (tagged, when stratifying by frame).
    n : int
        Sentences to draw (fewer if the store has fewer).
    stratify : str or list of str
        Any of :data:`STRATA`, comma-separated to cross them ("frame,doc_type").
    seed : int
        Random seed.
    tag_run_id : str, optional
        The tag run whose frames define the strata; default the newest.
    codebook : str
        Names the frame label columns (default codebook's frames).

    Returns
    -------
    DataFrame
        ``id, text, <frames...>, commitment, noisy, note`` (label columns
        empty, for the coders) then provenance: ``doc_id, sentence_id,
        page_no, path, title, date, doc_type, actor, stratum, weight``.

    Raises
    ------
    UsageError
        Bad n or stratum, or stratifying by frame before anything was tagged.
    """
    from discourse.tag.tagging import current_tag_run

    if n < 1:
        raise UsageError(f"n must be at least 1, got {n}")
    by = [s.strip() for s in (stratify.split(",") if isinstance(stratify, str) else stratify) if s.strip()]
    bad = [b for b in by if b not in STRATA]
    if bad or not by:
        raise UsageError(f"Cannot stratify by {', '.join(bad) or 'nothing'}: choose from {', '.join(STRATA)}.")
    by = [b for b in by if b != "none"]
    sents = store.sentences(with_docvars=True)
    if sents.empty:
        raise UsageError(f"Store {store.path} has no sentences to sample: extract documents first.")
    frame_names = list(load_codebook(codebook).frame_names)
    rarity: dict[str, int] = {}
    if "frame" in by:
        sents, rarity = _with_frames(store, sents, tag_run_id or current_tag_run(store))
        frame_names += [f for f in sorted(rarity) if f not in frame_names]
    sents["stratum"] = _stratum(sents, by, rarity) if by else "all"
    sizes = sents["stratum"].value_counts().to_dict()
    alloc = allocate(sizes, n)
    rng = np.random.default_rng(seed)
    picked = []
    for stratum in sorted(alloc):
        k = alloc[stratum]
        if k == 0:
            continue
        pool = sents[sents["stratum"] == stratum]
        idx = rng.choice(len(pool), size=k, replace=False)
        part = pool.iloc[np.sort(idx)].copy()
        part["weight"] = sizes[stratum] / k
        picked.append(part)
    out = pd.concat(picked, ignore_index=True)
    out = out.iloc[rng.permutation(len(out))].reset_index(drop=True)
    return _gold_layout(out, frame_names)


def _gold_layout(df: pd.DataFrame, frame_names: list[str]) -> pd.DataFrame:
    res = pd.DataFrame({"id": df["doc_id"].astype(str) + ":" + df["sentence_id"].astype(str), "text": df["text"]})
    for f in frame_names + ["commitment", "noisy", "note"]:
        res[f] = ""
    for c in ("doc_id", "sentence_id", "page_no", "path", "title", "date", "doc_type", "actor", "stratum", "weight"):
        res[c] = df[c] if c in df.columns else None
    return res


def write_sample(df: pd.DataFrame, out: str | os.PathLike) -> Path:
    """Write a sample as CSV (UTF-8), creating the folder."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    df.to_csv(out, index=False)
    return out
