"""The resourcing index: how much of what is said is resourced, per frame, period, document type and actor.

For any grouping of sentences (a *cell*: frame × year, doc_type × quarter, actor ...)
the index counts the commitment labels of the coding guide and reports

- ``rhetoric``, ``pledge``, ``resourced``, ``other``: sentence counts;
- ``commitments`` = rhetoric + pledge + resourced (``other`` is left out);
- ``resourcing_index`` = resourced / commitments, with a bootstrap interval;
- ``pledge_rate`` = pledge / commitments, with a bootstrap interval.

Sentences of one document are not independent (a plan repeats itself), so the
intervals resample whole documents (:func:`discourse.stats.grouped_ratio_ci`).
A sentence tagged with two frames counts in both frames' cells.

:func:`evidence_table` lists the sentences behind a cell with their document,
path, page and evidence spans, so every figure can be traced back to its text.
The functions take DataFrames (as the store returns them) and return
DataFrames; :func:`load_inputs` reads them from a store.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

import pandas as pd

from discourse.errors import UsageError
from discourse.periods import BINS, period_labels
from discourse.tag.runs import current_tag_run
from discourse.stats import grouped_ratio_ci

__all__ = ["COMMITMENT_LABELS", "PERIODS", "ResourcingInputs", "resourcing_index", "evidence_table",
           "money_committed", "money_spans", "money", "load_inputs", "measure", "evidence", "write_table"]

COMMITMENT_LABELS = ("rhetoric", "pledge", "resourced", "other")
#: Period keys derived from ``documents.date``.
PERIODS = BINS
_FRAME_KEYS = ("frame", "subframe")
_UNFRAMED = "(none)"


@dataclass(frozen=True)
class ResourcingInputs:
    """The three tables the index is computed from (one tag run).

    Attributes
    ----------
    sentences : DataFrame
        ``doc_id, sentence_id`` plus document variables (``date, doc_type, actor,
        title, path``) and, for evidence tables, ``page_no, text``.
    commitments : DataFrame
        ``doc_id, sentence_id, label`` (+ ``score, evidence_json``).
    frames : DataFrame or None
        ``doc_id, sentence_id, frame`` (+ ``subframe, negated``); None when not tagged.
    tag_run_id : str or None
        The tag run the rows come from.
    """

    sentences: pd.DataFrame
    commitments: pd.DataFrame
    frames: pd.DataFrame | None = None
    tag_run_id: str | None = None


def _parse_by(by: str | Sequence[str]) -> list[str]:
    if isinstance(by, str):
        by = [b for b in by.split(",")]
    keys = [b.strip() for b in by if b and b.strip()]
    if len(set(keys)) != len(keys):
        raise UsageError(f"Grouping keys repeat: {keys}.")
    return keys


def _add_periods(df: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Add the period columns asked for, labelled as everywhere else (:func:`discourse.periods.period_labels`)."""
    wanted = [k for k in keys if k in PERIODS]
    if not wanted:
        return df
    if "date" not in df.columns:
        raise UsageError(f"Grouping by {', '.join(wanted)} needs the documents' dates (a 'date' column).")
    df = df.copy()
    for key in wanted:
        df[key] = period_labels(df["date"], key)
    return df


def _check_columns(df: pd.DataFrame, needed: Sequence[str], what: str) -> None:
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise UsageError(f"The {what} table lacks columns {missing}; it has {list(df.columns)}.")


