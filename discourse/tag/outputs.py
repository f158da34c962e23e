"""How each tagging component's results leave a tagged Doc.

A :class:`ComponentOutput` says, for one component (by factory name): which
store table its rows go to and how to build them, which columns it adds to a
tagged table, which gold label columns it can be evaluated on, and which
``tag_runs`` columns identify its configuration. ``tag_store``, ``tag_table``
and ``evaluate`` loop over the outputs of the components in the pipeline, so
adding a component (commitment) is one more entry in
:data:`discourse.tag.pipeline.OUTPUTS`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["ComponentOutput", "find_pipe"]


@dataclass(frozen=True)
class ComponentOutput:
    """The outputs of one pipeline component.

    Attributes
    ----------
    factory : str
        The spaCy factory name (``discourse_frames``).
    table : str
        Store table for its rows; every row also gets ``tag_run_id, doc_id, sentence_id``.
    rows : callable
        ``Doc -> list of dict``: the rows of one tagged sentence (may be empty).
    columns : callable
        ``Doc -> dict``: columns added by ``tag_table`` for one sentence.
    labels : callable
        ``component -> {gold column: Doc -> predicted value}``.
    config : callable
        ``component -> {tag_runs column: value}``: what identifies its configuration.
    """

    factory: str
    table: str
    rows: Callable[[Doc], list[dict[str, Any]]]
    columns: Callable[[Doc], dict[str, Any]]
    labels: Callable[[Any], Mapping[str, Callable[[Doc], Any]]]
    config: Callable[[Any], dict[str, Any]]


def find_pipe(nlp: Language, factory: str) -> Any | None:
    """The first component in ``nlp`` built by ``factory``, or None."""
    for name in nlp.pipe_names:
        if nlp.get_pipe_meta(name).factory == factory:
            return nlp.get_pipe(name)
    return None
