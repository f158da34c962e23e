"""Frame tagging commands: codebook, tag, kwic, train-frames, evaluate, sample."""

from __future__ import annotations

from pathlib import Path

import click

from discourse.cli._common import echo_json, json_option, main, progress_enabled, store_option
from discourse.codebooks.loader import DEFAULT_CODEBOOK
from discourse.errors import UsageError

_CODEBOOK_HELP = f"Codebook: a versioned name ({DEFAULT_CODEBOOK}) or a YAML path."


def _codebook_option(f):
    return click.option("--codebook", "-c", default=DEFAULT_CODEBOOK, show_default=True, help=_CODEBOOK_HELP)(f)


def _model_option(f):
    return click.option("--frames-model", type=click.Path(dir_okay=False), default=None,
                        help="A model from 'discourse train-frames'; default: the codebook alone.")(f)


# -- codebook ------------------------------------------------------------------
@main.group("codebook")
def codebook_group() -> None:
    """Show, validate, export and import codebooks.

    \b
    Example: discourse codebook show big-society.v5
    """


@codebook_group.command("show")
@click.argument("ref", default=DEFAULT_CODEBOOK)
@click.option("--full", is_flag=True, help="Print the whole codebook as YAML.")
@json_option
def codebook_show(ref: str, full: bool, as_json: bool) -> None:
    """Show a codebook: frames, sub-frames, pattern counts and content hash.

    \b
    Example: discourse codebook show big-society.v5 --json
    """
    from discourse.codebooks import dump_codebook, list_codebooks, load_codebook

    cb = load_codebook(ref)
    if full:
        click.echo(dump_codebook(cb), nl=False)
        return
    summary = cb.summary()
    if as_json:
        echo_json({**summary, "shipped": list_codebooks()})
        return
    click.echo(f"{cb.ref}: {cb.title}")
    click.echo(f"sha256: {cb.sha256}")
    for name, f in summary["frames"].items():
        click.echo(f"  {name} (threshold {f['threshold']}, {f['n_patterns']} patterns, {f['n_exclusions']} exclusions)")
        for sub, n in f["subframes"].items():
            click.echo(f"    {sub:<28} {n:>4} patterns")


@codebook_group.command("validate")
@click.argument("paths", nargs=-1, required=True)
def codebook_validate(paths: tuple[str, ...]) -> None:
    """Check codebook files; errors name the file, line and key.

    \b
    Example: discourse codebook validate my-codebook.v2.yml
    """
    from discourse.codebooks import load_codebook

    for p in paths:
        cb = load_codebook(p)
        n = sum(1 for _ in cb.patterns())
        click.echo(f"ok: {p}: {cb.ref}, {len(cb.frames)} frames, {n} patterns, sha256 {cb.sha256[:16]}")


@codebook_group.command("export")
@click.argument("ref", default=DEFAULT_CODEBOOK)
@click.option("--format", "fmt", type=click.Choice(["quanteda", "yaml"]), default="quanteda", show_default=True,
              help="quanteda YAML dictionary, or the discourse codebook format (canonical).")
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False), help="Output file.")
def codebook_export(ref: str, fmt: str, out: str) -> None:
    """Export a codebook as a quanteda dictionary (for R) or as canonical codebook YAML.

    \b
    Example: discourse codebook export big-society.v5 --format quanteda --out big-society.yml
    """
    from discourse.codebooks import dump_codebook, load_codebook, write_quanteda

    if fmt == "quanteda":
        notes = write_quanteda(ref, out)
        for note in notes:
            click.echo(f"note: {note}", err=True)
    else:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        Path(out).write_text(dump_codebook(load_codebook(ref)), encoding="utf-8")
    click.echo(f"wrote {out}")


@codebook_group.command("import")
@click.argument("dictionary", type=click.Path(dir_okay=False))
@click.option("--name", required=True, help="Codebook name (lower case, digits, - or _).")
@click.option("--version", "version", default="1", show_default=True, help="Codebook version.")
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False), help="Codebook YAML to write.")
def codebook_import(dictionary: str, name: str, version: str, out: str) -> None:
    """Turn a quanteda YAML dictionary into a discourse codebook file.

    \b
    Example: discourse codebook import mydict.yml --name mydict --out mydict.v1.yml
    """
    from discourse.codebooks import dump_codebook, read_quanteda

    cb = read_quanteda(dictionary, name=name, version=version)
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(dump_codebook(cb), encoding="utf-8")
    click.echo(f"wrote {out}: {cb.ref}, {len(cb.frames)} frames")


