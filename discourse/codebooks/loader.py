"""Read, validate and resolve codebooks.

Codebooks are referred to by versioned name (``big-society.v5``, looked up
among the YAML files shipped in this package), by unversioned name (the newest
shipped version) or by path. Every problem is reported as a
:class:`~discourse.errors.CodebookError` naming the file, the line and the key.
"""

from __future__ import annotations

import math
import os
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from discourse.codebooks._yaml import Located, load_located
from discourse.codebooks.schema import PATTERN_TYPES, Codebook, Frame, Pattern, Scope, Subframe, Term
from discourse.errors import CodebookError

__all__ = [
    "DEFAULT_CODEBOOK",
    "DEFAULT_SCOPE",
    "load_codebook",
    "parse_codebook",
    "list_codebooks",
    "codebook_path",
    "dump_codebook",
]

#: The codebook used when none is named.
DEFAULT_CODEBOOK = "big-society.v5"

#: Scope cues used when a codebook has no ``scope`` section (globs, may be multi-word).
DEFAULT_SCOPE = Scope(
    negation=("not", "n't", "never", "no", "nor", "neither", "without", "no longer", "rather than",
              "instead of", "oppos*", "reject*", "refus*", "against"),
    pseudo_negation=("not only", "not just", "not least", "not merely", "no doubt", "without doubt"),
    hedging=("may", "might", "could", "possibly", "perhaps", "potentially", "consider", "considering",
             "explore", "exploring", "aim to", "aims to", "hope to", "seek to", "subject to", "if",
             "whether", "where appropriate", "where possible", "in principle"),
    boundaries=(",", ";", ":", ".", "!", "?", "(", ")", "-", "–", "—", "but", "however", "although",
                "though", "whereas", "while", "yet"),
    window=6,
    after_window=3,
)

_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_FRAME_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_ -]*$")
_SUBFRAME_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_ .-]*$")
_REF = re.compile(r"^(?P<name>[a-z0-9][a-z0-9_-]*)\.v(?P<version>[0-9][0-9.]*)$")

_TOP_KEYS = {"codebook", "version", "title", "description", "language", "scope", "exclusions", "frames"}
_FRAME_KEYS = {"description", "threshold", "exclusions", "subframes"}
_SUBFRAME_KEYS = {"description", "patterns", "exclusions"}
_PATTERN_KEYS = {"weight", "id", "requires", "also_requires", "unless", "window", "note", *PATTERN_TYPES}
_SCOPE_KEYS = {"negation", "pseudo_negation", "hedging", "boundaries", "window", "after_window"}


def _shipped_dir() -> Path:
    return Path(str(resources.files("discourse.codebooks")))


def list_codebooks() -> list[str]:
    """Versioned names of the codebooks shipped with discourse, sorted."""
    return sorted(p.name[: -len(".yml")] for p in _shipped_dir().glob("*.yml") if _REF.match(p.name[:-4]))


def _version_key(ref: str) -> tuple[int, ...]:
    m = _REF.match(ref)
    return tuple(int(x) for x in m.group("version").split(".") if x) if m else ()


def codebook_path(ref: str | os.PathLike) -> Path:
    """Resolve a codebook name or path to a file.

    Parameters
    ----------
    ref : str or path
        ``big-society.v5`` (a shipped version), ``big-society`` (the newest
        shipped version) or a path to a YAML file.

    Raises
    ------
    CodebookError
        If no such codebook exists; the message lists the shipped ones.
    """
    text = str(ref)
    path = Path(text)
    if path.suffix.lower() in (".yml", ".yaml") or os.sep in text or "/" in text:
        if not path.is_file():
            raise CodebookError(f"Codebook file {text} does not exist.")
        return path
    shipped = list_codebooks()
    if text in shipped:
        return _shipped_dir() / f"{text}.yml"
    versions = [r for r in shipped if r.startswith(text + ".v")]
    if versions:
        return _shipped_dir() / f"{max(versions, key=_version_key)}.yml"
    raise CodebookError(
        f"No codebook named {text!r}: shipped codebooks are {', '.join(shipped) or '(none)'}; "
        "or pass the path to a YAML file."
    )


