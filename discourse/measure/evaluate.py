"""Validate the tagger against hand-coded sentences.

``evaluate`` tags the gold sentences and compares, for every label column the
gold has and the pipeline can predict (``localism``, ``enabling``,
``ensuring``; ``commitment`` once that component is in the pipeline),
precision, recall, F1, support, confusion counts and Krippendorff's alpha.

Gold from other coding schemes is mapped to labels with rules
``COLUMN:VALUE=LABEL`` (VALUE may be a glob): ``cmp_code:301=localism`` makes
``localism`` 1 where ``cmp_code`` is 301 and 0 everywhere else, missing codes
included. The ``manifesto-project`` preset holds the Manifesto Project mapping
(per301 decentralisation → localism; per606 civic-mindedness, 606 and its
sub-codes → enabling).
"""

from __future__ import annotations

import fnmatch
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Sequence

import pandas as pd

from discourse.codebooks.loader import DEFAULT_CODEBOOK
from discourse.errors import UsageError
from discourse.measure.agreement import agreement

__all__ = ["LabelRule", "PRESETS", "Preset", "Evaluation", "read_gold", "evaluate"]

#: Text columns tried, in order, when none is named.
TEXT_COLUMNS = ("text", "content", "sentence", "sentence_text")


@dataclass(frozen=True)
class LabelRule:
    """``COLUMN:VALUE=LABEL``: the label is 1 where COLUMN matches the glob VALUE."""

    column: str
    value: str
    label: str

    @classmethod
    def parse(cls, text: str) -> "LabelRule":
        """Parse ``cmp_code:301=localism``.

        Raises
        ------
        UsageError
            If the rule is not of the form COLUMN:VALUE=LABEL.
        """
        try:
            left, label = text.rsplit("=", 1)
            column, value = left.split(":", 1)
        except ValueError as e:
            raise UsageError(f"label rule {text!r} must look like COLUMN:VALUE=LABEL, e.g. cmp_code:301=localism") from e
        if not (column.strip() and value.strip() and label.strip()):
            raise UsageError(f"label rule {text!r} has an empty part: use COLUMN:VALUE=LABEL")
        return cls(column.strip(), value.strip(), label.strip())

    def matches(self, value: Any) -> bool:
        if value is None or (isinstance(value, float) and pd.isna(value)):
            return False
        return fnmatch.fnmatchcase(str(value).strip(), self.value)

    def __str__(self) -> str:
        return f"{self.column}:{self.value}={self.label}"


@dataclass(frozen=True)
class Preset:
    """A named gold layout: text columns to try and label rules."""

    name: str
    description: str
    rules: tuple[LabelRule, ...]
    text_columns: tuple[str, ...] = TEXT_COLUMNS


PRESETS: dict[str, Preset] = {
    "manifesto-project": Preset(
        "manifesto-project",
        "Manifesto Project quasi-sentences: cmp_code 301 (decentralisation) → localism; 606 and "
        "606.x (civic-mindedness) → enabling; every other code, and none, is negative.",
        (LabelRule("cmp_code", "301", "localism"), LabelRule("cmp_code", "606", "enabling"),
         LabelRule("cmp_code", "606.*", "enabling")),
        ("text", "content"),
    ),
}


def _read_one(path: Path) -> pd.DataFrame:
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=True)
    except FileNotFoundError as e:
        raise UsageError(f"Gold file {path} does not exist.") from e
    except (pd.errors.ParserError, UnicodeDecodeError, pd.errors.EmptyDataError) as e:
        raise UsageError(f"Cannot read gold file {path} as CSV: {e}") from e
    df.insert(0, "gold_file", path.name)
    return df


