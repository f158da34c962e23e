"""Shared fixtures.

Tests that need the real documents in ``../shared/corpora`` find them through
one configurable path: the environment variable ``DISCOURSE_SHARED_CORPORA``,
else ``../shared/corpora`` beside the project root. Where the folder is absent,
those tests skip with a clear reason, so the suite passes on a fresh machine.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DEMO_DIR = PROJECT_ROOT / "corpora" / "demo"
DATA_DIR = Path(__file__).resolve().parent / "data"


def shared_corpora_path() -> Path:
    """Where the shared corpora are expected (may not exist)."""
    env = os.environ.get("DISCOURSE_SHARED_CORPORA")
    return Path(env) if env else PROJECT_ROOT.parent / "shared" / "corpora"


@pytest.fixture(scope="session")
def shared_corpora() -> Path:
    """Root of the shared corpora; skips the test when it is absent."""
    root = shared_corpora_path()
    if not root.is_dir():
        pytest.skip(
            f"shared corpora not found at {root}: set DISCOURSE_SHARED_CORPORA to the folder "
            "holding pdf/, text/ and gold/ to run this test"
        )
    return root


@pytest.fixture(scope="session")
def demo_dir() -> Path:
    """The project's own demo corpus."""
    return DEMO_DIR


@pytest.fixture
def store(tmp_path):
    """A fresh, empty corpus store in a temporary folder."""
    from discourse.store import open_store

    s = open_store(tmp_path / "test.duckdb")
    yield s
    s.close()
