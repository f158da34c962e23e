"""Every ``Doc``/``Span`` extension discourse's taggers use, registered in one place.

Registration is explicit (components call :func:`register_extensions` when
they are built), idempotent, and never forced: an extension another package
already registered under the same name with a different meaning raises a
clear error instead of being silently overwritten.
"""

from __future__ import annotations

from typing import Any, Callable

from spacy.tokens import Doc, Span

from discourse.errors import DiscourseError

__all__ = ["FRAMES_KEY", "TEXT_KEY", "doc_text", "DOC_EXTENSIONS", "DOC_DEFAULTS", "SPAN_EXTENSIONS", "SPAN_GETTERS",
           "register_extensions", "frames_getter"]

#: Where the frames component stores its decisions in ``doc.user_data``.
FRAMES_KEY = "discourse.frames"

#: Where :class:`discourse.tag.pipeline.TextKeepingTokenizer` keeps a Doc's input text in ``doc.user_data``.
TEXT_KEY = "discourse.text"


def doc_text(doc: Doc) -> str:
    """The Doc's text: the tokenizer's input where it was kept, else ``doc.text``.

    spaCy rebuilds ``doc.text`` from the tokens on every read; its tokenizer
    is non-destructive, so the kept input is the same string.
    """
    text = doc.user_data.get(TEXT_KEY)
    return doc.text if text is None else text


def _empty(names: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    return {n: {"present": False, "score": 0.0, "negated": False, "hedged": False, "subframe": None,
                "terms": [], "subframes": {}} for n in names}


def frames_getter(doc: Doc) -> dict[str, dict[str, Any]] | None:
    """``doc._.frames``: ``{frame: {present, score, negated, hedged, subframe, terms, subframes}}``.

    The component stores only the frame names for a sentence without any
    match (most sentences); the empty decisions are built on first access.
    None when the frames component has not run.
    """
    value = doc.user_data.get(FRAMES_KEY)
    if isinstance(value, tuple):
        value = doc.user_data[FRAMES_KEY] = _empty(value)
    return value


# -- commitment: ``doc._.commitments`` holds one record per sentence (label, score, reason,
# evidence, spans, start_char, end_char); the other attributes are read-only views of it.

_COMMITMENT_RANK = {"resourced": 0, "pledge": 1, "rhetoric": 2, "other": 3}


def _best_commitment(doc: Doc) -> dict | None:
    """The record with the strongest label (then the highest score) among the Doc's sentences."""
    recs = doc._.commitments
    if not recs:
        return None
    return min(recs, key=lambda r: (_COMMITMENT_RANK[r["label"]], -r["score"]))


def commitment_getter(doc: Doc) -> str | None:
    """``doc._.commitment``: the strongest commitment label of the Doc's sentences."""
    best = _best_commitment(doc)
    return best["label"] if best else None


def commitment_score_getter(doc: Doc) -> float | None:
    """``doc._.commitment_score``: the score of that label."""
    best = _best_commitment(doc)
    return best["score"] if best else None


def commitment_evidence_getter(doc: Doc) -> list | None:
    """``doc._.commitment_evidence``: the evidence (list of dicts) behind that label."""
    best = _best_commitment(doc)
    return best["evidence"] if best else None


def span_commitment_getter(span: Span) -> dict | None:
    """``sent._.commitment``: the commitment record of a sentence span."""
    for rec in span.doc._.commitments or ():
        if rec["start_char"] == span.start_char and rec["end_char"] == span.end_char:
            return rec
    return None


def span_evidence_getter(span: Span) -> dict | None:
    """``span._.evidence``: the attributes of an evidence span (value, currency, author, kind, ...)."""
    for rec in span.doc._.commitments or ():
        if rec["start_char"] <= span.start_char < rec["end_char"]:
            off = rec["start_char"]
            for e in rec["spans"]:
                if (e["start_char"] + off, e["end_char"] + off, e["label"]) == (
                        span.start_char, span.end_char, span.label_):
                    return e
    return None


#: ``Doc._`` attributes: name -> getter (read-only views of what components stored).
DOC_EXTENSIONS: dict[str, Callable[[Doc], Any]] = {
    "frames": frames_getter,
    "commitment": commitment_getter,
    "commitment_score": commitment_score_getter,
    "commitment_evidence": commitment_evidence_getter,
}

#: ``Doc._`` attributes that components write: name -> default.
DOC_DEFAULTS: dict[str, object] = {
    "commitments": None,  # one record per sentence, written by discourse_commitment
}

#: ``Span._`` attributes with a default: on frame spans (negation/hedging scope).
SPAN_EXTENSIONS: dict[str, object] = {
    "negated": False,   # the match is in the scope of a negation cue
    "hedged": False,    # the match is in the scope of a hedging cue
}

#: ``Span._`` attributes read from the commitment records.
SPAN_GETTERS: dict[str, Callable[[Span], Any]] = {
    "commitment": span_commitment_getter,
    "evidence": span_evidence_getter,
}


def _clash(cls: type, name: str) -> DiscourseError:
    return DiscourseError(
        f"{cls.__name__}._.{name} is already registered by another package with a different "
        "meaning; discourse will not overwrite it. Remove that registration or use another pipeline."
    )


def _register_default(cls: type, name: str, default: object) -> None:
    if cls.has_extension(name):
        existing = cls.get_extension(name)
        if existing[0] != default or existing[2] is not None or existing[3] is not None:
            raise _clash(cls, name)
        return
    cls.set_extension(name, default=default)


def _register_getter(cls: type, name: str, getter: Callable) -> None:
    if cls.has_extension(name):
        if cls.get_extension(name)[2] is not getter:
            raise _clash(cls, name)
        return
    cls.set_extension(name, getter=getter)


def register_extensions() -> None:
    """Register discourse's ``Doc._`` and ``Span._`` extensions (idempotent, never forced)."""
    for name, getter in DOC_EXTENSIONS.items():
        _register_getter(Doc, name, getter)
    for name, default in DOC_DEFAULTS.items():
        _register_default(Doc, name, default)
    for name, default in SPAN_EXTENSIONS.items():
        _register_default(Span, name, default)
    for name, getter in SPAN_GETTERS.items():
        _register_getter(Span, name, getter)
