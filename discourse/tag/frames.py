"""The ``discourse_frames`` spaCy component: codebook frames on every sentence.

Writes matched spans to ``doc.spans["frames"]`` (label = frame, ``kb_id_`` =
sub-frame, ``id_`` = pattern id; ``span._.negated``, ``span._.hedged``) and
the sentence-level decision per frame to ``doc._.frames`` (read-only)::

    {"localism": {"present": True, "score": 2.0, "negated": False, "hedged": False,
                  "subframe": "devolution", "terms": ["devolve", "councils"],
                  "subframes": {"devolution": 2.0}},
     "enabling": {...}, "ensuring": {...}}

The unit is the Doc: the store tags one sentence per Doc. With a trained
frames model (``model=PATH``, see :mod:`discourse.model.frames_clf`), the
model decides presence and its probability is the score; the codebook still
supplies the spans, sub-frames and terms as evidence.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Iterable, Iterator

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

from discourse.codebooks import DEFAULT_CODEBOOK, Codebook, dump_codebook, load_codebook, parse_codebook
from discourse.tag.compile import CompiledCodebook, FrameDecision, Match
from discourse.tag.extensions import FRAMES_KEY, register_extensions
from discourse.tag.model_io import load_model, model_identity

__all__ = ["FrameTagger", "frame_rows", "frame_columns", "frame_labels", "frames_config"]


class FrameTagger:
    """Tag frames from a codebook (and optionally a trained model).

    Parameters
    ----------
    nlp : Language
        The pipeline.
    name : str
        The component's name.
    codebook : str or Codebook
        A versioned name, a path, or a loaded codebook.
    model : str, optional
        Path to a frames model saved by ``discourse train-frames``.
    spans_key : str
        The ``doc.spans`` key for matched spans.

    Examples
    --------
    >>> import spacy
    >>> nlp = spacy.blank("en")
    >>> _ = nlp.add_pipe("discourse_frames")
    >>> doc = nlp("We will not devolve powers to councils.")
    >>> doc._.frames["localism"]["present"], doc._.frames["localism"]["negated"]
    (True, True)
    """

    def __init__(self, nlp: Language, name: str = "discourse_frames", *,
                 codebook: str | Codebook = DEFAULT_CODEBOOK, model: str | None = None,
                 spans_key: str = "frames"):
        register_extensions()
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.model_path = str(model) if model else None
        self.use_codebook(load_codebook(codebook))
        self.model = self._load_model(self.model_path) if self.model_path else None

    # -- configuration -------------------------------------------------------
    def use_codebook(self, codebook: Codebook) -> None:
        """Switch to another codebook (its matcher is compiled when first needed)."""
        self.codebook = codebook
        self._compiled: CompiledCodebook | None = None

    @property
    def compiled(self) -> CompiledCodebook:
        """The codebook compiled for this pipeline's vocabulary.

        Compiled on first use, so a process that only reads the component's
        configuration (the Dask driver, which leaves tagging to its workers)
        never pays for it.
        """
        if self._compiled is None:
            self._compiled = CompiledCodebook(self.codebook, self.nlp)
        return self._compiled

    @staticmethod
    def _load_model(path: str):
        return load_model(path, kind="frames")

    @property
    def frame_names(self) -> tuple[str, ...]:
        return self.codebook.frame_names

    # -- tagging -------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        if self.model is None:
            return self._rules_only(doc)
        matches, decisions = self.compiled.analyse(doc)
        self._apply_model([doc], [decisions])
        self._annotate(doc, matches, decisions)
        return doc

    def _rules_only(self, doc: Doc) -> Doc:
        matches = self.compiled.matches(doc)
        if not matches:  # the common case: store the frame names only (see extensions.frames_getter)
            doc.spans[self.spans_key] = []
            doc.user_data[FRAMES_KEY] = self.compiled.frame_names  # built once (self.frame_names builds it anew)
            return doc
        self._annotate(doc, matches, self.compiled.decide(matches))
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        """Tag a stream of Docs; with a model, predictions are made per batch."""
        if self.model is None:
            for doc in stream:
                yield self._rules_only(doc)
            return
        for batch in minibatch(stream, size=batch_size):
            results = [self.compiled.analyse(doc) for doc in batch]
            self._apply_model(batch, [d for _, d in results])
            for doc, (matches, decisions) in zip(batch, results):
                self._annotate(doc, matches, decisions)
                yield doc

    def _apply_model(self, docs: list[Doc], decisions: list[dict[str, FrameDecision]]) -> None:
        proba = self.model.predict_proba_frames([d.text for d in docs])
        thresholds = self.model.thresholds_
        for frame in proba.columns:
            if frame not in self.frame_names:
                continue
            for i, p in enumerate(proba[frame].tolist()):
                d = decisions[i][frame]
                d.score = round(float(p), 6)
                d.present = p >= thresholds.get(frame, 0.5)

    def _annotate(self, doc: Doc, matches: list[Match], decisions: dict[str, FrameDecision]) -> None:
        spans = []
        for m in matches:
            span = Span(doc, m.start, m.end, label=m.frame, kb_id=m.subframe, span_id=m.pattern.key)
            if m.scope.negated:
                span._.negated = True
            if m.scope.hedged:
                span._.hedged = True
            spans.append(span)
        doc.spans[self.spans_key] = spans
        doc.user_data[FRAMES_KEY] = {name: d.to_dict() for name, d in decisions.items()}

    # -- spaCy plumbing ------------------------------------------------------
    def initialize(self, get_examples=None, *, nlp: Language | None = None) -> None:
        """Nothing to learn: the codebook is compiled when the first Doc is tagged."""

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        """Save the codebook (canonical YAML) and the model file, if any."""
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        (path / "codebook.yml").write_text(dump_codebook(self.codebook), encoding="utf-8")
        cfg: dict[str, Any] = {"spans_key": self.spans_key, "model": None}
        if self.model_path:
            shutil.copyfile(self.model_path, path / "frames-model.pkl")
            cfg["model"] = "frames-model.pkl"
        srsly.write_json(path / "cfg.json", cfg)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "FrameTagger":
        path = Path(path)
        cfg = srsly.read_json(path / "cfg.json")
        cb_path = path / "codebook.yml"
        self.use_codebook(parse_codebook(cb_path.read_text(encoding="utf-8"), source=str(cb_path)))
        self.spans_key = cfg["spans_key"]
        self.model_path = str(path / cfg["model"]) if cfg.get("model") else None
        self.model = self._load_model(self.model_path) if self.model_path else None
        return self


# -- how frames leave a tagged Doc (store rows, table columns, gold labels) -----
def frame_rows(doc: Doc) -> list[dict[str, Any]]:
    """One ``frames`` table row per present frame (without run/document keys)."""
    stored = doc.user_data.get(FRAMES_KEY)
    if not isinstance(stored, dict):  # no match (or not tagged): no rows
        return []
    out = []
    for frame, d in stored.items():
        if d["present"]:
            out.append({"frame": frame, "subframe": d["subframe"], "terms": list(d["terms"]),
                        "negated": bool(d["negated"]), "score": float(d["score"])})
    return out


def frame_columns(doc: Doc) -> dict[str, Any]:
    """0/1 per frame and ``frame_terms`` ("localism: devolve; enabling: volunteers")."""
    stored = doc.user_data.get(FRAMES_KEY)
    if isinstance(stored, tuple):
        return {**{frame: 0 for frame in stored}, "frame_terms": ""}
    frames = stored or {}
    out: dict[str, Any] = {frame: int(d["present"]) for frame, d in frames.items()}
    out["frame_terms"] = "; ".join(
        f"{frame}: {', '.join(d['terms'])}" for frame, d in frames.items() if d["present"] and d["terms"]
    )
    return out


def frame_labels(component: FrameTagger) -> dict[str, Any]:
    """Gold label column -> function reading the 0/1 prediction from a tagged Doc."""

    def reader(frame: str):
        return lambda doc: int(doc._.frames[frame]["present"])

    return {frame: reader(frame) for frame in component.frame_names}


def frames_config(component: FrameTagger) -> dict[str, Any]:
    """The ``tag_runs`` columns this component determines."""
    return {
        "codebook": component.codebook.name,
        "codebook_version": component.codebook.version,
        "codebook_sha256": component.codebook.sha256,
        "frames_model": model_identity(component.model_path) if component.model_path else None,
    }
