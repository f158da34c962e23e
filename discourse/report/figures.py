"""Plotly figures for the report and for notebooks: pure functions from tidy DataFrames.

Every figure has a title, labelled axes with units, and the Okabe-Ito palette
(readable with the common colour-vision deficiencies). Shares are drawn with
their bootstrap intervals as bands.
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd
import plotly.graph_objects as go

from discourse.report.html import PALETTE

__all__ = [
    "figure_documents_by", "figure_documents_over_time", "figure_status", "figure_shares_over_time",
    "figure_frames_over_time", "figure_shares_by_group", "figure_commitment_mix", "figure_resourcing_index",
    "figure_resourcing_by_group", "figure_money_by_frame", "figure_topics_over_time", "figure_keyness",
]

FRAME_COLOURS = {"localism": PALETTE[0], "enabling": PALETTE[1], "ensuring": PALETTE[2]}
COMMITMENT_COLOURS = {"resourced": "#009E73", "pledge": "#0072B2", "rhetoric": "#E69F00", "other": "#BBBBBB"}
_LAYOUT = dict(template="plotly_white", font=dict(size=13), margin=dict(l=60, r=20, t=50, b=40),
               legend=dict(orientation="h", yanchor="top", y=-0.18, xanchor="left", x=0), height=440)


def _layout(fig: go.Figure, title: str, x: str, y: str, **extra) -> go.Figure:
    fig.update_layout(title=dict(text=title, x=0, xanchor="left"), xaxis_title=x, yaxis_title=y,
                      colorway=PALETTE, **{**_LAYOUT, **extra})
    fig.update_xaxes(automargin=True)
    fig.update_yaxes(automargin=True)
    return fig


def _rgba(hex_colour: str, alpha: float) -> str:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i:i + 2], 16) for i in (0, 2, 4))
    return f"rgba({r},{g},{b},{alpha})"


def figure_documents_by(docs: pd.DataFrame, column: str, title: str | None = None) -> go.Figure:
    """Bar chart of document counts by ``column`` (doc_type, actor, status...)."""
    counts = docs[column].fillna("(not given)").value_counts().sort_values()
    fig = go.Figure(go.Bar(x=counts.values, y=counts.index.astype(str), orientation="h",
                           marker_color=PALETTE[0], hovertemplate="%{y}: %{x} documents<extra></extra>"))
    return _layout(fig, title or f"Documents by {column.replace('_', ' ')}", "Documents", "",
                   height=max(220, 30 * len(counts) + 120))


def figure_documents_over_time(docs: pd.DataFrame, period: str = "period") -> go.Figure:
    """Documents per period, stacked by document type."""
    data = docs.dropna(subset=[period]).assign(doc_type=lambda d: d.doc_type.fillna("(not given)"))
    counts = data.groupby([period, "doc_type"]).size().unstack(fill_value=0).sort_index()
    fig = go.Figure([go.Bar(x=counts.index.astype(str), y=counts[c], name=str(c), marker_color=PALETTE[i % len(PALETTE)])
                     for i, c in enumerate(counts.columns)])
    return _layout(fig, "Documents over time, by type", "Period", "Documents", barmode="stack")


def figure_status(docs: pd.DataFrame) -> go.Figure:
    """Extraction status counts."""
    return figure_documents_by(docs, "status", "Extraction status of every input file")


def figure_shares_over_time(df: pd.DataFrame, *, series: str, period: str = "period", share: str = "share",
                            title: str, y_title: str = "Share of sentences (%)",
                            colours: dict | None = None, order: Sequence[str] | None = None) -> go.Figure:
    """Lines of a share per period for each ``series`` value, with interval bands (``share_lo``/``share_hi``)."""
    fig = go.Figure()
    names = list(order) if order is not None else sorted(df[series].dropna().unique(), key=str)
    if colours is None and set(names) <= set(FRAME_COLOURS):
        colours = FRAME_COLOURS
    for i, name in enumerate(names):
        part = df[df[series] == name].sort_values(period)
        if part.empty:
            continue
        colour = (colours or {}).get(name, PALETTE[i % len(PALETTE)])
        x = part[period].astype(str).tolist()
        lo, hi = f"{share}_lo", f"{share}_hi"
        if lo in part and hi in part and part[lo].notna().any():
            fig.add_trace(go.Scatter(x=x + x[::-1], y=(100 * part[hi]).tolist() + (100 * part[lo]).tolist()[::-1],
                                     fill="toself", fillcolor=_rgba(colour, 0.18), line=dict(width=0),
                                     hoverinfo="skip", showlegend=False, name=f"{name} 95% interval"))
        custom = part[[c for c in (lo, hi) if c in part]].to_numpy() * 100 if lo in part else None
        fig.add_trace(go.Scatter(
            x=x, y=100 * part[share], mode="lines+markers", name=str(name), line=dict(color=colour, width=2.5),
            customdata=custom,
            hovertemplate=f"{name}<br>%{{x}}: %{{y:.1f}}%" + (" (95% CI %{customdata[0]:.1f}–%{customdata[1]:.1f})"
                                                              if custom is not None else "") + "<extra></extra>"))
    fig = _layout(fig, title, "Period", y_title)
    periods = sorted(df[period].dropna().astype(str).unique())
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=periods)
    return fig


def figure_frames_over_time(shares: pd.DataFrame, period: str = "period") -> go.Figure:
    """Share of sentences carrying each frame, per period, with 95% intervals."""
    return figure_shares_over_time(shares, series="frame", period=period,
                                   title="Frames over time: share of sentences carrying each frame",
                                   order=["localism", "enabling", "ensuring"])


def figure_shares_by_group(shares: pd.DataFrame, group: str, *, series: str = "frame",
                           title: str | None = None) -> go.Figure:
    """Horizontal grouped bars of a share per ``group`` (doc_type, actor) for each ``series`` value.

    Horizontal, so that long group names (council names) stay readable at phone width;
    95% intervals (``share_lo``/``share_hi``) are drawn as error bars.
    """
    fig = go.Figure()
    names = sorted(shares[series].dropna().unique(), key=str)
    if set(names) <= set(FRAME_COLOURS):
        names = [n for n in FRAME_COLOURS if n in names]
    groups = sorted(shares[group].dropna().astype(str).unique(), reverse=True)
    for i, name in enumerate(names):
        part = shares[shares[series] == name]
        err_hi = 100 * (part["share_hi"] - part["share"]) if "share_hi" in part else None
        err_lo = 100 * (part["share"] - part["share_lo"]) if "share_lo" in part else None
        colour = FRAME_COLOURS.get(name, PALETTE[i % len(PALETTE)])
        fig.add_trace(go.Bar(
            y=part[group].astype(str), x=100 * part["share"], name=str(name), orientation="h", marker_color=colour,
            error_x=dict(type="data", array=err_hi, arrayminus=err_lo, visible=err_hi is not None, thickness=1),
            hovertemplate=f"{name}<br>%{{y}}: %{{x:.1f}}%<extra></extra>"))
    fig = _layout(fig, title or f"Frames by {group.replace('_', ' ')}", "Share of sentences (%)", "",
                  barmode="group", height=max(300, 22 * len(groups) * max(1, len(names)) + 140))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=groups)
    return fig


def figure_commitment_mix(counts: pd.DataFrame, period: str = "period") -> go.Figure:
    """Stacked bars of rhetoric / pledge / resourced sentences per frame and period.

    ``counts`` has ``frame``, ``period``, ``rhetoric``, ``pledge``, ``resourced``.
    """
    data = counts.sort_values(["frame", period])
    x = [data["frame"].astype(str).tolist(), data[period].astype(str).tolist()]
    fig = go.Figure([go.Bar(x=x, y=data[label], name=label, marker_color=COMMITMENT_COLOURS[label],
                            hovertemplate=f"{label}: %{{y}} sentences<extra></extra>")
                     for label in ("rhetoric", "pledge", "resourced") if label in data])
    return _layout(fig, "The resourcing gap: rhetoric, pledges and resourced commitments by frame",
                   "Frame / period", "Sentences", barmode="stack")


def figure_resourcing_index(index: pd.DataFrame, period: str = "period") -> go.Figure:
    """Resourcing index (resourced / (rhetoric + pledge + resourced)) per frame and period, with intervals."""
    data = index.rename(columns={"resourcing_index": "share", "resourcing_lo": "share_lo",
                                 "resourcing_hi": "share_hi"})
    return figure_shares_over_time(data, series="frame", period=period,
                                   title="Resourcing index: share of frame commitments that are resourced",
                                   y_title="Resourced share of commitments (%)",
                                   order=["localism", "enabling", "ensuring"])


def figure_resourcing_by_group(index: pd.DataFrame, group: str) -> go.Figure:
    """Resourcing index per frame and ``group`` (doc_type, actor), with 95% interval error bars."""
    data = index.rename(columns={"resourcing_index": "share", "resourcing_lo": "share_lo",
                                 "resourcing_hi": "share_hi"})
    fig = figure_shares_by_group(data, group, title=f"Resourcing index by {group.replace('_', ' ')}")
    fig.update_layout(xaxis_title="Resourced share of commitments (%)")
    return fig


def figure_money_by_frame(money: pd.DataFrame) -> go.Figure:
    """Money committed in resourced sentences per frame (``frame``, ``currency``, ``amount``)."""
    fig = go.Figure()
    for i, (currency, part) in enumerate(money.groupby("currency", sort=True)):
        part = part.assign(order=part["frame"].map({f: k for k, f in enumerate(FRAME_COLOURS)})).sort_values("order")
        fig.add_trace(go.Bar(x=part["frame"], y=part["amount"] / 1e6, name=str(currency),
                             marker_color=PALETTE[i % len(PALETTE)],
                             hovertemplate=f"%{{x}}: %{{y:,.1f}} million {currency}<extra></extra>"))
    return _layout(fig, "Money committed in resourced sentences, by frame", "Frame", "Amount (millions)",
                   barmode="group")


def figure_topics_over_time(tot: pd.DataFrame, labels: dict, *, top: int = 6) -> go.Figure:
    """Share of units per topic per bin for the ``top`` largest topics, with intervals.

    ``tot`` has ``topic_id``, ``bin``, ``share``, ``share_lo``, ``share_hi``.
    """
    sizes = tot[tot.topic_id != -1].groupby("topic_id")["count"].sum().sort_values(ascending=False)
    keep = sizes.index[:top]
    data = tot[tot.topic_id.isin(keep)].assign(topic=lambda d: d.topic_id.map(lambda t: labels.get(t, str(t))))
    return figure_shares_over_time(data, series="topic", period="bin", title="Topics over time",
                                   y_title="Share of the period's text units (%)",
                                   order=[labels.get(t, str(t)) for t in keep])


def figure_keyness(k: pd.DataFrame, *, title: str, score: str = "chi2", top: int = 15) -> go.Figure:
    """Horizontal bars of the top key terms (``feature``, ``chi2`` or ``G2``)."""
    data = k.head(top).iloc[::-1]
    fig = go.Figure(go.Bar(x=data[score], y=data["feature"], orientation="h", marker_color=PALETTE[5],
                           hovertemplate="%{y}: %{x:.1f}<extra></extra>"))
    label = "Chi-squared (signed)" if score == "chi2" else "Log-likelihood G² (signed)"
    return _layout(fig, title, label, "", height=max(320, 24 * len(data) + 120))