@codebook_group.command("diff")
@click.argument("old")
@click.argument("new", default=DEFAULT_CODEBOOK)
@store_option(required=False)
@click.option("--input", "-i", "input_path", type=click.Path(dir_okay=False), help="A CSV/Parquet table of sentences.")
@click.option("--text-column", default="text", show_default=True, help="Text column of --input.")
@click.option("--frame", "frames", multiple=True, help="Compare this frame only (repeat); default: all shared.")
@click.option("--out", "-o", type=click.Path(dir_okay=False), default=None,
              help="Write every changed sentence (.csv or .parquet) to read before adopting NEW.")
@click.option("--show", type=click.IntRange(min=0), default=5, show_default=True,
              help="Changed sentences to print per frame and direction.")
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for the printed sample.")
@json_option
def codebook_diff(old: str, new: str, store_path: str | None, input_path: str | None, text_column: str,
                  frames: tuple[str, ...], out: str | None, show: int, seed: int, as_json: bool) -> None:
    """Tag the same sentences with two codebooks and show which frame decisions change.

    Read the gained and lost sentences on your own corpus before adopting a
    revised codebook: counts alone do not say whether a new rule is right.

    \b
    Example: discourse codebook diff big-society.v4 big-society.v5 --store my.duckdb --out flips.csv
    Example: discourse codebook diff big-society.v5 mine.v1.yml --input sentences.csv --frame ensuring
    """
    from discourse.measure.resourcing import write_table
    from discourse.store import open_store
    from discourse.tag.compare import compare_codebooks
    from discourse.tag.tagging import read_table

    if (store_path is None) == (input_path is None):
        raise UsageError("Give the sentences: either --store S or --input FILE.")
    if input_path:
        df = read_table(input_path)
    else:
        with open_store(store_path, read_only=True) as store:
            df = store.query("SELECT s.doc_id, s.sentence_id, s.page_no, d.path, s.text FROM sentences s "
                             "LEFT JOIN documents d USING (doc_id) ORDER BY s.doc_id, s.sentence_id")
        text_column = "text"
    flips, counts = compare_codebooks(df, old, new, text_column=text_column, frames=frames or None)
    if out:
        write_table(flips, out)
    if as_json:
        echo_json({"old": old, "new": new, "counts": counts.to_dict(orient="records"), "out": out})
        return
    click.echo(f"{old} -> {new}")
    click.echo(counts.to_string(index=False))
    for frame in counts["frame"]:
        for change in ("gained", "lost"):
            rows = flips[(flips["frame"] == frame) & (flips["change"] == change)]
            if show and len(rows):
                click.echo(f"\n{frame} {change} ({len(rows)}; {min(show, len(rows))} shown):")
                for _, r in rows.sample(min(show, len(rows)), random_state=seed).iterrows():
                    terms = r["new_terms"] if change == "gained" else r["old_terms"]
                    click.echo(f"  [{terms}] {' '.join(str(r[text_column]).split())[:200]}")
    if out:
        click.echo(f"\nwrote {len(flips)} changed decisions to {out}")


# -- tag -------------------------------------------------------------------------
@main.command("tag")
@store_option(required=False)
@click.option("--input", "-i", "input_path", type=click.Path(dir_okay=False), help="A CSV/Parquet table of sentences.")
@click.option("--output", "-o", "output_path", type=click.Path(dir_okay=False), help="Where to write the tagged table.")
@click.option("--text-column", default="text", show_default=True, help="Text column of --input.")
@click.option("--prefix", default="", help="Prefix for the output columns (e.g. pred_ when --input has gold labels).")
@_codebook_option
@_model_option
@click.option("--author", multiple=True, metavar="NAME",
              help="A name the documents' author goes by (repeat); their commitments count as the author's own.")
