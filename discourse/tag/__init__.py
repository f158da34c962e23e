"""Stage 2b: spaCy components that tag sentences (frames, commitment evidence and labels)."""
