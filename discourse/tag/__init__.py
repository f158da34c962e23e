"""Stage 2b: tag sentences with spaCy components.

``make_tagger()`` builds ``spacy.blank("en")`` + the lookup lemmatizer + the
``discourse_frames`` and ``discourse_commitment`` components; :func:`tag_store`
and :func:`tag_table` run it over a corpus store or a table of sentences.
Names are imported on first use, so asking for the current tag run does not
load spaCy.
"""

from __future__ import annotations

from discourse._lazy import lazy_getattr

_LAZY = {
    "make_tagger": "discourse.tag.pipeline",
    "OUTPUTS": "discourse.tag.pipeline",
    "label_readers": "discourse.tag.pipeline",
    "run_config": "discourse.tag.pipeline",
    "tag_store": "discourse.tag.tagging",
    "tag_table": "discourse.tag.tagging",
    "kwic": "discourse.tag.kwic",
    "compare_codebooks": "discourse.tag.compare",
    "tag_runs": "discourse.tag.runs",
    "current_tag_run": "discourse.tag.runs",
}

__all__ = list(_LAZY)


__getattr__ = lazy_getattr(__name__, _LAZY)
