"""The ``discourse_commitment`` spaCy component: evidence spans and a commitment label per sentence.

Each sentence gets one label of the coding guide (``resourced``, ``pledge``,
``rhetoric`` or ``other``), a score, the rule that decided it, and the typed
evidence spans behind it (MONEY, STAFF, ASSET, DEADLINE, PERIOD, TARGET,
AGENT, MODALITY, ACTION, HEDGE, CONDITION, NEGATION, STANCE) in
``doc.spans["evidence"]``.

Usage::

    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("discourse_commitment", config={"author_aliases": ["KCC"]})
    doc = nlp("The council will invest £2m in 20 new youth workers.")
    doc._.commitment, doc._.commitment_score       # ('resourced', 0.9)
    [(s.label_, s.text) for s in doc.spans["evidence"]]

A Doc is one sentence unless it carries sentence boundaries (from a
sentencizer); then every sentence is classified, ``doc._.commitments`` holds
one record per sentence, ``sent._.commitment`` gives a sentence's label and
``doc._.commitment`` is the strongest label of the Doc.

The work is a regex and dictionary pass over the text (no parser, no
lemmatizer), so the component is cheap beside the tokenizer.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

import srsly
from spacy.attrs import IDX, IS_SPACE, LENGTH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from discourse.errors import UsageError
from discourse.tag.extensions import doc_text, register_extensions
from discourse.tag.commitment_rules import LABELS, Decision, decide
from discourse.tag.evidence import RESOURCE_LABELS, Tokens, find_evidence, tokens_from_doc

__all__ = [
    "COMMITMENT_VERSION",
    "CommitmentComponent",
    "classify_commitment",
    "sentence_record",
    "commitment_row",
    "commitment_columns",
    "commitment_rows",
    "resource_spans",
]

#: Version of the evidence rules and lexicon; recorded in ``tag_runs.commitment_version``. Bump it
#: whenever a rule or word list change can change a label, so a re-run tags anew.
COMMITMENT_VERSION = "commitment-rules.v7"

#: Evidence kept in ``evidence_json`` besides the spans that decided the label.
_KEPT = frozenset({"MONEY", "STAFF", "ASSET", "DEADLINE", "PERIOD", "TARGET"})


def sentence_record(text: str, *, author_aliases: Sequence[Sequence[str]] = (),
                    tokens: Tokens | Callable[[], Tokens] | None = None) -> tuple[dict, list]:
    """Classify one sentence: its record (label, score, reason, evidence) and its evidence objects.

    Offsets in the record are relative to ``text``. ``tokens`` may be given when
    already known (from a spaCy Doc, :func:`~discourse.tag.evidence.tokens_from_doc`).
    """
    se = find_evidence(text, author_aliases=author_aliases, tokens=tokens)
    dec = decide(se)
    decisive = {id(e) for e in dec.evidence}
    spans = []
    kept = []
    for e in se.evidence:
        d = e.as_dict()
        if id(e) in decisive:
            d["decisive"] = True
        spans.append(d)
        if id(e) in decisive or e.label in _KEPT:
            kept.append(d)
    record = {"label": dec.label, "score": dec.score, "reason": dec.reason, "evidence": kept, "spans": spans,
              "start_char": 0, "end_char": len(text)}
    return record, se.evidence


def classify_commitment(text: str, *, author_aliases: Iterable[str] = ()) -> Decision:
    """Label one sentence without spaCy.

    Examples
    --------
    >>> classify_commitment("We will publish the strategy by March 2026.").label
    'pledge'
    """
    return decide(find_evidence(text, author_aliases=_aliases(author_aliases)))


def _aliases(names: Iterable[str]) -> tuple[tuple[str, ...], ...]:
    out = []
    for name in names:
        if not isinstance(name, str) or not name.strip():
            raise UsageError(f"author_aliases must be non-empty strings, got {name!r}.")
        out.append(tuple(name.lower().split()))
    return tuple(out)


class CommitmentComponent:
    """spaCy component ``discourse_commitment``.

    Parameters
    ----------
    nlp : Language
        The pipeline.
    name : str
        The component's name in the pipeline.
    spans_key : str, default "evidence"
        Key of ``doc.spans`` the evidence spans are written to.
    author_aliases : list of str
        Names that refer to the document's author besides "we", "I", "my
        Government", "this council" (e.g. ``["KCC", "Kent County Council"]``).
    """

    def __init__(self, nlp: Language, name: str = "discourse_commitment", *, spans_key: str = "evidence",
                 author_aliases: Sequence[str] = ()):
        if not spans_key:
            raise UsageError("spans_key must be a non-empty string.")
        self.name = name
        self.spans_key = spans_key
        self.author_aliases = list(author_aliases)
        self._aliases = _aliases(self.author_aliases)
        register_extensions()

    def __call__(self, doc: Doc) -> Doc:
        text = doc_text(doc)
        # Token offsets are read only for a sentence the light path cannot decide (tokens_from_doc reads
        # them), except in a Doc with sentence boundaries: one array read then serves all its sentences
        # (small integers only: 64-bit hashes are slow to convert). has_annotation is the cheap test first.
        rows = None
        if len(doc) > 1 and doc.has_annotation("SENT_START"):
            rows = doc.to_array([IDX, LENGTH, IS_SPACE, SENT_START]).tolist()
        if rows is not None and any(r[3] for r in rows[1:]):
            sentences = [(s.start_char, s.end_char, s.start, s.end) for s in doc.sents]
        else:
            sentences = [(0, len(text), 0, len(doc))]
        records = []
        spans = []
        for a, b, ta, tb in sentences:
            sent = text[a:b]
            rec, evidence = sentence_record(
                sent, author_aliases=self._aliases,
                tokens=lambda: tokens_from_doc(doc, sent, ta, tb, a, rows))  # noqa: B023 (called at once)
            rec["start_char"], rec["end_char"] = a, b
            records.append(rec)
            for e in evidence:
                span = doc.char_span(e.start_char + a, e.end_char + a, label=e.label, alignment_mode="expand")
                if span is not None:
                    spans.append(span)
        doc.spans[self.spans_key] = spans
        doc._.commitments = records
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        """Process a stream of Docs."""
        for doc in stream:
            yield self(doc)

    # -- serialisation -------------------------------------------------------------------------------------
    def _cfg(self) -> dict:
        return {"spans_key": self.spans_key, "author_aliases": self.author_aliases, "version": COMMITMENT_VERSION}

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the settings (``cfg.json``) in folder ``path``."""
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "cfg.json", self._cfg())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "CommitmentComponent":
        """Load settings saved by :meth:`to_disk`."""
        cfg_path = ensure_path(path) / "cfg.json"
        if not cfg_path.exists():
            raise UsageError(f"No commitment settings at {cfg_path}: save the pipeline with nlp.to_disk first.")
        cfg = srsly.read_json(cfg_path)
        self.spans_key = cfg.get("spans_key", self.spans_key)
        self.author_aliases = list(cfg.get("author_aliases", []))
        self._aliases = _aliases(self.author_aliases)
        return self

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        """Settings as bytes."""
        return srsly.json_dumps(self._cfg()).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "CommitmentComponent":
        """Load settings from :meth:`to_bytes` output."""
        cfg = srsly.json_loads(data)
        self.spans_key = cfg.get("spans_key", self.spans_key)
        self.author_aliases = list(cfg.get("author_aliases", []))
        self._aliases = _aliases(self.author_aliases)
        return self


