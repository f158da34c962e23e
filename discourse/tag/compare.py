"""Compare two codebooks on the same sentences: which frame decisions change.

Revising a codebook (a new pattern, a tighter context rule) moves some
sentences in or out of a frame. Before adopting the new version one wants to
read those sentences, on one's own corpus rather than on the gold rows the
revision was prompted by: a rule that gains ten sentences of which three are
right is not an improvement. :func:`compare_codebooks` tags the sentences with
both codebooks and returns the flips; :func:`flip_counts` sums them per frame.
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd

from discourse.codebooks import Codebook
from discourse.errors import UsageError
from discourse.tag.pipeline import make_tagger
from discourse.tag.tagging import column_texts

__all__ = ["FLIP_COLUMNS", "compare_codebooks", "flip_counts"]

FLIP_COLUMNS = ["frame", "change", "old_score", "new_score", "old_terms", "new_terms"]


def _decisions(nlp, texts: list[str], frames: Sequence[str], batch_size: int) -> list[dict]:
    out = []
    for doc in nlp.pipe(texts, batch_size=batch_size):
        fs = doc._.frames
        out.append({f: (fs[f]["present"], fs[f]["score"], ", ".join(fs[f]["terms"])) for f in frames if f in fs})
    return out


def compare_codebooks(df: pd.DataFrame, old: str | Codebook, new: str | Codebook, *, text_column: str = "text",
                      frames: Sequence[str] | None = None, batch_size: int = 1000) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Tag ``df[text_column]`` with two codebooks and return what changed.

    Parameters
    ----------
    df : DataFrame
        One sentence per row; every column is carried into the flips.
    old, new : str or Codebook
        Versioned names or paths (or loaded codebooks).
    text_column : str
        The column holding the sentence text.
    frames : sequence of str, optional
        Frames to compare; default every frame the two codebooks share.
    batch_size : int
        Sentences per spaCy batch.

    Returns
    -------
    flips : DataFrame
        One row per sentence and frame whose presence differs: the input
        columns, then :data:`FLIP_COLUMNS` (``change`` is ``gained`` when only
        the new codebook finds the frame, ``lost`` when only the old one does).
    counts : DataFrame
        Per frame: sentences, present with old, present with new, gained, lost
        (see :func:`flip_counts`).

    Raises
    ------
    UsageError
        If the text column is missing, or a requested frame is not in both codebooks.

    Examples
    --------
    >>> flips, counts = compare_codebooks(sentences, "big-society.v2", "big-society.v3")  # doctest: +SKIP
    """
    texts = column_texts(df, text_column)
    nlp_old = make_tagger(old, lemmatize=False, commitment=False)
    nlp_new = make_tagger(new, lemmatize=False, commitment=False)
    names_old = nlp_old.get_pipe("discourse_frames").codebook.frame_names
    names_new = nlp_new.get_pipe("discourse_frames").codebook.frame_names
    shared = [f for f in names_old if f in names_new]
    if frames:
        missing = [f for f in frames if f not in shared]
        if missing:
            raise UsageError(f"Frame(s) {', '.join(missing)} not in both codebooks; shared: {', '.join(shared)}.")
        shared = list(frames)
    a = _decisions(nlp_old, texts, shared, batch_size)
    b = _decisions(nlp_new, texts, shared, batch_size)
    rows, counts = [], {f: [len(texts), 0, 0, 0, 0] for f in shared}
    for i, (x, y) in enumerate(zip(a, b)):
        for f in shared:
            (po, so, to), (pn, sn, tn) = x[f], y[f]
            c = counts[f]
            c[1] += po
            c[2] += pn
            if po != pn:
                c[3 if pn else 4] += 1
                rows.append((i, f, "gained" if pn else "lost", so, sn, to, tn))
    flips = pd.DataFrame(rows, columns=["_row", *FLIP_COLUMNS])
    flips = pd.concat([df.iloc[flips["_row"].tolist()].reset_index(drop=True), flips.drop(columns="_row")], axis=1)
    return flips, flip_counts(counts)


def flip_counts(counts: dict[str, list[int]]) -> pd.DataFrame:
    """Per-frame table: ``sentences, old, new, gained, lost`` (old/new = sentences with the frame)."""
    return pd.DataFrame.from_dict(counts, orient="index", columns=["sentences", "old", "new", "gained", "lost"]) \
        .rename_axis("frame").reset_index()