@click.option("--workers", "-w", type=click.IntRange(min=1), default=1, show_default=True,
              help="Tag a store on a Dask LocalCluster of N processes (same rows as one).")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Use an existing Dask scheduler (e.g. tcp://host:8786, or one dask-jobqueue started).")
@json_option
def tag_cmd(store_path: str | None, input_path: str | None, output_path: str | None, text_column: str, prefix: str,
            codebook: str, frames_model: str | None, author: tuple[str, ...], workers: int, scheduler: str | None,
            as_json: bool) -> None:
    """Tag sentences for frames: every sentence of a store, or a table.

    \b
    Store: tags new sentences into the frames table under a tag run (same
    codebook again: only new documents; new codebook version: a new tag run).
    Example: discourse tag --store out/demo/discourse.duckdb
    Table: adds localism, enabling, ensuring (0/1) and frame_terms columns.
    Example: discourse tag --input sentences.csv --text-column text --output tagged.csv
    """
    if bool(store_path) == bool(input_path):
        raise UsageError("Give either --store, or --input with --output.")
    if store_path:
        from discourse.store import open_store
        from discourse.tag.tagging import tag_store

        with open_store(store_path) as store:
            summary = tag_store(store, codebook=codebook, frames_model=frames_model, author_aliases=author,
                                workers=workers, scheduler=scheduler, progress=progress_enabled() and not as_json)
        if as_json:
            echo_json(summary)
        else:
            what = "new tag run" if summary["created"] else "tag run"
            click.echo(f"{what} {summary['tag_run_id']}: tagged {summary['sentences']:,} sentences in "
                       f"{summary['documents']:,} documents; rows now: "
                       + ", ".join(f"{t} {n:,}" for t, n in summary["rows"].items()))
        return
    if not output_path:
        raise UsageError("--input needs --output (a .csv or .parquet file).")
    from discourse.tag.tagging import read_table, tag_table

    df = tag_table(read_table(input_path), text_column=text_column, codebook=codebook, frames_model=frames_model,
                   prefix=prefix)
    out = Path(output_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    df.to_parquet(out, index=False) if out.suffix.lower() == ".parquet" else df.to_csv(out, index=False)
    summary = {"rows": len(df), "output": str(out)}
    if as_json:
        echo_json(summary)
    else:
        click.echo(f"tagged {len(df):,} rows -> {out}")


# -- kwic ------------------------------------------------------------------------
@main.command("kwic")
@click.argument("term")
@store_option()
@click.option("--window", "-w", default=5, show_default=True, type=int, help="Words of context either side.")
@click.option("--doc", "doc_id", default=None, help="Only this document.")
@click.option("--limit", type=int, default=None, help="At most N matches.")
@click.option("--out", "-o", type=click.Path(dir_okay=False), default=None, help="Write CSV here instead of printing.")
def kwic_cmd(term: str, store_path: str, window: int, doc_id: str | None, limit: int | None, out: str | None) -> None:
    """Keyword in context (like quanteda's kwic): TERM is a glob, several words make a phrase.

    \b
    Example: discourse kwic "devolv*" --store out/demo/discourse.duckdb --window 6
    """
    from discourse.store import open_store
    from discourse.tag.kwic import kwic

    with open_store(store_path, read_only=True) as store:
        df = kwic(store, term, window=window, doc_id=doc_id, limit=limit)
    if out:
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        df.to_csv(out, index=False)
        click.echo(f"{len(df):,} matches -> {out}")
        return
    if df.empty:
        click.echo(f"no matches for {term!r}")
        return
    for r in df.itertuples(index=False):
        click.echo(f"[{r.doc_id} s{r.sentence_id} p{r.page_no}] {r.pre:>40.40} | {r.keyword} | {r.post:.40}")


# -- train-frames ----------------------------------------------------------------
@main.command("train-frames")
@click.argument("labels", type=click.Path(dir_okay=False))
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False), help="Model file to write.")
@click.option("--text-column", default="text", show_default=True)
@click.option("--frames", default=None, help="Comma-separated label columns (default: the codebook's frames found).")
@_codebook_option
@click.option("--no-codebook", is_flag=True, help="Learn from text features only.")
@click.option("--C", "C", default=1.0, show_default=True, type=float, help="Inverse regularisation strength.")
@json_option
def train_frames_cmd(labels: str, out: str, text_column: str, frames: str | None, codebook: str, no_codebook: bool,
                     C: float, as_json: bool) -> None:
    """Fit a frames classifier on hand-coded sentences (gold layout: text + 0/1 frame columns).

    \b
    Example: discourse train-frames coded.csv --out models/frames.pkl
    then:    discourse tag --store S --frames-model models/frames.pkl
    """
    from discourse.model.frames_clf import train_frames

    summary = train_frames(labels, out, text_column=text_column,
                           frames=[f.strip() for f in frames.split(",")] if frames else None,
                           codebook=None if no_codebook else codebook, C=C)
    if as_json:
        echo_json(summary)
    else:
        click.echo(f"trained on {summary['n_rows']:,} rows ({', '.join(f'{k} {v}' for k, v in summary['positives'].items())}"
                   f" positives) -> {summary['model']}")


# -- evaluate --------------------------------------------------------------------
@main.command("evaluate")
@click.argument("gold", nargs=-1, required=True)
@_codebook_option
@_model_option
@click.option("--text-column", default=None, help="Text column (default: text, content, sentence).")
@click.option("--map", "rules", multiple=True, help="Label rule COLUMN:VALUE=LABEL (VALUE may be a glob); repeat.")
@click.option("--preset", default=None, help="A named gold layout, e.g. manifesto-project.")
@click.option("--labels", default=None, help="Comma-separated label columns to evaluate (default: all found).")
@click.option("--errors", "errors_out", type=click.Path(dir_okay=False), default=None,
              help="Write the disagreements (with matched terms) to this CSV.")
