"""Import and export quanteda's YAML dictionary format.

quanteda dictionaries (``quanteda::dictionary(file = "dict.yml")``) are nested
YAML mappings whose leaves are lists of glob patterns; a value with spaces is a
multi-word pattern::

    localism:
      devolution:
        - devolv*
        - local government
    enabling:
      - volunteer*

Top-level keys become frames. Nested keys become sub-frames, deeper levels
joined with ``.`` (``devolution.deals``); a list directly under a frame becomes
a sub-frame named like the frame. Export reverses this, so a quanteda
dictionary survives the round trip unchanged. What quanteda cannot express
(weights, thresholds, context rules, exclusions, regexes) is dropped on export
and reported.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml

from discourse.codebooks._yaml import Located, load_located
from discourse.codebooks.lemmas import inflections
from discourse.codebooks.loader import _FRAME_NAME, _NAME, _SUBFRAME_NAME, load_codebook
from discourse.codebooks.schema import Codebook, Frame, Pattern, Subframe
from discourse.errors import CodebookError

__all__ = ["from_quanteda", "to_quanteda", "read_quanteda", "write_quanteda"]


def from_quanteda(text: str, *, name: str, version: str = "1", source: str = "<string>",
                  title: str = "") -> Codebook:
    """Build a codebook from quanteda YAML dictionary text.

    Parameters
    ----------
    text : str
        The YAML dictionary.
    name, version : str
        The codebook's name and version.
    source : str
        The file name used in error messages.
    title : str
        An optional title.

    Returns
    -------
    Codebook
        Every value becomes a ``glob`` pattern of weight 1; frames get
        threshold 1 (one match makes the frame present, as in
        ``tokens_lookup``).

    Raises
    ------
    CodebookError
        Naming file, line and key when the YAML is not a dictionary.

    Examples
    --------
    >>> cb = from_quanteda("localism:\\n  devolution: [devolv*, local government]\\n", name="mine")
    >>> cb.frame("localism").subframes[0].patterns[1].value
    'local government'
    """
    if not _NAME.match(name):
        raise CodebookError(f"codebook name {name!r} must be lower-case letters, digits, - or _")
    doc = load_located(text, source)
    if not isinstance(doc.data, dict) or not doc.data:
        raise doc.error((), "a quanteda dictionary is a non-empty mapping of keys to lists of patterns")
    frames = []
    for key, value in doc.data.items():
        path = (key,)
        if not isinstance(key, str) or not _FRAME_NAME.match(key):
            raise doc.error(path, f"dictionary key {key!r} must be letters, digits, _, - or spaces")
        subs: list[Subframe] = []
        _collect(doc, value, path, key, (), subs)
        frames.append(Frame(name=key, subframes=tuple(subs)))
    return Codebook(name=name, version=str(version), title=title, frames=tuple(frames),
                    path=None if source.startswith("<") else source)


def _collect(doc: Located, value: Any, path: tuple, frame: str, keys: tuple[str, ...],
             out: list[Subframe]) -> None:
    if isinstance(value, str):
        value = [value]
    if isinstance(value, list):
        patterns = []
        for i, v in enumerate(value):
            if not isinstance(v, (str, int, float)) or isinstance(v, bool) or not str(v).strip():
                raise doc.error(path + (i,), f"dictionary values must be strings, got {v!r}")
            patterns.append(Pattern("glob", " ".join(str(v).split())))
        if not patterns:
            raise doc.error(path, "an empty list of values")
        out.append(Subframe(name=".".join(keys) if keys else frame, patterns=tuple(patterns)))
        return
    if isinstance(value, dict) and value:
        for k, v in value.items():
            if not isinstance(k, str) or "." in k or not _SUBFRAME_NAME.match(k):
                raise doc.error(path + (k,), f"dictionary key {k!r} must be letters, digits, _, - or spaces")
            _collect(doc, v, path + (k,), frame, keys + (k,), out)
        return
    raise doc.error(path, f"expected a list of patterns or nested keys, got {value!r}")


def _quanteda_values(p: Pattern, lang: str) -> list[str]:
    if p.type in ("glob", "phrase"):
        return [p.value]
    if p.type == "lemma":
        words = p.value.split()
        if len(words) == 1:
            return sorted(inflections(words[0], lang))
        return [" ".join(words[:-1] + [w]) for w in sorted(inflections(words[-1], lang))]
    return []


def to_quanteda(codebook: Codebook) -> tuple[str, list[str]]:
    """Render a codebook as quanteda YAML dictionary text.

    Lemma patterns are written as their inflected forms (for a multi-word
    lemma, the last word is inflected). Regex patterns, weights, thresholds,
    context rules and exclusions have no quanteda form: they are dropped and
    listed in the returned notes.

    Returns
    -------
    (str, list of str)
        The YAML text and the notes on what was dropped.
    """
    notes: list[str] = []
    data: dict[str, Any] = {}
    for f in codebook.frames:
        if f.exclusions or any(s.exclusions for s in f.subframes):
            notes.append(f"{f.name}: exclusions dropped")
        if f.threshold != 1.0:
            notes.append(f"{f.name}: threshold {f.threshold} dropped (quanteda counts any match)")
        node: dict[str, Any] = {}
        direct: list[str] | None = None
        for s in f.subframes:
            values: list[str] = []
            for p in s.patterns:
                if p.type == "regex":
                    notes.append(f"{f.name}/{s.name}: regex {p.value!r} dropped")
                if p.weight != 1.0 or p.requires or p.also_requires or p.unless:
                    notes.append(f"{f.name}/{s.name}: weight/context rules of {p.key!r} dropped")
                values += [v for v in _quanteda_values(p, codebook.language) if v not in values]
            if s.name == f.name and len(f.subframes) == 1:
                direct = values
                continue
            _nest(node, s.name.split("."), values)
        data[f.name] = direct if direct is not None else node
    if codebook.exclusions:
        notes.append("codebook-wide exclusions dropped")
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, default_flow_style=False)
    return text, notes


def _nest(node: dict, keys: list[str], values: list[str]) -> None:
    for k in keys[:-1]:
        node = node.setdefault(k, {})
        if not isinstance(node, dict):
            raise CodebookError(f"sub-frame {'.'.join(keys)!r} nests under a key that already holds values")
    node[keys[-1]] = values


def read_quanteda(path: str | os.PathLike, *, name: str | None = None, version: str = "1") -> Codebook:
    """Read a quanteda YAML dictionary file as a codebook (name defaults to the file stem)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise CodebookError(f"Cannot read dictionary {path}: {e}") from e
    stem = name or path.stem.lower().replace(" ", "-")
    return from_quanteda(text, name=stem, version=version, source=str(path))


def write_quanteda(codebook: str | Codebook, out: str | os.PathLike) -> list[str]:
    """Write a codebook as a quanteda YAML dictionary; returns the notes on what was dropped."""
    text, notes = to_quanteda(load_codebook(codebook))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, encoding="utf-8")
    return notes
