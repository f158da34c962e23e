"""Topic commands: topics."""

from __future__ import annotations

import click

from discourse.cli._common import echo_json, json_option, main, store_option
from discourse.codebooks.loader import DEFAULT_CODEBOOK
from discourse.errors import UsageError


def _split_by(value: str) -> list[str]:
    return [v.strip() for v in value.split(",") if v.strip()] if value else []


@main.command("topics")
@store_option()
@click.option("--unit", type=click.Choice(["sentence", "paragraph"]), default="sentence", show_default=True,
              help="What one modelled text is.")
@click.option("--bin", "bin_", type=click.Choice(["year", "quarter", "month", "decade"]), default="year",
              show_default=True, help="Time bins of topics over time (undated documents are counted and left out).")
@click.option("--by", default="doc_type,actor", show_default=True,
              help="Document variables for topics per class (comma-separated: doc_type, actor; '' for none).")
@click.option("--guided", is_flag=True, help="Seed topics from the codebook's frames (BERTopic guided topics).")
@click.option("--codebook", default=DEFAULT_CODEBOOK, show_default=True, help="Codebook used by --guided.")
@click.option("--seed-topics", "seed_file", type=click.Path(dir_okay=False),
              help="YAML/JSON file of seed topics (name: [terms]) for guided topics instead of the codebook.")
@click.option("--min-topic-size", type=click.IntRange(min=2), default=None,
              help="Smallest topic in units [default: 10, or 1 in 500 fitted units on large corpora].")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed: same input + options + seed, same topics.")
@click.option("--sample", type=click.IntRange(min=0), default=40_000, show_default=True,
              help="Fit on at most N units (stratified by time bin) and assign the rest; 0 fits on all.")
@click.option("--embedding", default="ppmi-sif", show_default=True,
              help="ppmi-sif or tfidf-svd (offline), sentence-transformers:NAME or a local model folder "
                   "(needs the 'embeddings' extra).")
@click.option("--outliers", "outlier_strategy", type=click.Choice(["c-tf-idf", "embeddings", "none"]),
              default="c-tf-idf", show_default=True, help="How topic -1 units are reassigned (none: keep them).")
@click.option("--outlier-threshold", type=float, default=0.05, show_default=True,
              help="Smallest similarity for reassigning an outlier; below it the unit stays in topic -1.")
@click.option("--n-boot", type=click.IntRange(min=0), default=1000, show_default=True,
              help="Bootstrap replicates of the share intervals (documents resampled).")
@click.option("--no-save-model", is_flag=True, help="Do not save the fitted model beside the store.")
@json_option
def topics_cmd(store_path: str, unit: str, bin_: str, by: str, guided: bool, codebook: str, seed_file: str | None,
               min_topic_size: int | None, seed: int, sample: int, embedding: str, outlier_strategy: str,
               outlier_threshold: float, n_boot: int, no_save_model: bool, as_json: bool) -> None:
    """Fit topics over time (BERTopic, offline) and write the topic tables to the store.

    Writes topic_runs, topics, topic_assignments, topics_over_time (share of each
    bin's units with a document-bootstrap interval), topics_per_class (doc_type,
    actor) and, when the store has frames/commitments, topic_frames. Outliers
    (topic -1) are reported before and after reduction.

    Example: discourse topics --store out/demo/discourse.duckdb --bin year --by doc_type,actor
    """
    from discourse.model.guided import codebook_seed_topics, seed_topics_from_file
    from discourse.model.topics_store import fit_topics
    from discourse.store import open_store

    if guided and seed_file:
        raise UsageError("Use either --guided (codebook seeds) or --seed-topics FILE, not both.")
    seeds = seed_topics_from_file(seed_file) if seed_file else codebook_seed_topics(codebook) if guided else None
    with open_store(store_path) as store:
        summary = fit_topics(
            store, unit=unit, bin=bin_, by=_split_by(by), min_topic_size=min_topic_size, seed=seed,
            sample=sample or None, embedding=embedding, seed_topic_list=seeds, outlier_strategy=outlier_strategy,
            outlier_threshold=outlier_threshold, n_boot=n_boot, save_model=not no_save_model,
        )
        top = store.query(
            "SELECT topic_id, label, size, share FROM topics WHERE topic_run_id = ? ORDER BY size DESC LIMIT 10",
            [summary["topic_run_id"]],
        )
    if as_json:
        echo_json(summary)
        return
    _echo_summary(summary, top)


def _echo_summary(s: dict, top) -> None:
    fit = f"{s['n_fit']:,} (stratified sample by {s['bin']}; the rest assigned)" if s["sampled"] else "all"
    click.echo(f"topic run {s['topic_run_id']}: {s['n_topics']} topics from {s['n_units']:,} {s['unit']}s "
               f"in {s['n_docs']:,} documents; fitted on {fit}")
    click.echo(f"outliers (topic -1): {s['outliers_before']:.1%} before reduction, {s['outliers_after']:.1%} after")
    if s["n_undated_docs"]:
        click.echo(f"undated: {s['n_undated_docs']:,} documents ({s['n_undated_units']:,} units) left out of "
                   "topics over time")
    click.echo(f"coherence (NPMI, top 10): {s['coherence']:.3f}   diversity (top 25): {s['diversity']:.3f}")
    for var, n in s["classes"].items():
        click.echo(f"per {var}: {n if isinstance(n, str) else f'{n} classes'}")
    click.echo("frames: " + ("joined" if s["frames"]["joined"] else s["frames"]["note"]))
    if s["model_path"]:
        click.echo(f"model saved to {s['model_path']}")
    click.echo(f"took {s['seconds']['total']:.0f} s; largest topics:")
    for row in top.itertuples(index=False):
        click.echo(f"  {row.topic_id:>4}  {row.share:6.1%}  {row.label}")
