"""Versioned codebooks: frames → sub-frames → patterns, loaded into a frozen, validated :class:`Codebook`.

Shipped codebooks live beside this module as ``<name>.v<version>.yml``; the
default is ``big-society.v5`` (``big-society.v1`` to ``.v4`` stay shipped, so earlier runs can be
reproduced). quanteda YAML dictionaries import and export
through :func:`from_quanteda` / :func:`to_quanteda`.
"""

from __future__ import annotations

from discourse.codebooks.loader import (
    DEFAULT_CODEBOOK,
    DEFAULT_SCOPE,
    codebook_path,
    dump_codebook,
    list_codebooks,
    load_codebook,
    parse_codebook,
)
from discourse.codebooks.quanteda import from_quanteda, read_quanteda, to_quanteda, write_quanteda
from discourse.codebooks.schema import PATTERN_TYPES, Codebook, Frame, Pattern, Scope, Subframe, Term

__all__ = [
    "DEFAULT_CODEBOOK",
    "DEFAULT_SCOPE",
    "PATTERN_TYPES",
    "Codebook",
    "Frame",
    "Subframe",
    "Pattern",
    "Term",
    "Scope",
    "load_codebook",
    "parse_codebook",
    "dump_codebook",
    "list_codebooks",
    "codebook_path",
    "from_quanteda",
    "to_quanteda",
    "read_quanteda",
    "write_quanteda",
]
