"""The policy sentence rules as a spaCy component: ``nlp.add_pipe("discourse_sentencizer")``.

Sets ``Token.is_sent_start`` on the tokens where
:func:`discourse.segment.rules.sentence_spans` puts sentence boundaries, so a
spaCy pipeline and the extraction stage split text identically.
"""

from __future__ import annotations

from pathlib import Path
from typing import Iterable

import numpy as np
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from discourse.segment.rules import ABBREVIATIONS, sentence_spans

__all__ = ["PolicySentencizer", "make_sentencizer"]


class PolicySentencizer:
    """The rules of :func:`sentence_spans` as a spaCy component.

    Parameters
    ----------
    nlp : Language
    name : str
    abbreviations : iterable of str, optional
        Extra lower-cased abbreviations (no final period) that do not end a sentence.
    """

    def __init__(self, nlp: Language, name: str = "discourse_sentencizer", *, abbreviations: Iterable[str] = ()):
        self.name = name
        self.abbreviations = ABBREVIATIONS | {a.lower().rstrip(".") for a in abbreviations}

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0:
            return doc
        idx = doc.to_array(IDX).astype(np.int64)
        starts = np.full(n, -1, dtype=np.int64)
        for a, _ in sentence_spans(doc.text, self.abbreviations):
            i = int(np.searchsorted(idx, a))
            if i < n:
                starts[i] = 1
        starts[0] = 1
        doc.from_array([SENT_START], starts.astype(np.uint64).reshape(-1, 1))
        return doc

    def to_disk(self, path, *, exclude=()):
        import srsly

        Path(path).mkdir(parents=True, exist_ok=True)
        srsly.write_json(Path(path) / "cfg", {"abbreviations": sorted(self.abbreviations - ABBREVIATIONS)})

    def from_disk(self, path, *, exclude=()):
        import srsly

        cfg = srsly.read_json(Path(path) / "cfg")
        self.abbreviations = ABBREVIATIONS | set(cfg.get("abbreviations", []))
        return self


@Language.factory("discourse_sentencizer", default_config={"abbreviations": []})
def make_sentencizer(nlp: Language, name: str, abbreviations: list[str]) -> PolicySentencizer:
    """Factory for :class:`PolicySentencizer` (``nlp.add_pipe("discourse_sentencizer")``)."""
    return PolicySentencizer(nlp, name, abbreviations=abbreviations)
