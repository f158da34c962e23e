"""Build the tagging pipeline and collect its outputs.

``make_tagger`` builds ``spacy.blank(lang)`` + the lookup lemmatizer + the
frames component + the commitment component, with a tokenizer that keeps each
Doc's input text (:class:`TextKeepingTokenizer`).
:data:`OUTPUTS` lists how each component's results leave a Doc.
"""

from __future__ import annotations

from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence

import spacy
from spacy.language import Language
from spacy.tokens import Doc

import discourse.tag.factories  # noqa: F401  (registers the factories)
from discourse.codebooks import DEFAULT_CODEBOOK, Codebook, dump_codebook, list_codebooks, load_codebook
from discourse.errors import UsageError
from discourse.tag.commitment import COMMITMENT_VERSION, commitment_columns, commitment_row
from discourse.tag.extensions import TEXT_KEY
from discourse.tag.frames import frame_columns, frame_labels, frame_rows, frames_config
from discourse.tag.outputs import ComponentOutput, find_pipe

__all__ = ["OUTPUTS", "TextKeepingTokenizer", "make_tagger", "outputs", "label_readers", "run_config"]

FRAMES_OUTPUT = ComponentOutput(
    factory="discourse_frames",
    table="frames",
    rows=frame_rows,
    columns=frame_columns,
    labels=frame_labels,
    config=frames_config,
)

def _commitment_version(component) -> str:
    """The commitment version, plus the author names when given (they change the labels: a new tag run)."""
    aliases = sorted(getattr(component, "author_aliases", []) or [])
    return COMMITMENT_VERSION + (f" authors={'|'.join(aliases)}" if aliases else "")


COMMITMENT_OUTPUT = ComponentOutput(
    factory="discourse_commitment",
    table="commitments",
    rows=lambda doc: [commitment_row(doc)],
    columns=commitment_columns,
    labels=lambda component: {"commitment": lambda doc: doc._.commitment},
    config=lambda component: {"commitment_version": _commitment_version(component)},
)

#: One entry per tagging component that writes results.
OUTPUTS: tuple[ComponentOutput, ...] = (FRAMES_OUTPUT, COMMITMENT_OUTPUT)

#: ``tag_runs`` configuration columns, with their value when no component sets them.
RUN_CONFIG_COLUMNS: tuple[str, ...] = (
    "codebook", "codebook_version", "codebook_sha256", "frames_model", "commitment_version",
)


def make_tagger(codebook: str | Codebook = DEFAULT_CODEBOOK, *, frames_model: str | None = None,
                commitment: bool = True, author_aliases: Sequence[str] = (), lemmatize: bool = True,
                lang: str | None = None) -> Language:
    """Build the tagging pipeline.

    Parameters
    ----------
    codebook : str or Codebook
        Versioned name (``big-society.v5``), path, or a loaded codebook.
    frames_model : str, optional
        A model saved by ``discourse train-frames``; the codebook alone decides when None.
    commitment : bool, default True
        Add the ``discourse_commitment`` component (evidence spans and the
        rhetoric / pledge / resourced / other label).
    author_aliases : sequence of str
        Names of the documents' author ("KCC", "Kent County Council"): with them,
        other named bodies count as third parties for commitments.
    lemmatize : bool, default True
        Add the lower-cased lookup lemmatizer (``token.lemma_``). Frames do not
        need it (lemma patterns are expanded to word forms), so pure tagging
        runs can switch it off.
    lang : str, optional
        spaCy language code; defaults to the codebook's language.

    Returns
    -------
    spacy.Language

    Examples
    --------
    >>> nlp = make_tagger()
    >>> doc = nlp("Volunteers and social enterprises will run the library.")
    >>> doc._.frames["enabling"]["present"]
    True
    """
    cb = load_codebook(codebook)
    code = lang or cb.language
    try:
        spacy.util.get_lang_class(code)
    except ImportError as e:
        raise UsageError(f"spaCy has no language {code!r}: use a spaCy language code such as 'en'.") from e
    nlp = spacy.blank(code)
    nlp.tokenizer = TextKeepingTokenizer(nlp.tokenizer)
    if lemmatize:
        nlp.add_pipe("discourse_lemmatizer")
    nlp.add_pipe("discourse_frames", config={"codebook": _config_ref(cb), "model": frames_model})
    if commitment:
        nlp.add_pipe("discourse_commitment", config={"author_aliases": list(author_aliases)})
    return nlp


class TextKeepingTokenizer:
    """A pipeline's tokenizer that keeps each Doc's input text in ``doc.user_data`` (:data:`TEXT_KEY`).

    spaCy rebuilds ``doc.text`` from the tokens on every read; the commitment
    component reads the kept text instead (:func:`~discourse.tag.extensions.doc_text`).
    Everything else (serialisation, special cases, ``explain``) is the wrapped
    tokenizer's, so a saved pipeline loads with spaCy's own tokenizer.

    Parameters
    ----------
    tokenizer : callable
        The tokenizer to wrap (``nlp.tokenizer``).
    """

    def __init__(self, tokenizer: Callable[[str], Doc]):
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        doc = self.tokenizer(text)
        doc.user_data[TEXT_KEY] = text
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        """Tokenize a stream of texts."""
        for text in texts:
            yield self(text)

    def __getattr__(self, name: str) -> Any:
        if name == "tokenizer":  # not set yet (while unpickling): no endless lookup
            raise AttributeError(name)
        return getattr(self.tokenizer, name)


def _config_ref(cb: Codebook) -> str:
    """How the codebook is named in ``nlp.config``: shipped name, path, else its YAML text."""
    if cb.ref in list_codebooks() and load_codebook(cb.ref) == cb:
        return cb.ref
    if cb.path:
        return cb.path
    return dump_codebook(cb)


def outputs(nlp: Language) -> list[tuple[ComponentOutput, Any]]:
    """The outputs of the components present in ``nlp``, with each component."""
    found = []
    for out in OUTPUTS:
        pipe = find_pipe(nlp, out.factory)
        if pipe is not None:
            found.append((out, pipe))
    return found


def label_readers(nlp: Language) -> dict[str, Callable[[Doc], Any]]:
    """Gold label column -> how its prediction is read from a Doc tagged by ``nlp``."""
    readers: dict[str, Callable[[Doc], Any]] = {}
    for out, pipe in outputs(nlp):
        readers.update(out.labels(pipe))
    return readers


def run_config(nlp: Language) -> dict[str, Any]:
    """The ``tag_runs`` configuration columns for ``nlp`` (None where no component sets one)."""
    config: dict[str, Any] = {c: None for c in RUN_CONFIG_COLUMNS}
    for out, pipe in outputs(nlp):
        config.update(out.config(pipe))
    return config


def output_columns(doc: Doc, nlp: Language) -> Mapping[str, Any]:
    """All output columns for one tagged Doc."""
    cols: dict[str, Any] = {}
    for out, _ in outputs(nlp):
        cols.update(out.columns(doc))
    return cols
