"""Stage 2b: tag sentences with spaCy components.

``make_tagger()`` builds ``spacy.blank("en")`` + the lookup lemmatizer + the
``discourse_frames`` component; :func:`tag_store` and :func:`tag_table` run
it over a corpus store or a table of sentences.
"""

from __future__ import annotations

from discourse.tag.pipeline import OUTPUTS, label_readers, make_tagger, run_config

__all__ = ["make_tagger", "OUTPUTS", "label_readers", "run_config"]
