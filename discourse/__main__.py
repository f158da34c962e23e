"""``python -m discourse`` runs the command-line interface."""

from discourse.cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