def load_codebook(ref: str | os.PathLike | Codebook = DEFAULT_CODEBOOK) -> Codebook:
    """Load and validate a codebook.

    Parameters
    ----------
    ref : str, path or Codebook
        A versioned name, an unversioned name (newest version), a path, the
        YAML text itself (any string with a line break), or a
        :class:`Codebook` (returned as is: codebooks are immutable).

    Returns
    -------
    Codebook

    Raises
    ------
    CodebookError
        If the file is missing or invalid (the message names file, line, key).

    Examples
    --------
    >>> cb = load_codebook("big-society.v1")
    >>> cb.frame_names
    ('localism', 'enabling', 'ensuring')
    """
    if isinstance(ref, Codebook):
        return ref
    if isinstance(ref, str) and "\n" in ref:
        return parse_codebook(ref, source="<inline codebook>")
    path = codebook_path(ref)
    try:
        stat = path.stat()
    except OSError as e:
        raise CodebookError(f"Cannot read codebook {path}: {e}") from e
    return _load_file(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=32)
def _load_file(path_text: str, mtime_ns: int, size: int) -> Codebook:
    """Parse one codebook file; cached by path, modification time and size (codebooks are immutable)."""
    path = Path(path_text)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise CodebookError(f"Cannot read codebook {path}: {e}") from e
    cb = parse_codebook(text, source=str(path))
    m = _REF.match(path.name[: -len(path.suffix)])
    if m and path.parent == _shipped_dir() and (m.group("name"), m.group("version")) != (cb.name, cb.version):
        raise CodebookError(f"{path}: file name says {m.group(0)} but the content says {cb.ref}.")
    return cb


def dump_codebook(codebook: Codebook) -> str:
    """The codebook as YAML in the codebook format (canonical content, codebook order).

    ``parse_codebook(dump_codebook(cb)) == cb`` for every valid codebook.
    """
    import yaml

    return yaml.safe_dump(codebook.to_dict(), sort_keys=False, allow_unicode=True, width=100)


def parse_codebook(text: str, source: str = "<string>") -> Codebook:
    """Validate YAML text and build a :class:`Codebook`.

    Raises
    ------
    CodebookError
        Naming ``source``, the line and the key of the first problem.
    """
    doc = load_located(text, source)
    return _Builder(doc).codebook()