def _labelled(inputs: ResourcingInputs, keys: Sequence[str], include_unframed: bool,
              exclude_negated: bool, extra: Sequence[str] = ()) -> pd.DataFrame:
    """One row per (sentence, frame when grouped by frame) with its label and the grouping columns."""
    c, s = inputs.commitments, inputs.sentences
    _check_columns(c, ("doc_id", "sentence_id", "label"), "commitments")
    _check_columns(s, ("doc_id", "sentence_id"), "sentences")
    if "tag_run_id" in c.columns and c["tag_run_id"].nunique() > 1:
        raise UsageError("The commitments rows come from several tag runs: keep one (the loader keeps the newest).")
    bad = sorted(set(c["label"].dropna()) - set(COMMITMENT_LABELS))
    if bad:
        raise UsageError(f"Unknown commitment labels {bad}: expected {', '.join(COMMITMENT_LABELS)}.")
    doc_keys = [k for k in keys if k not in _FRAME_KEYS and k not in PERIODS]
    cols = list(dict.fromkeys(["doc_id", "sentence_id", *doc_keys, *extra,
                               *(["date"] if any(k in PERIODS for k in keys) else [])]))
    _check_columns(s, cols, "sentences")
    df = c[[x for x in ("doc_id", "sentence_id", "label", "score", "evidence_json") if x in c.columns]].merge(
        s[cols], on=["doc_id", "sentence_id"], how="inner", validate="one_to_one")
    df = _add_periods(df, keys)
    if any(k in _FRAME_KEYS for k in keys):
        df = _join_frames(df, inputs.frames, keys, include_unframed, exclude_negated)
    return df


def _join_frames(df: pd.DataFrame, frames: pd.DataFrame | None, keys: Sequence[str], include_unframed: bool,
                 exclude_negated: bool) -> pd.DataFrame:
    if frames is None:
        raise UsageError("Grouping by frame needs the frames table: run 'discourse tag' first.")
    fk = [k for k in _FRAME_KEYS if k in keys]
    _check_columns(frames, ["doc_id", "sentence_id", *fk], "frames")
    f = frames
    if exclude_negated and "negated" in f.columns:
        f = f[~f["negated"].fillna(False).astype(bool)]
    f = f[["doc_id", "sentence_id", *fk]].drop_duplicates()
    out = df.merge(f, on=["doc_id", "sentence_id"], how="left" if include_unframed else "inner")
    for k in fk:
        out[k] = out[k].fillna(_UNFRAMED)
    return out


def resourcing_index(inputs: ResourcingInputs, by: str | Sequence[str] = ("frame", "year"), *,
                     n_boot: int = 1000, level: float = 0.95, seed: int = 0, include_unframed: bool = False,
                     exclude_negated: bool = False) -> pd.DataFrame:
    """Counts, resourcing index and pledge rate per cell, with document-bootstrap intervals.

    Parameters
    ----------
    inputs : ResourcingInputs
        Sentences (with document variables), commitments and frames of one tag run.
    by : str or list of str, default ("frame", "year")
        Grouping keys: ``frame``, ``subframe``, ``year``, ``quarter``, ``month`` or
        any column of the sentences table (``doc_type``, ``actor``, ``doc_id`` ...);
        a comma-separated string is accepted. Empty: one overall cell.
    n_boot : int, default 1000
        Bootstrap replicates (0: no intervals).
    level : float, default 0.95
        Interval coverage.
    seed : int, default 0
        Seed; each cell's interval is reproducible on its own.
    include_unframed : bool, default False
        With ``frame`` in ``by``, also report sentences with no frame as frame ``(none)``.
    exclude_negated : bool, default False
        Leave out frame mentions tagged as negated.

    Returns
    -------
    DataFrame
        The ``by`` columns, then ``n_sentences, n_documents, rhetoric, pledge,
        resourced, other, commitments, resourcing_index, resourcing_lo,
        resourcing_hi, pledge_rate, pledge_lo, pledge_hi``.

    Examples
    --------
    >>> import pandas as pd
    >>> s = pd.DataFrame({"doc_id": ["a", "a", "b"], "sentence_id": [0, 1, 0], "date": ["2014-01-01"] * 3})
    >>> c = pd.DataFrame({"doc_id": ["a", "a", "b"], "sentence_id": [0, 1, 0],
    ...                   "label": ["resourced", "rhetoric", "pledge"]})
    >>> resourcing_index(ResourcingInputs(s, c), by="year", n_boot=0)[["year", "resourcing_index"]]
       year  resourcing_index
    0  2014          0.333333
    """
    keys = _parse_by(by)
    df = _labelled(inputs, keys, include_unframed, exclude_negated)
    for label in COMMITMENT_LABELS:
        df[label] = (df["label"] == label).astype(int)
    df["commitments"] = df["rhetoric"] + df["pledge"] + df["resourced"]
    return _cells(df, keys, n_boot=n_boot, level=level, seed=seed)


