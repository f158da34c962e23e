"""Every ``Doc``/``Span`` extension discourse's taggers use, registered in one place.

Registration is explicit (components call :func:`register_extensions` when
they are built), idempotent, and never forced: an extension another package
already registered under the same name with a different meaning raises a
clear error instead of being silently overwritten.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from discourse.errors import DiscourseError

__all__ = ["DOC_EXTENSIONS", "SPAN_EXTENSIONS", "register_extensions"]

#: ``Doc._`` attributes: name -> default.
DOC_EXTENSIONS: dict[str, object] = {
    # {frame: {"present", "score", "negated", "hedged", "subframe", "terms", "subframes"}}
    "frames": None,
}

#: ``Span._`` attributes on spans in ``doc.spans["frames"]``: name -> default.
SPAN_EXTENSIONS: dict[str, object] = {
    "negated": False,   # the match is in the scope of a negation cue
    "hedged": False,    # the match is in the scope of a hedging cue
    "weight": None,     # the pattern's weight
}


def _register(cls: type, name: str, default: object) -> None:
    if cls.has_extension(name):
        existing = cls.get_extension(name)
        if existing[0] != default or existing[2] is not None or existing[3] is not None:
            raise DiscourseError(
                f"{cls.__name__}._.{name} is already registered by another package with a different "
                "meaning; discourse will not overwrite it. Remove that registration or use another pipeline."
            )
        return
    cls.set_extension(name, default=default)


def register_extensions() -> None:
    """Register discourse's ``Doc._`` and ``Span._`` extensions (idempotent)."""
    for name, default in DOC_EXTENSIONS.items():
        _register(Doc, name, default)
    for name, default in SPAN_EXTENSIONS.items():
        _register(Span, name, default)
