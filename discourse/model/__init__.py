"""Stage 3: models fitted on the store's units (topics over time with BERTopic, learnable classifiers).

The classifiers (scikit-learn estimator contract) are imported here; the topic
submodules are imported on use so that ``import discourse.model`` stays cheap:
:mod:`discourse.model.topics` (the BERTopic adapter), :mod:`discourse.model.topics_store`
(the ``fit_topics`` stage function), :mod:`discourse.model.embeddings`,
:mod:`discourse.model.units`, :mod:`discourse.model.topic_tables`,
:mod:`discourse.model.quality` and :mod:`discourse.model.guided`.
"""

from __future__ import annotations

from discourse.model.commitment_clf import CommitmentClassifier
from discourse.model.frames_clf import CodebookFeatures, FramesClassifier, load_frames_model, train_frames

__all__ = ["FramesClassifier", "CodebookFeatures", "train_frames", "load_frames_model", "CommitmentClassifier"]