def _expand(paths: Iterable[str | os.PathLike]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found = sorted(x for x in p.glob("*.csv"))
            if not found:
                raise UsageError(f"Gold folder {p} has no .csv files.")
            out += found
        else:
            out.append(p)
    if not out:
        raise UsageError("No gold file given.")
    return out


def read_gold(gold: str | os.PathLike | Sequence[str | os.PathLike] | pd.DataFrame, *,
              text_column: str | None = None, rules: Sequence[LabelRule | str] = (),
              preset: str | None = None) -> tuple[pd.DataFrame, str, tuple[LabelRule, ...]]:
    """Read gold CSV file(s) (or a DataFrame), find the text column and apply label rules.

    Files whose ``cmp_code`` look like a scheme description (``manifesto_codes.csv``,
    no text column) are skipped when a folder is given.

    Returns
    -------
    (DataFrame, str, tuple of LabelRule)
        The gold rows (text in the returned column; a ``gold_file`` column
        names the file), the text column, and the rules applied.

    Raises
    ------
    UsageError
        Unknown preset, missing text column, or a rule naming a missing column.
    """
    pre = None
    if preset is not None:
        if preset not in PRESETS:
            raise UsageError(f"Unknown preset {preset!r}: presets are {', '.join(PRESETS)}.")
        pre = PRESETS[preset]
    all_rules = tuple(pre.rules if pre else ()) + tuple(r if isinstance(r, LabelRule) else LabelRule.parse(r) for r in rules)
    candidates = (text_column,) if text_column else (pre.text_columns if pre else TEXT_COLUMNS)
    if isinstance(gold, pd.DataFrame):
        frames = [gold.copy()]
    else:
        paths = _expand([gold] if isinstance(gold, (str, os.PathLike)) else gold)
        frames = [_read_one(p) for p in paths]
        if len(paths) > 1:  # a folder may hold a codes/scheme file: keep files that have a text column
            frames = [f for f in frames if any(c in f.columns for c in candidates)] or frames
    out = []
    for f in frames:
        col = next((c for c in candidates if c in f.columns), None)
        if col is None:
            where = f["gold_file"].iloc[0] if "gold_file" in f.columns and len(f) else "the gold table"
            raise UsageError(f"{where} has no text column {' or '.join(candidates)}: columns are "
                             f"{', '.join(map(str, f.columns))}. Pass --text-column.")
        out.append(f.rename(columns={col: "text"}) if col != "text" else f)
    df = pd.concat(out, ignore_index=True)
    for rule in all_rules:
        if rule.column not in df.columns:
            raise UsageError(f"label rule {rule} names column {rule.column!r}, which the gold does not have.")
    for label in dict.fromkeys(r.label for r in all_rules):
        mine = [r for r in all_rules if r.label == label]
        hit = pd.Series(False, index=df.index)
        for r in mine:
            hit |= df[r.column].map(r.matches).astype(bool)
        df[label] = hit.astype(int)
    return df, "text", all_rules


@dataclass
class Evaluation:
    """The result of :func:`evaluate`.

    Attributes
    ----------
    summary : DataFrame
        One row per label column: n, support, predicted, precision, recall,
        f1, macro_f1, alpha, tp, fp, fn, tn (positive class for 0/1 labels;
        macro averages for multi-class labels).
    details : dict
        Per label: the :func:`~discourse.measure.agreement.agreement` result
        (per-class table, confusion matrix).
    predictions : DataFrame
        The gold rows with ``pred_<label>`` columns and the matched terms.
    config : dict
        Codebook, hash, model, gold files and label rules used.
    """

    summary: pd.DataFrame
    details: dict[str, dict[str, Any]]
    predictions: pd.DataFrame
    config: dict[str, Any] = field(default_factory=dict)

    def errors(self, label: str | None = None) -> pd.DataFrame:
        """Gold rows where the tagger disagrees with the gold (for one label, or any)."""
        labels = [label] if label else list(self.details)
        mask = pd.Series(False, index=self.predictions.index)
        for lab in labels:
            g, p = self.predictions[lab], self.predictions[f"pred_{lab}"]
            mask |= g.notna() & (g.astype(str) != p.astype(str))
        return self.predictions[mask]

    def save(self, store, gold: str) -> str:
        """Record this evaluation in ``store`` as an ``evaluate`` run; return its run id.

        The figures go to the ``evaluations`` table, which the report's methods box shows.
        """
        run_id = store.start_run("evaluate", {"gold": gold, **self.config})
        self.to_store(store, gold, run_id)
        store.finish_run(run_id, "ok", {"labels": list(self.summary.index)})
        return run_id

    def to_store(self, store, gold: str, run_id: str) -> pd.DataFrame:
        """Write the summary to the store's ``evaluations`` table (the report's methods box reads it)."""
        cfg = self.config
        rows = self.summary.reset_index().rename(columns={"index": "label"})
        rows = rows.assign(run_id=run_id, evaluated_at=pd.Timestamp.now(tz="UTC").tz_localize(None), gold=gold,
                           codebook=f"{cfg.get('codebook')}.v{cfg.get('codebook_version')}",
                           codebook_sha256=cfg.get("codebook_sha256"), frames_model=cfg.get("frames_model"))
        cols = ["run_id", "evaluated_at", "gold", "label", "n", "support", "predicted", "precision", "recall", "f1",
                "alpha", "codebook", "codebook_sha256", "frames_model"]
        rows = rows[cols]
        with store.transaction():
            store.insert("evaluations", rows)
        return rows

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: summary records, per-class tables and confusion matrices."""
        return {
            "config": self.config,
            "summary": self.summary.reset_index().to_dict(orient="records"),
            "labels": {
                lab: {
                    "per_class": d["per_class"].reset_index().astype({"label": str}).to_dict(orient="records"),
                    "confusion": {"labels": [str(x) for x in d["confusion"].index],
                                  "counts": d["confusion"].values.tolist()},
                }
                for lab, d in self.details.items()
            },
        }


def _gold_values(series: pd.Series) -> list[Any]:
    """Gold labels as ints where they are 0/1, else stripped strings; missing stays None."""
    out: list[Any] = []
    for v in series.tolist():
        if v is None or (isinstance(v, float) and pd.isna(v)) or (isinstance(v, str) and not v.strip()):
            out.append(None)
            continue
        s = str(v).strip()
        out.append(int(float(s)) if s in ("0", "1", "0.0", "1.0") else s)
    return out


def evaluate(gold: Any, *, codebook: Any = None, frames_model: str | None = None,
             text_column: str | None = None, rules: Sequence[LabelRule | str] = (),
             preset: str | None = None, labels: Sequence[str] | None = None, nlp: Any = None,
             batch_size: int = 512) -> Evaluation:
    """Tag gold sentences and measure agreement per label column.

    Parameters
    ----------
    gold : path, list of paths, folder or DataFrame
        Gold CSV(s) with a text column and label columns.
    codebook, frames_model : optional
        Build the default tagger with these (ignored when ``nlp`` is given).
    text_column : str, optional
        Defaults to the first of text, content, sentence, sentence_text.
    rules : list of ``COLUMN:VALUE=LABEL`` strings or :class:`LabelRule`
        Map another scheme's codes to labels.
    preset : str, optional
        A named layout from :data:`PRESETS` (``manifesto-project``).
    labels : list of str, optional
        Evaluate only these label columns.
    nlp : spacy.Language, optional
        A tagging pipeline from :func:`discourse.tag.make_tagger`.

    Returns
    -------
    Evaluation

    Raises
    ------
    UsageError
        When the gold has no label column the pipeline predicts.

    Examples
    --------
    >>> ev = evaluate("../shared/corpora/gold/discourse-dev.csv")  # doctest: +SKIP
    >>> ev.summary[["precision", "recall", "f1"]]  # doctest: +SKIP
    """
    from discourse.tag.pipeline import label_readers, make_tagger, run_config

    df, text_col, used_rules = read_gold(gold, text_column=text_column, rules=rules, preset=preset)
    if nlp is None:
        nlp = make_tagger(codebook or DEFAULT_CODEBOOK, frames_model=frames_model, lemmatize=False)
    readers = label_readers(nlp)
    wanted = list(labels) if labels else [c for c in readers if c in df.columns]
    missing = [c for c in wanted if c not in df.columns or c not in readers]
    if missing or not wanted:
        raise UsageError(
            f"Nothing to evaluate for {', '.join(missing) or 'any label'}: the gold has columns "
            f"{', '.join(map(str, df.columns))}; the tagger predicts {', '.join(readers)}. "
            "Map codes to labels with --map COLUMN:VALUE=LABEL or --preset."
        )
    texts = ["" if pd.isna(t) else str(t) for t in df[text_col].tolist()]
    preds, extra = _predict(nlp, texts, {lab: readers[lab] for lab in wanted}, set(readers), batch_size)
    out = df.copy()
    rows, details = [], {}
    for lab in wanted:
        g = _gold_values(out[lab])
        out[lab] = g
        out[f"pred_{lab}"] = preds[lab]
        res = agreement(g, preds[lab])
        details[lab] = res
        rows.append(_summary_row(lab, res))
    out = pd.concat([out, pd.DataFrame(extra, index=out.index)], axis=1)
    config = {k: v for k, v in run_config(nlp).items() if v is not None}
    config.update({"gold": sorted(out["gold_file"].dropna().unique().tolist()) if "gold_file" in out else [],
                   "rules": [str(r) for r in used_rules], "n_rows": len(out)})
    return Evaluation(pd.DataFrame(rows).set_index("label"), details, out, config)


def _predict(nlp: Any, texts: list[str], readers: dict[str, Any], label_columns: set[str],
             batch_size: int) -> tuple[dict[str, list[Any]], list[dict[str, Any]]]:
    """Predicted labels per column, and the other output columns (matched terms) per text."""
    from discourse.tag.pipeline import output_columns

    preds: dict[str, list[Any]] = {lab: [] for lab in readers}
    extra: list[dict[str, Any]] = []
    for doc in nlp.pipe(texts, batch_size=batch_size):
        for lab, read in readers.items():
            preds[lab].append(read(doc))
        extra.append({k: v for k, v in output_columns(doc, nlp).items() if k not in label_columns})
    return preds, extra


def _summary_row(label: str, res: dict[str, Any]) -> dict[str, Any]:
    if "binary" in res:
        b = res["binary"]
        return {"label": label, "n": b["n"], "support": b["support"], "predicted": b["predicted"],
                "precision": b["precision"], "recall": b["recall"], "f1": b["f1"], "macro_f1": res["macro_f1"],
                "alpha": b["alpha"], "tp": b["tp"], "fp": b["fp"], "fn": b["fn"], "tn": b["tn"]}
    pc = res["per_class"]
    return {"label": label, "n": res["n"], "support": int(pc["support"].sum()), "predicted": int(pc["predicted"].sum()),
            "precision": float(pc["precision"].mean()), "recall": float(pc["recall"].mean()),
            "f1": res["macro_f1"], "macro_f1": res["macro_f1"], "alpha": res["alpha"],
            "tp": int(pc["tp"].sum()), "fp": int(pc["fp"].sum()), "fn": int(pc["fn"].sum()), "tn": None}
