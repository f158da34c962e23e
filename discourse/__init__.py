"""discourse: policy discourse analysis.

PDFs of speeches, plans, budgets and consultation responses go in; sentences
tagged for the localism, enabling and ensuring frames, classified as rhetoric,
pledge or resourced commitment, topics over time and the resourcing gap come
out, every figure traceable to its sentence, page and file.

The public API is small and imported lazily, so ``import discourse`` stays
cheap (no spaCy, no BERTopic until a stage needs them)::

    import discourse
    store = discourse.open_store("out/demo/discourse.duckdb")
    store.sentences(with_docvars=True)
"""

from __future__ import annotations

import logging

from discourse._lazy import lazy_getattr
from discourse._versions import __version__
from discourse.errors import DiscourseError

logging.getLogger(__name__).addHandler(logging.NullHandler())

# name -> module that defines it; resolved on first use.
_LAZY = {
    "open_store": "discourse.store",
    "CorpusStore": "discourse.store",
    "extract": "discourse.extract",
    "segment": "discourse.segment",
    "tag": "discourse.tag",
    "codebooks": "discourse.codebooks",
    "model": "discourse.model",
    "measure": "discourse.measure",
    "report": "discourse.report",
    "store": "discourse.store",
    "run": "discourse.pipeline",
}

__all__ = ["__version__", "DiscourseError", *_LAZY]


__getattr__ = lazy_getattr(__name__, _LAZY, submodules=True)


def __dir__() -> list[str]:
    return sorted(__all__)