# -- rows for the store and for CSV output --------------------------------------------------------------------
def _record(doc: Doc) -> dict:
    recs = doc._.commitments if Doc.has_extension("commitments") else None
    if not recs:
        raise UsageError("This Doc has no commitment decision: add the 'discourse_commitment' pipe to the pipeline.")
    if len(recs) != 1:
        raise UsageError(f"commitment_row expects a one-sentence Doc, got {len(recs)} sentences: "
                         "pass one Doc per sentence or read doc._.commitments.")
    return recs[0]


def commitment_row(doc: Doc) -> dict[str, Any]:
    """The ``commitments`` table values of a one-sentence Doc: ``label``, ``score``, ``evidence_json``.

    ``evidence_json`` is a JSON list of ``{label, text, start_char, end_char, ...}``
    with offsets relative to the sentence: the spans that decided the label
    (``"decisive": true``) and every MONEY, STAFF, ASSET, DEADLINE, PERIOD and
    TARGET span, with their normalised values and roles.
    """
    rec = _record(doc)
    return {"label": rec["label"], "score": rec["score"],
            "evidence_json": json.dumps(rec["evidence"], ensure_ascii=False, sort_keys=True)}


def commitment_columns(doc: Doc) -> dict[str, Any]:
    """The columns ``tag --input`` adds: ``commitment``, ``commitment_score``, ``evidence`` (JSON)."""
    row = commitment_row(doc)
    return {"commitment": row["label"], "commitment_score": row["score"], "evidence": row["evidence_json"]}


def commitment_rows(docs: Iterable[Doc], keys: Iterable[tuple[str, int]], tag_run_id: str) -> "Any":
    """Rows of the ``commitments`` table for one-sentence Docs and their ``(doc_id, sentence_id)`` keys.

    Returns
    -------
    pandas.DataFrame
        ``tag_run_id, doc_id, sentence_id, label, score, evidence_json``.
    """
    import pandas as pd

    rows = []
    for doc, (doc_id, sentence_id) in zip(docs, keys, strict=True):
        rows.append({"tag_run_id": tag_run_id, "doc_id": doc_id, "sentence_id": int(sentence_id),
                     **commitment_row(doc)})
    return pd.DataFrame(rows, columns=["tag_run_id", "doc_id", "sentence_id", "label", "score", "evidence_json"])


def resource_spans(doc: Doc, spans_key: str = "evidence") -> list[Span]:
    """The MONEY, STAFF and ASSET spans of a Doc processed by the component."""
    return [s for s in doc.spans.get(spans_key, []) if s.label_ in RESOURCE_LABELS]
