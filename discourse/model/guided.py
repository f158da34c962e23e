"""Seed terms for guided topics, from a file or from a codebook's frames.

BERTopic's guided mode takes ``seed_topic_list``: one list of seed terms per
topic to converge around. Seed lists come from

- a YAML or JSON file: a mapping ``name: [term, ...]`` (quanteda's dictionary
  layout, one level) or a plain list of term lists; or
- a codebook (``discourse.codebooks``): one seed topic per sub-frame (or per
  frame when it has no sub-frames), made of its phrase and lemma patterns;
  glob and regex patterns are not terms and are left out.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Iterable

from discourse.codebooks.loader import DEFAULT_CODEBOOK
from discourse.errors import CodebookError, UsageError

__all__ = ["seed_topics_from_file", "seed_topics_from_codebook", "codebook_seed_topics"]

_TERM_TYPES = {"phrase", "lemma", "term", "word", None}


def _clean(terms: Iterable[Any]) -> list[str]:
    out = [" ".join(str(t).lower().split()) for t in terms if t is not None and str(t).strip()]
    return list(dict.fromkeys(out))


def seed_topics_from_file(path: str | Path) -> list[list[str]]:
    """Read seed topics from a YAML or JSON file.

    Parameters
    ----------
    path : path
        A mapping of topic name to a list of terms, or a list of term lists.

    Returns
    -------
    list of list of str
        Lower-cased, de-duplicated seed terms per topic, in file order.

    Raises
    ------
    UsageError
        The file is missing, unreadable, or not one of the two layouts.
    """
    import yaml

    path = Path(path)
    if not path.is_file():
        raise UsageError(f"No seed-topics file at {path}.")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        raise UsageError(f"Cannot read seed topics from {path}: {e}") from e
    lists = list(data.values()) if isinstance(data, dict) else data
    if not isinstance(lists, list) or not lists or not all(isinstance(x, list) for x in lists):
        raise UsageError(
            f"Seed topics in {path} must be a mapping of name to a list of terms, or a list of term lists; "
            f"got {type(data).__name__}."
        )
    topics = [_clean(x) for x in lists]
    if not all(topics):
        raise UsageError(f"Every seed topic in {path} needs at least one term.")
    return topics


def _get(obj: Any, *names: str) -> Any:
    for name in names:
        if isinstance(obj, dict) and name in obj:
            return obj[name]
        if hasattr(obj, name):
            return getattr(obj, name)
    return None


def _items(container: Any) -> list[Any]:
    if container is None:
        return []
    if isinstance(container, dict):
        return list(container.values())
    return list(container)


def _pattern_terms(patterns: Any) -> list[str]:
    terms = []
    for p in _items(patterns):
        if isinstance(p, str):
            terms.append(p)
            continue
        kind = _get(p, "type", "kind", "value_type")
        value = _get(p, "value", "pattern", "text")
        if kind in _TERM_TYPES and isinstance(value, str):
            terms.append(value)
    return terms


def seed_topics_from_codebook(codebook: Any) -> list[list[str]]:
    """One seed topic per sub-frame (or frame) of a codebook, from its phrase and lemma patterns.

    Reads ``codebook.frames`` (a mapping or list); each frame's ``subframes`` and
    each level's ``patterns`` (strings, or objects/dicts with ``type`` and ``value``).

    Raises
    ------
    CodebookError
        The codebook has no frames with phrase or lemma patterns.
    """
    topics = []
    for frame in _items(_get(codebook, "frames")):
        subs = _items(_get(frame, "subframes", "sub_frames", "children"))
        levels = subs or [frame]
        for level in levels:
            terms = _clean(_pattern_terms(_get(level, "patterns", "terms")))
            if terms:
                topics.append(terms)
    if not topics:
        raise CodebookError(
            "The codebook has no frames with phrase or lemma patterns to seed topics with; "
            "pass --seed-topics FILE instead."
        )
    return topics


def codebook_seed_topics(name: str = DEFAULT_CODEBOOK) -> list[list[str]]:
    """Seed topics from a named codebook (``discourse.codebooks.load_codebook``).

    Raises
    ------
    UsageError
        This install has no codebook loader.
    """
    try:
        from discourse.codebooks import load_codebook
    except ImportError as e:
        raise UsageError(
            "--guided builds seed topics from the codebook, but discourse.codebooks is not available in this "
            "install; pass --seed-topics FILE (a YAML mapping of topic name to seed terms) instead."
        ) from e
    return seed_topics_from_codebook(load_codebook(name))