def _cells(df: pd.DataFrame, keys: list[str], *, n_boot: int, level: float, seed: int) -> pd.DataFrame:
    """Counts per cell and the two ratios with their document-bootstrap intervals."""
    columns = [*keys, "n_sentences", "n_documents", *COMMITMENT_LABELS, "commitments", "resourcing_index",
               "resourcing_lo", "resourcing_hi", "pledge_rate", "pledge_lo", "pledge_hi"]
    if df.empty:
        return pd.DataFrame(columns=columns)
    grouped = df.groupby(keys, dropna=False, sort=True) if keys else df.groupby(lambda _: 0)
    out = grouped[[*COMMITMENT_LABELS, "commitments"]].sum()
    out["n_sentences"] = grouped.size()
    out["n_documents"] = grouped["doc_id"].nunique()
    out = out.reset_index(drop=not keys)
    for name, num in (("resourcing", "resourced"), ("pledge", "pledge")):
        r = grouped_ratio_ci(df, by=keys, cluster="doc_id", num=num, den="commitments", n_boot=n_boot,
                             level=level, seed=seed)
        r = r.rename(columns={"estimate": f"{name}_est", "lo": f"{name}_lo", "hi": f"{name}_hi"})[
            [*keys, f"{name}_est", f"{name}_lo", f"{name}_hi"]]
        out = out.merge(r, on=keys, how="left") if keys else pd.concat([out, r], axis=1)
    out = out.rename(columns={"resourcing_est": "resourcing_index", "pledge_est": "pledge_rate"})
    for col in ("n_sentences", "n_documents", *COMMITMENT_LABELS, "commitments"):
        out[col] = out[col].astype(int)
    return out[columns].reset_index(drop=True)


def money_spans(evidence_json: Any) -> list[dict]:
    """The MONEY spans of one sentence that go into the author's action (``role == "into_action"``).

    Tax yields, savings, cuts, background totals and other bodies' money are
    left out, as the coding guide asks.
    """
    if not isinstance(evidence_json, str) or not evidence_json:
        return []
    try:
        spans = json.loads(evidence_json)
    except json.JSONDecodeError:
        return []
    return [e for e in spans if e.get("label") == "MONEY" and e.get("role") == "into_action"
            and isinstance(e.get("value"), (int, float)) and e.get("currency")]


def money_committed(inputs: ResourcingInputs, by: str | Sequence[str] = ("frame",), *,
                    include_unframed: bool = False) -> pd.DataFrame:
    """Money committed in resourced sentences per cell and currency.

    Sums the normalised value of every MONEY span that goes into the author's
    action (:func:`money_spans`) in sentences labelled ``resourced``. Currencies
    are never added together. A sentence with two frames counts in both.

    Parameters
    ----------
    inputs : ResourcingInputs
        As for :func:`resourcing_index`; the commitments need ``evidence_json``.
    by : str or list of str, default ("frame",)
        Grouping keys, as for :func:`resourcing_index`.
    include_unframed : bool, default False
        With ``frame`` in ``by``, also report money in sentences with no frame as ``(none)``.

    Returns
    -------
    DataFrame
        The ``by`` columns, ``currency``, ``amount`` (sum of values), ``n_amounts``,
        ``n_sentences`` and ``n_documents``.

    Examples
    --------
    >>> import pandas as pd, json
    >>> ev = json.dumps([{"label": "MONEY", "role": "into_action", "value": 4.7e6, "currency": "GBP"}])
    >>> s = pd.DataFrame({"doc_id": ["a"], "sentence_id": [0]})
    >>> c = pd.DataFrame({"doc_id": ["a"], "sentence_id": [0], "label": ["resourced"], "evidence_json": [ev]})
    >>> money_committed(ResourcingInputs(s, c), by=[])[["currency", "amount"]]
      currency     amount
    0      GBP  4700000.0
    """
    keys = _parse_by(by)
    columns = [*keys, "currency", "amount", "n_amounts", "n_sentences", "n_documents"]
    if "evidence_json" not in inputs.commitments.columns:
        raise UsageError("Money needs the commitments' evidence_json column.")
    df = _labelled(inputs, keys, include_unframed, exclude_negated=False)
    df = df[df["label"] == "resourced"]
    rows = [{**{k: r[k] for k in keys}, "doc_id": r["doc_id"], "sentence_id": r["sentence_id"],
             "currency": m["currency"], "value": float(m["value"])}
            for r in df.to_dict("records") for m in money_spans(r.get("evidence_json"))]
    if not rows:
        return pd.DataFrame(columns=columns)
    money = pd.DataFrame(rows)
    g = money.groupby([*keys, "currency"], dropna=False, sort=True)
    out = g["value"].agg(amount="sum", n_amounts="size").reset_index()
    out["n_sentences"] = g.apply(lambda d: len(d[["doc_id", "sentence_id"]].drop_duplicates()),
                                 include_groups=False).to_numpy()
    out["n_documents"] = g["doc_id"].nunique().to_numpy()
    return out[columns]


