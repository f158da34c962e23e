"""Stage 2b: tag sentences with spaCy components.

``make_tagger()`` builds ``spacy.blank("en")`` + the lookup lemmatizer + the
``discourse_frames`` component; :func:`tag_store` and :func:`tag_table` run
it over a corpus store or a table of sentences.
"""

from __future__ import annotations

from discourse.tag.pipeline import OUTPUTS, label_readers, make_tagger, run_config
from discourse.tag.tagging import current_tag_run, tag_runs, tag_store, tag_table

__all__ = ["make_tagger", "tag_store", "tag_table", "tag_runs", "current_tag_run", "OUTPUTS", "label_readers",
           "run_config"]
