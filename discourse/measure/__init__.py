"""Stage 4: pure functions from tagged sentences to tables (shares, resourcing index, agreement)."""
