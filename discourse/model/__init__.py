"""Stage 3: learnable classifiers (scikit-learn estimator contract) and topic models."""

from __future__ import annotations

from discourse.model.commitment_clf import CommitmentClassifier
from discourse.model.frames_clf import CodebookFeatures, FramesClassifier, load_frames_model, train_frames

__all__ = ["FramesClassifier", "CodebookFeatures", "train_frames", "load_frames_model", "CommitmentClassifier"]