def _summary(evidence_json: Any, labels: Sequence[str] | None) -> str:
    """A readable one-line summary of evidence spans: ``MONEY £4.7m; AGENT we; ...``."""
    if not isinstance(evidence_json, str) or not evidence_json:
        return ""
    try:
        spans = json.loads(evidence_json)
    except json.JSONDecodeError:
        return ""
    return "; ".join(f"{e.get('label')} {e.get('text')}" for e in spans
                     if labels is None or e.get("label") in labels)


def evidence_table(inputs: ResourcingInputs, cell: Mapping[str, Any] | None = None, *,
                   labels: Sequence[str] | None = None, include_unframed: bool = False,
                   exclude_negated: bool = False, limit: int | None = None) -> pd.DataFrame:
    """The sentences behind a cell of the index, with document, page and evidence spans.

    Parameters
    ----------
    inputs : ResourcingInputs
        As for :func:`resourcing_index` (the sentences need ``text`` and, for
        provenance, ``title, path, page_no``).
    cell : mapping, optional
        Values of grouping keys that pick the cell, e.g. ``{"frame": "localism",
        "year": 2014, "label": "resourced"}``; ``label`` filters the commitment
        label. Keys are those :func:`resourcing_index` accepts.
    labels : list of str, optional
        Evidence labels shown in the ``evidence`` summary column (default: all).
    include_unframed, exclude_negated : bool
        As for :func:`resourcing_index`.
    limit : int, optional
        At most this many rows.

    Returns
    -------
    DataFrame
        ``doc_id, sentence_id, title, path, page_no, date, doc_type, actor``, the
        cell's keys, ``label, score, text, evidence, evidence_json``, in document order.
    """
    cell = dict(cell or {})
    label = cell.pop("label", None)
    if label is not None and label not in COMMITMENT_LABELS:
        raise UsageError(f"label must be one of {', '.join(COMMITMENT_LABELS)}, got {label!r}.")
    keys = list(cell)
    extra = [c for c in ("title", "path", "page_no", "date", "doc_type", "actor", "text")
             if c in inputs.sentences.columns]
    df = _labelled(inputs, keys, include_unframed, exclude_negated, extra=extra)
    if label is not None:
        df = df[df["label"] == label]
    for key, value in cell.items():  # period labels are strings ("2014", "2014-Q2"): compare as text
        df = df[df[key].astype(str) == str(value)]
    df = df.sort_values(["doc_id", "sentence_id"])
    if limit is not None:
        df = df.head(limit)
    df = df.assign(evidence=[_summary(e, labels) for e in df.get("evidence_json", pd.Series([""] * len(df)))])
    first = ["doc_id", "sentence_id", *[c for c in ("title", "path", "page_no", "date", "doc_type", "actor")
                                          if c in df.columns]]
    rest = [*[k for k in keys if k not in first], "label",
            *[c for c in ("score", "text", "evidence", "evidence_json") if c in df.columns]]
    return df[[*first, *rest]].reset_index(drop=True)


# -- the store ------------------------------------------------------------------------------------------------
def _newest_tag_run(store) -> str:
    tag_run = current_tag_run(store, with_table="commitments")
    if tag_run is None and "commitments" in store.table_names() and store.count("commitments"):
        tag_run = str(store.query("SELECT max(tag_run_id) FROM commitments").iloc[0, 0])
    if tag_run is None:
        raise UsageError(f"Store {store.path} has no commitment labels: run 'discourse tag --store {store.path}' first.")
    return tag_run


