"""Commitment commands: train-commitment."""

from __future__ import annotations

import click

from discourse.cli._common import echo_json, json_option, main


@main.command("train-commitment")
@click.argument("labels", type=click.Path(dir_okay=False, path_type=str))
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False, path_type=str),
              help="Where to save the model, e.g. models/commitment.joblib.")
@click.option("--text-column", default="text", show_default=True, help="Column holding the sentences.")
@click.option("--label-column", default="commitment", show_default=True,
              help="Column holding the hand-coded labels (resourced, pledge, rhetoric, other).")
@click.option("--cv", type=click.IntRange(min=0), default=0, show_default=True,
              help="Also report N-fold cross-validated F1 before fitting on all rows (0: skip).")
@click.option("--text-features/--no-text-features", default=True, show_default=True,
              help="Use word n-grams besides the rule evidence.")
@click.option("--min-df", type=click.IntRange(min=1), default=2, show_default=True,
              help="Minimum number of sentences an n-gram must occur in.")
@click.option("--author-alias", "author_aliases", multiple=True,
              help="A name the documents' author uses for itself (repeatable), e.g. --author-alias KCC.")
@json_option
def train_commitment_cmd(labels: str, out: str, text_column: str, label_column: str, cv: int,
                         text_features: bool, min_df: int, author_aliases: tuple[str, ...], as_json: bool) -> None:
    """Fit a commitment classifier on hand-coded sentences and save it.

    LABELS is a CSV with one sentence per row, a text column and a label column.
    The model combines the rule evidence with word n-grams.

    Example: discourse train-commitment coded.csv --out models/commitment.joblib --cv 5
    """
    from discourse.model.commitment_clf import train_commitment

    summary = train_commitment(labels, out, text_column=text_column, label_column=label_column, cv=cv,
                               use_text=text_features, min_df=min_df, author_aliases=tuple(author_aliases))
    if as_json:
        echo_json(summary)
        return
    counts = ", ".join(f"{k} {v}" for k, v in summary["labels"].items())
    click.echo(f"trained on {summary['n']:,} sentences ({counts}); saved to {summary['out']}")
    if "cv_macro_f1" in summary:
        per = ", ".join(f"{k} {v:.3f}" for k, v in summary["cv_f1"].items())
        click.echo(f"{cv}-fold cross-validated macro-F1 {summary['cv_macro_f1']:.3f} ({per})")
