"""Stage 3: topic models and learnable classifiers (scikit-learn estimator contract)."""
