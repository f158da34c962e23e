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

__all__ = ["FRAMES_KEY", "DOC_EXTENSIONS", "SPAN_EXTENSIONS", "register_extensions", "frames_getter"]

#: Where the frames component stores its decisions in ``doc.user_data``.
FRAMES_KEY = "discourse.frames"


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


#: ``Doc._`` attributes: name -> getter (read-only views of what components stored).
DOC_EXTENSIONS: dict[str, Callable[[Doc], Any]] = {
    "frames": frames_getter,
}

#: ``Span._`` attributes on spans in ``doc.spans["frames"]``: name -> default.
SPAN_EXTENSIONS: dict[str, object] = {
    "negated": False,   # the match is in the scope of a negation cue
    "hedged": False,    # the match is in the scope of a hedging cue
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
    for name, default in SPAN_EXTENSIONS.items():
        _register_default(Span, name, default)
