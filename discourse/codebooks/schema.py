"""The codebook data model: frozen, validated, hashable.

A codebook holds frames; a frame holds sub-frames; a sub-frame holds patterns.
Every pattern has a value type:

``phrase``
    Literal words, matched case-insensitively token by token ("right to bid").
``lemma``
    Words matched in any inflected form ("devolve" matches devolves, devolved,
    devolving). Forms are expanded when the codebook is compiled, so matching
    stays a lookup.
``glob``
    quanteda-style wildcards per word: ``*`` any run of characters, ``?`` one
    ("decentrali*", "co-op*", "community organis*").
``regex``
    A Python regular expression searched in the sentence text (case
    insensitive). Slowest; use for what the others cannot say.

Patterns carry a ``weight``; a frame is present in a sentence when the weights
of its distinct matched patterns reach the frame's ``threshold``. Context rules
keep a match only when a ``requires`` term occurs within ``window`` tokens of it
(and, when the pattern has ``also_requires``, a term of that second list too: "a
power word, moved by a verb, to a body below": three cues in one sentence), or
drop it when an ``unless`` term does. ``exclusions`` (at codebook, frame or
sub-frame level) cancel any pattern match they overlap. Negation and hedging
cues (``scope``) mark matches as negated or hedged without removing them.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Iterator, Literal

__all__ = ["PATTERN_TYPES", "Term", "Pattern", "Subframe", "Frame", "Scope", "Codebook"]

PatternType = Literal["phrase", "lemma", "glob", "regex"]

#: The value types a pattern or term may have.
PATTERN_TYPES: tuple[str, ...] = ("phrase", "lemma", "glob", "regex")


@dataclass(frozen=True)
class Term:
    """A value to look for: a phrase, lemma, glob or regex.

    Used for exclusions, ``requires``/``unless`` context terms and scope cues.
    """

    type: PatternType
    value: str

    def to_yaml(self) -> Any:
        """A bare string for globs, else ``{type: value}``."""
        return self.value if self.type == "glob" else {self.type: self.value}

    def __str__(self) -> str:
        return f"{self.type}:{self.value}"


@dataclass(frozen=True)
class Pattern:
    """One pattern of a sub-frame.

    Attributes
    ----------
    type, value : str
        The value type and the value (see the module docstring).
    weight : float
        What one match adds to the frame's score.
    id : str or None
        A stable identifier; defaults to ``"<type>:<value>"``. Patterns that
        share an id (a list of values under one id) count once per sentence:
        they are alternatives of one cue.
    requires, unless : tuple of Term
        Context rules (see the module docstring).
    also_requires : tuple of Term
        A second ``requires`` list: both lists must have a term in the window.
    window : int or None
        Tokens either side of the match searched for context terms; ``None``
        means the whole sentence.
    note : str
        Free text for the codebook's readers.
    """

    type: PatternType
    value: str
    weight: float = 1.0
    id: str | None = None
    requires: tuple[Term, ...] = ()
    unless: tuple[Term, ...] = ()
    window: int | None = None
    note: str = ""
    also_requires: tuple[Term, ...] = ()

    @property
    def key(self) -> str:
        """The pattern's id, or ``type:value`` when it has none."""
        return self.id or f"{self.type}:{self.value}"

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {self.type: self.value}
        if self.weight != 1.0:
            out["weight"] = self.weight
        if self.id:
            out["id"] = self.id
        if self.requires:
            out["requires"] = [t.to_yaml() for t in self.requires]
        if self.also_requires:
            out["also_requires"] = [t.to_yaml() for t in self.also_requires]
        if self.unless:
            out["unless"] = [t.to_yaml() for t in self.unless]
        if self.window is not None:
            out["window"] = self.window
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class Subframe:
    """A named sub-frame: its patterns and its own exclusions."""

    name: str
    description: str = ""
    patterns: tuple[Pattern, ...] = ()
    exclusions: tuple[Term, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.description:
            out["description"] = self.description
        out["patterns"] = [p.to_dict() for p in self.patterns]
        if self.exclusions:
            out["exclusions"] = [t.to_yaml() for t in self.exclusions]
        return out


@dataclass(frozen=True)
class Frame:
    """A frame: sub-frames, the threshold for presence and exclusions."""

    name: str
    description: str = ""
    threshold: float = 1.0
    subframes: tuple[Subframe, ...] = ()
    exclusions: tuple[Term, ...] = ()

    def subframe(self, name: str) -> Subframe:
        """The sub-frame called ``name`` (KeyError if absent)."""
        for s in self.subframes:
            if s.name == name:
                return s
        raise KeyError(name)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        if self.description:
            out["description"] = self.description
        out["threshold"] = self.threshold
        if self.exclusions:
            out["exclusions"] = [t.to_yaml() for t in self.exclusions]
        out["subframes"] = {s.name: s.to_dict() for s in self.subframes}
        return out


@dataclass(frozen=True)
class Scope:
    """Cues that mark a match as negated or hedged, and where their scope ends.

    A cue governs a match when it stands within ``window`` tokens before it
    (or ``after_window`` tokens after it, for negation only) with no boundary
    token between them. Pseudo-negations ("not only") are never cues.
    """

    negation: tuple[str, ...] = ()
    pseudo_negation: tuple[str, ...] = ()
    hedging: tuple[str, ...] = ()
    boundaries: tuple[str, ...] = ()
    window: int = 6
    after_window: int = 3

    def to_dict(self) -> dict[str, Any]:
        return {
            "negation": list(self.negation),
            "pseudo_negation": list(self.pseudo_negation),
            "hedging": list(self.hedging),
            "boundaries": list(self.boundaries),
            "window": self.window,
            "after_window": self.after_window,
        }


@dataclass(frozen=True)
class Codebook:
    """A frozen, validated codebook. Build it with :func:`discourse.codebooks.load_codebook`.

    Attributes
    ----------
    name : str
        The codebook's name (``big-society``).
    version : str
        Its version (``"1"``); together they make :attr:`ref` ``big-society.v1``.
    frames : tuple of Frame
        In codebook order.
    exclusions : tuple of Term
        Exclusions that apply to every frame.
    scope : Scope
        Negation and hedging cues.
    path : str or None
        Where it was read from (not part of its identity).
    """

    name: str
    version: str
    frames: tuple[Frame, ...]
    title: str = ""
    description: str = ""
    language: str = "en"
    exclusions: tuple[Term, ...] = ()
    scope: Scope = field(default_factory=Scope)
    path: str | None = field(default=None, compare=False)

    @property
    def ref(self) -> str:
        """The versioned name, e.g. ``big-society.v1``."""
        return f"{self.name}.v{self.version}"

    @property
    def frame_names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.frames)

    def frame(self, name: str) -> Frame:
        """The frame called ``name``.

        Raises
        ------
        KeyError
            If the codebook has no such frame.
        """
        for f in self.frames:
            if f.name == name:
                return f
        raise KeyError(f"codebook {self.ref} has no frame {name!r}; frames are {', '.join(self.frame_names)}")

    def patterns(self) -> Iterator[tuple[Frame, Subframe, Pattern]]:
        """Every pattern with its frame and sub-frame, in codebook order."""
        for f in self.frames:
            for s in f.subframes:
                for p in s.patterns:
                    yield f, s, p

    def to_dict(self) -> dict[str, Any]:
        """The canonical content (defaults filled in, one entry per pattern)."""
        out: dict[str, Any] = {"codebook": self.name, "version": self.version}
        if self.title:
            out["title"] = self.title
        if self.description:
            out["description"] = self.description
        out["language"] = self.language
        out["scope"] = self.scope.to_dict()
        if self.exclusions:
            out["exclusions"] = [t.to_yaml() for t in self.exclusions]
        out["frames"] = {f.name: f.to_dict() for f in self.frames}
        return out

    @cached_property
    def sha256(self) -> str:
        """SHA-256 of the canonical content: any edit changes it, formatting does not."""
        canonical = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(canonical.encode("utf-8")).hexdigest()

    def summary(self) -> dict[str, Any]:
        """Name, version, hash and pattern counts per frame and sub-frame."""
        return {
            "codebook": self.ref,
            "title": self.title,
            "sha256": self.sha256,
            "path": self.path,
            "frames": {
                f.name: {
                    "threshold": f.threshold,
                    "subframes": {s.name: len(s.patterns) for s in f.subframes},
                    "n_patterns": sum(len(s.patterns) for s in f.subframes),
                    "n_exclusions": len(f.exclusions) + sum(len(s.exclusions) for s in f.subframes),
                }
                for f in self.frames
            },
        }
