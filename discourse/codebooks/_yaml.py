"""YAML reading that remembers where every value came from.

Codebook errors must name the file, the line and the key. PyYAML's composer
keeps a mark (line, column) on every node; :func:`load_located` builds plain
Python values from the node tree and records the line of each value under its
key path, so validation can say ``big-society.v1.yml, line 42, key
frames.localism.subframes.devolution.patterns[3].weight``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

import yaml

from discourse.errors import CodebookError

__all__ = ["Located", "load_located", "format_path"]

Path = tuple[Any, ...]


def format_path(path: Path) -> str:
    """Render a key path as ``a.b[3].c``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top level)"


@dataclass(frozen=True)
class Located:
    """Plain data read from YAML, with the line of every key path.

    Attributes
    ----------
    data : Any
        The document as dicts, lists and scalars.
    source : str
        The file name (or ``<string>``) used in messages.
    lines : Mapping[tuple, int]
        1-based line of the value at each key path.
    """

    data: Any
    source: str
    lines: Mapping[Path, int] = field(default_factory=dict)

    def line(self, path: Path) -> int | None:
        """Line of ``path``, else of its nearest ancestor that has one."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())

    def where(self, path: Path) -> str:
        """``file, line N, key a.b[0]`` for messages."""
        line = self.line(path)
        at = f", line {line}" if line is not None else ""
        return f"{self.source}{at}, key {format_path(tuple(path))}"

    def error(self, path: Path, message: str) -> CodebookError:
        """Build a :class:`CodebookError` located at ``path``."""
        return CodebookError(f"{self.where(path)}: {message}")


def load_located(text: str, source: str = "<string>") -> Located:
    """Parse YAML text into plain data and a key-path → line map.

    Raises
    ------
    CodebookError
        On a YAML syntax error, a duplicate key or a non-scalar key, naming
        the file and line.
    """
    try:
        node = yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(e, "problem", None) or str(e)
        raise CodebookError(f"{source}{line}: not valid YAML: {problem}") from e
    lines: dict[Path, int] = {}
    if node is None:
        return Located(None, source, lines)
    data = _build(node, (), lines, source, yaml.SafeLoader(""))
    return Located(data, source, lines)


def _build(node: yaml.Node, path: Path, lines: dict, source: str, loader: yaml.SafeLoader) -> Any:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise CodebookError(
                    f"{source}, line {key_node.start_mark.line + 1}, key {format_path(path)}: "
                    "keys must be plain strings"
                )
            key = loader.construct_object(key_node)
            if key in out:
                raise CodebookError(
                    f"{source}, line {key_node.start_mark.line + 1}, key {format_path(path + (key,))}: "
                    f"duplicate key {key!r} (the first is on line {lines[path + (key,)]})"
                )
            lines[path + (key,)] = key_node.start_mark.line + 1
            out[key] = _build(value_node, path + (key,), lines, source, loader)
            lines[path + (key,)] = key_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_build(v, path + (i,), lines, source, loader) for i, v in enumerate(node.value)]
    try:
        return loader.construct_object(node)
    except yaml.YAMLError as e:
        raise CodebookError(f"{source}, line {node.start_mark.line + 1}: {e}") from e
