"""Learnable parts (scikit-learn estimators): the supervised frames classifier."""

from __future__ import annotations

from discourse.model.frames_clf import CodebookFeatures, FramesClassifier, load_frames_model, train_frames

__all__ = ["FramesClassifier", "CodebookFeatures", "train_frames", "load_frames_model"]