@click.option("--store", "store_path", type=click.Path(dir_okay=False), default=None,
              help="Also record the figures in this store (its report's methods box shows them).")
@json_option
def evaluate_cmd(gold: tuple[str, ...], codebook: str, frames_model: str | None, text_column: str | None,
                 rules: tuple[str, ...], preset: str | None, labels: str | None, errors_out: str | None,
                 store_path: str | None, as_json: bool) -> None:
    """Measure the tagger against hand-coded gold: P, R, F1, support, confusion counts, Krippendorff's alpha.

    \b
    Example: discourse evaluate ../shared/corpora/gold/discourse-dev.csv
    Manifesto Project codes (301 -> localism, 606/606.x -> enabling):
      discourse evaluate ../shared/corpora/gold/manifesto-project-uk --preset manifesto-project
    or by rule: --map cmp_code:301=localism --map "cmp_code:606*=enabling"
    """
    from discourse.measure.evaluate import evaluate

    ev = evaluate(list(gold), codebook=codebook, frames_model=frames_model, text_column=text_column,
                  rules=list(rules), preset=preset, labels=[x.strip() for x in labels.split(",")] if labels else None)
    if errors_out:
        Path(errors_out).parent.mkdir(parents=True, exist_ok=True)
        ev.errors().to_csv(errors_out, index=False)
    if store_path:
        from discourse.store import open_store

        with open_store(store_path) as store:
            ev.save(store, ", ".join(gold))
    if as_json:
        echo_json(ev.to_dict())
        return
    cfg = ev.config
    click.echo(f"{cfg.get('codebook', '?')}.v{cfg.get('codebook_version', '?')} (sha256 "
               f"{str(cfg.get('codebook_sha256', ''))[:12]}) on {cfg['n_rows']:,} gold rows"
               + (f"; model {cfg['frames_model']}" if cfg.get("frames_model") else ""))
    click.echo(f"{'label':<12}{'n':>7}{'support':>9}{'pred':>7}{'P':>8}{'R':>8}{'F1':>8}{'alpha':>8}"
               f"{'TP':>6}{'FP':>6}{'FN':>6}{'TN':>7}")
    for lab, r in ev.summary.iterrows():
        tn = "" if r["tn"] is None or r["tn"] != r["tn"] else f"{int(r['tn'])}"
        click.echo(f"{lab:<12}{int(r['n']):>7}{int(r['support']):>9}{int(r['predicted']):>7}{r['precision']:>8.3f}"
                   f"{r['recall']:>8.3f}{r['f1']:>8.3f}{r['alpha']:>8.3f}{int(r['tp']):>6}{int(r['fp']):>6}"
                   f"{int(r['fn']):>6}{tn:>7}")
    for lab, d in ev.details.items():
        if "binary" not in d:
            click.echo(f"\n{lab}: per class (macro-F1 {d['macro_f1']:.3f})")
            click.echo(d["per_class"][["precision", "recall", "f1", "support"]].round(3).to_string())
            click.echo(f"confusion (rows gold, columns predicted):\n{d['confusion'].to_string()}")
    if errors_out:
        click.echo(f"disagreements -> {errors_out}")


# -- sample ----------------------------------------------------------------------
@main.command("sample")
@store_option()
@click.option("--n", "n", default=200, show_default=True, type=int, help="Sentences to draw.")
@click.option("--stratify", default="frame", show_default=True,
              help="frame, doc_type, actor, year or none; comma-separate to cross them.")
@click.option("--seed", default=0, show_default=True, type=int, help="Random seed.")
@click.option("--tag-run", "tag_run_id", default=None, help="Tag run defining the frame strata (default: newest).")
@click.option("--out", "-o", required=True, type=click.Path(dir_okay=False), help="CSV to write (gold layout).")
@json_option
def sample_cmd(store_path: str, n: int, stratify: str, seed: int, tag_run_id: str | None, out: str,
               as_json: bool) -> None:
    """Draw a stratified, seeded sample for hand coding, in the gold CSV layout.

    \b
    Example: discourse sample --store out/demo/discourse.duckdb --n 200 --stratify frame --out tocode.csv
    """
    from discourse.measure.sample import sample, write_sample
    from discourse.store import open_store

    with open_store(store_path, read_only=True) as store:
        df = sample(store, n, stratify=stratify, seed=seed, tag_run_id=tag_run_id)
    write_sample(df, out)
    counts = df["stratum"].value_counts().sort_index().to_dict()
    if as_json:
        echo_json({"rows": len(df), "out": out, "strata": counts, "seed": seed})
    else:
        click.echo(f"sampled {len(df):,} sentences -> {out} (" + ", ".join(f"{k} {v}" for k, v in counts.items()) + ")")