def load_inputs(store, *, tag_run_id: str | None = None, with_text: bool = False) -> ResourcingInputs:
    """Read one tag run's sentences, commitments and frames from a store.

    Parameters
    ----------
    store : CorpusStore
        An open store.
    tag_run_id : str, optional
        The tag run; default the newest one.
    with_text : bool, default False
        Also read the sentence texts and pages (for evidence tables).

    Raises
    ------
    UsageError
        If the store holds no commitments, or not the tag run asked for.
    """
    run = tag_run_id or _newest_tag_run(store)
    commitments = store.query("SELECT * FROM commitments WHERE tag_run_id = ?", [run])
    if commitments.empty:
        raise UsageError(f"Store {store.path} has no commitments for tag run {run!r}.")
    text_cols = ", s.page_no, s.text" if with_text else ""
    sentences = store.query(
        "SELECT s.doc_id, s.sentence_id" + text_cols + ", d.title, d.date, d.doc_type, d.actor, d.path "
        "FROM sentences s JOIN documents d USING (doc_id) WHERE (s.doc_id, s.sentence_id) IN "
        "(SELECT doc_id, sentence_id FROM commitments WHERE tag_run_id = ?)", [run])
    frames = None
    if "frames" in store.table_names():
        frames = store.query("SELECT * FROM frames WHERE tag_run_id = ?", [run])
    return ResourcingInputs(sentences, commitments, frames, run)


def write_table(df: pd.DataFrame, out: str | Path) -> Path:
    """Write ``df`` to ``out`` as CSV or Parquet (by the file extension)."""
    out = Path(out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in ("csv", "parquet"):
        raise UsageError(f"Output {out} must end in .csv or .parquet.")
    out.parent.mkdir(parents=True, exist_ok=True)
    try:
        if fmt == "csv":
            df.to_csv(out, index=False)
        else:
            df.to_parquet(out, index=False)
    except OSError as e:
        raise UsageError(f"Cannot write {out}: {e}") from e
    return out


def measure(store, by: str | Sequence[str] = ("frame", "year"), *, tag_run_id: str | None = None,
            n_boot: int = 1000, level: float = 0.95, seed: int = 0, include_unframed: bool = False,
            exclude_negated: bool = False) -> pd.DataFrame:
    """The resourcing index of a store's newest (or a given) tag run, grouped ``by``.

    See :func:`resourcing_index` for the parameters and columns.

    Examples
    --------
    >>> from discourse.store import open_store
    >>> with open_store("out/demo/discourse.duckdb", read_only=True) as store:  # doctest: +SKIP
    ...     measure(store, by="frame,year")
    """
    inputs = load_inputs(store, tag_run_id=tag_run_id)
    return resourcing_index(inputs, by, n_boot=n_boot, level=level, seed=seed,
                            include_unframed=include_unframed, exclude_negated=exclude_negated)


def money(store, by: str | Sequence[str] = ("frame",), *, tag_run_id: str | None = None,
          include_unframed: bool = False) -> pd.DataFrame:
    """Money committed in a store's newest (or a given) tag run, per cell and currency.

    See :func:`money_committed` for what counts and the columns.

    Examples
    --------
    >>> money(store, by="frame,year")  # doctest: +SKIP
    """
    inputs = load_inputs(store, tag_run_id=tag_run_id)
    return money_committed(inputs, by, include_unframed=include_unframed)


def evidence(store, cell: Mapping[str, Any] | None = None, *, tag_run_id: str | None = None,
             labels: Sequence[str] | None = None, include_unframed: bool = False, limit: int | None = None
             ) -> pd.DataFrame:
    """The sentences behind one cell of a store's resourcing index (see :func:`evidence_table`).

    Examples
    --------
    >>> evidence(store, {"frame": "localism", "year": 2014, "label": "resourced"})  # doctest: +SKIP
    """
    inputs = load_inputs(store, tag_run_id=tag_run_id, with_text=True)
    return evidence_table(inputs, cell, labels=labels, include_unframed=include_unframed, limit=limit)
