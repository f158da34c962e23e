"""Every spaCy factory discourse provides, registered in one place.

Importing this module registers the factories (spaCy's own mechanism; spaCy
imports it through the ``spacy_factories`` entry points, so ``nlp.add_pipe(
"discourse_frames")`` works on any ``spacy.blank("en")``). It imports nothing
heavy: scikit-learn loads only when a frames model is used.
"""

from __future__ import annotations

from typing import Optional

from spacy.language import Language

from discourse.codebooks.loader import DEFAULT_CODEBOOK
from discourse.tag.commitment import CommitmentComponent
from discourse.tag.frames import FrameTagger
from discourse.tag.lemmatizer import LookupLemmatizer

__all__ = ["make_frames", "make_lemmatizer", "make_commitment"]


@Language.factory(
    "discourse_frames",
    default_config={"codebook": DEFAULT_CODEBOOK, "model": None, "spans_key": "frames"},
)
def make_frames(nlp: Language, name: str, codebook: str, model: Optional[str], spans_key: str) -> FrameTagger:
    """Build the frames tagger (see :class:`discourse.tag.frames.FrameTagger`)."""
    return FrameTagger(nlp, name, codebook=codebook, model=model, spans_key=spans_key)


@Language.factory("discourse_lemmatizer", default_config={"lang": None})
def make_lemmatizer(nlp: Language, name: str, lang: Optional[str]) -> LookupLemmatizer:
    """Build the lower-cased lookup lemmatizer (see :class:`discourse.tag.lemmatizer.LookupLemmatizer`)."""
    return LookupLemmatizer(nlp, name, lang=lang)


@Language.factory("discourse_commitment", default_config={"spans_key": "evidence", "author_aliases": []})
def make_commitment(nlp: Language, name: str, spans_key: str, author_aliases: list[str]) -> CommitmentComponent:
    """Build the commitment component (see :class:`discourse.tag.commitment.CommitmentComponent`)."""
    return CommitmentComponent(nlp, name, spans_key=spans_key, author_aliases=author_aliases)
