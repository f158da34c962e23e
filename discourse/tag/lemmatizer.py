"""A fast lookup lemmatizer on lower-cased forms.

spaCy's stock lookup lemmatizer is case-sensitive ("Recommends" stays) and
fails with ``[E1004] Missing lemmatizer table(s)`` when ``nlp.initialize()``
was forgotten. This one reads the lower-cased table from spacy-lookups-data
when it is constructed, so it works the moment it is added, and maps hashes
to hashes: one dict lookup per token.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable, Iterable

import srsly
from spacy.language import Language
from spacy.tokens import Doc

from discourse.codebooks.lemmas import lemma_table

__all__ = ["LookupLemmatizer"]


class LookupLemmatizer:
    """Set ``token.lemma_`` from the lower-cased lookup table of spacy-lookups-data.

    Parameters
    ----------
    nlp : Language
        The pipeline (its strings receive the table's words).
    name : str
        The component's name.
    lang : str, optional
        Language of the table; defaults to ``nlp.lang``.

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("discourse_lemmatizer")
    >>> [t.lemma_ for t in nlp("Councils Recommends devolving")]
    ['council', 'recommend', 'devolve']
    """

    def __init__(self, nlp: Language, name: str = "discourse_lemmatizer", *, lang: str | None = None):
        self.name = name
        self.lang = lang or nlp.lang
        self._strings = nlp.vocab.strings
        self._map = self._build()

    def _build(self) -> dict[int, int]:
        add = self._strings.add
        return {add(form): add(lemma) for form, lemma in lemma_table(self.lang).items() if form != lemma}

    def __call__(self, doc: Doc) -> Doc:
        get = self._map.get
        for token in doc:
            low = token.lower
            token.lemma = get(low, low)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in docs:
            yield self(doc)

    def initialize(self, get_examples: Callable[[], Iterable[Any]] | None = None, *, nlp: Language | None = None) -> None:
        """Nothing to learn: the table was read at construction."""

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg.json", {"lang": self.lang})

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "LookupLemmatizer":
        cfg = srsly.read_json(Path(path) / "cfg.json")
        self.lang = cfg["lang"]
        self._map = self._build()
        return self