class _Builder:
    """Walks the located YAML data, checking types and building the model."""

    def __init__(self, doc: Located):
        self.doc = doc

    # -- primitive checks ---------------------------------------------------
    def _get(self, path: tuple) -> Any:
        value = self.doc.data
        for part in path:
            value = value[part]
        return value

    def _mapping(self, path: tuple, allowed: set[str]) -> dict:
        value = self._get(path)
        if not isinstance(value, dict):
            raise self.doc.error(path, f"must be a mapping (key: value lines), got {_kind(value)}")
        for key in value:
            if not isinstance(key, str) or key not in allowed:
                raise self.doc.error(
                    path + (key,), f"unknown key {key!r}; allowed keys are {', '.join(sorted(allowed))}"
                )
        return value

    def _string(self, path: tuple, default: str | None = None, pattern: re.Pattern | None = None) -> str:
        parent = self._get(path[:-1])
        if path[-1] not in parent:
            if default is None:
                raise self.doc.error(path, "is required")
            return default
        value = parent[path[-1]]
        if isinstance(value, (int, float)) and not isinstance(value, bool) and path[-1] == "version":
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            raise self.doc.error(path, f"must be a non-empty string, got {_kind(value)}")
        if pattern is not None and not pattern.match(value):
            raise self.doc.error(path, f"{value!r} is not allowed here (must match {pattern.pattern})")
        return value.strip()

    def _number(self, path: tuple, default: float, minimum: float | None = None) -> float:
        parent = self._get(path[:-1])
        if path[-1] not in parent:
            return default
        value = parent[path[-1]]
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise self.doc.error(path, f"must be a number, got {_kind(value)}")
        if minimum is not None and value < minimum:
            raise self.doc.error(path, f"must be at least {minimum}, got {value}")
        return float(value)

    def _integer(self, path: tuple, default: int | None, minimum: int = 1) -> int | None:
        parent = self._get(path[:-1])
        if path[-1] not in parent:
            return default
        value = parent[path[-1]]
        if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
            raise self.doc.error(path, f"must be a whole number ≥ {minimum}, got {value!r}")
        return value

    def _strings(self, path: tuple, default: tuple[str, ...]) -> tuple[str, ...]:
        parent = self._get(path[:-1])
        if path[-1] not in parent:
            return default
        value = parent[path[-1]]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            raise self.doc.error(path, "must be a list of non-empty strings")
        return tuple(v.strip() for v in value)

    # -- terms and patterns -------------------------------------------------
    def _term_value(self, path: tuple, kind: str, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.doc.error(path, f"a {kind} value must be a non-empty string, got {_kind(value)}")
        value = " ".join(value.split())
        if kind == "regex":
            try:
                re.compile(value)
            except re.error as e:
                raise self.doc.error(path, f"invalid regular expression {value!r}: {e}") from e
        elif kind in ("phrase", "lemma") and any(c in value for c in "*?"):
            raise self.doc.error(path, f"{value!r} has a wildcard: use 'glob: {value}' for wildcards")
        elif kind == "glob" and value.replace("*", "").replace("?", "").strip() == "":
            raise self.doc.error(path, f"glob {value!r} matches every word: give some letters")
        return value

    def _terms(self, path: tuple) -> tuple[Term, ...]:
        parent = self._get(path[:-1])
        if path[-1] not in parent:
            return ()
        items = parent[path[-1]]
        if not isinstance(items, list):
            raise self.doc.error(path, f"must be a list of terms, got {_kind(items)}")
        out: list[Term] = []
        for i, item in enumerate(items):
            p = path + (i,)
            if isinstance(item, str):
                out.append(Term("glob", self._term_value(p, "glob", item)))
                continue
            if not isinstance(item, dict):
                raise self.doc.error(p, f"a term is a string (a glob) or {{type: value}}, got {_kind(item)}")
            kinds = [k for k in item if k in PATTERN_TYPES]
            extra = [k for k in item if k not in PATTERN_TYPES and k != "note"]
            if len(kinds) != 1 or extra:
                raise self.doc.error(p, f"a term needs exactly one of {', '.join(PATTERN_TYPES)} (and may have a note)")
            values = item[kinds[0]] if isinstance(item[kinds[0]], list) else [item[kinds[0]]]
            out += [Term(kinds[0], self._term_value(p + (kinds[0],), kinds[0], v)) for v in values]
        return tuple(out)

    def _patterns(self, path: tuple) -> tuple[Pattern, ...]:
        items = self._get(path)
        if not isinstance(items, list) or not items:
            raise self.doc.error(path, "must be a non-empty list of patterns")
        out: list[Pattern] = []
        for i, item in enumerate(items):
            p = path + (i,)
            if isinstance(item, str):
                out.append(Pattern("glob", self._term_value(p, "glob", item)))
                continue
            if not isinstance(item, dict):
                raise self.doc.error(p, f"a pattern is a string (a glob) or a mapping, got {_kind(item)}")
            self._mapping(p, _PATTERN_KEYS)
            kinds = [k for k in item if k in PATTERN_TYPES]
            if len(kinds) != 1:
                raise self.doc.error(p, f"a pattern needs exactly one of {', '.join(PATTERN_TYPES)}, got {kinds or 'none'}")
            kind = kinds[0]
            raw = item[kind]
            values = raw if isinstance(raw, list) else [raw]
            if not values:
                raise self.doc.error(p + (kind,), "must not be an empty list")
            settings = dict(
                weight=self._number(p + ("weight",), 1.0),
                id=self._string(p + ("id",), "") or None,
                requires=self._terms(p + ("requires",)),
                also_requires=self._terms(p + ("also_requires",)),
                unless=self._terms(p + ("unless",)),
                window=self._integer(p + ("window",), None, minimum=0),
                note=self._string(p + ("note",), ""),
            )
            if settings["also_requires"] and not settings["requires"]:
                raise self.doc.error(p + ("also_requires",), "needs a 'requires' list beside it")
            for j, v in enumerate(values):
                vp = p + (kind, j) if isinstance(raw, list) else p + (kind,)
                out.append(Pattern(kind, self._term_value(vp, kind, v), **settings))
        return tuple(out)

    # -- structure ----------------------------------------------------------
    def _scope(self) -> Scope:
        top = self.doc.data
        if "scope" not in top:
            return DEFAULT_SCOPE
        path = ("scope",)
        self._mapping(path, _SCOPE_KEYS)
        d = DEFAULT_SCOPE
        return Scope(
            negation=self._strings(path + ("negation",), d.negation),
            pseudo_negation=self._strings(path + ("pseudo_negation",), d.pseudo_negation),
            hedging=self._strings(path + ("hedging",), d.hedging),
            boundaries=self._strings(path + ("boundaries",), d.boundaries),
            window=self._integer(path + ("window",), d.window),
            after_window=self._integer(path + ("after_window",), d.after_window, minimum=0),
        )

    def _subframe(self, path: tuple, name: str) -> Subframe:
        if not isinstance(name, str) or not _SUBFRAME_NAME.match(name):
            raise self.doc.error(path, f"sub-frame name {name!r} must be letters, digits, _ . - or spaces")
        self._mapping(path, _SUBFRAME_KEYS)
        if "patterns" not in self._get(path):
            raise self.doc.error(path + ("patterns",), "is required: a sub-frame needs patterns")
        return Subframe(
            name=name,
            description=self._string(path + ("description",), ""),
            patterns=self._patterns(path + ("patterns",)),
            exclusions=self._terms(path + ("exclusions",)),
        )

    def _frame(self, path: tuple, name: str, default_threshold: float) -> Frame:
        if not isinstance(name, str) or not _FRAME_NAME.match(name):
            raise self.doc.error(path, f"frame name {name!r} must be letters, digits, _, - or spaces")
        data = self._mapping(path, _FRAME_KEYS)
        subs = data.get("subframes")
        if not isinstance(subs, dict) or not subs:
            raise self.doc.error(path + ("subframes",), "is required: a mapping of sub-frame name → patterns")
        return Frame(
            name=name,
            description=self._string(path + ("description",), ""),
            threshold=self._number(path + ("threshold",), default_threshold, minimum=0.0),
            subframes=tuple(self._subframe(path + ("subframes", s), s) for s in subs),
            exclusions=self._terms(path + ("exclusions",)),
        )

    def codebook(self) -> Codebook:
        if not isinstance(self.doc.data, dict):
            raise self.doc.error((), f"a codebook is a mapping with codebook, version and frames; got {_kind(self.doc.data)}")
        top = self._mapping((), _TOP_KEYS)
        frames = top.get("frames")
        if not isinstance(frames, dict) or not frames:
            raise self.doc.error(("frames",), "is required: a mapping of frame name → sub-frames")
        return Codebook(
            name=self._string(("codebook",), pattern=_NAME),
            version=self._string(("version",), pattern=re.compile(r"^[0-9][0-9.]*$")),
            title=self._string(("title",), ""),
            description=self._string(("description",), ""),
            language=self._string(("language",), "en"),
            frames=tuple(self._frame(("frames", f), f, 1.0) for f in frames),
            exclusions=self._terms(("exclusions",)),
            scope=self._scope(),
            path=None if self.doc.source.startswith("<") else self.doc.source,
        )


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return f"{type(value).__name__} {value!r}"
