"""Stage 4: pure functions from tagged sentences to tidy DataFrames (shares, keyness, ...)."""

from __future__ import annotations

from discourse.measure.keyness import keyness, keyness_by_group
from discourse.measure.shares import frame_shares, with_period

__all__ = ["frame_shares", "with_period", "keyness", "keyness_by_group"]
