"""Figures for the imbalance page: the training rows before/after resampling, and metrics against
the minority share. Inputs are results from `lib.imbalance`; no metric is computed here."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lib.imbalance import ResamplingView, SharePoint
from lib.plots import (
    BLUE,
    GREEN,
    GREY,
    NEGATIVE,
    ORANGE,
    POSITIVE,
    PURPLE,
    SKY,
    YELLOW,
    marker_trace,
    reserve_margins,
    style,
)
from lib.plots.classification import with_traces
from lib.thresholds import BALANCED_ACCURACY, F1, PR_AUC, RECALL, ROC_AUC

THRESHOLD_METRICS = ((F1, GREEN), (RECALL, POSITIVE), (BALANCED_ACCURACY, PURPLE))


def resampling_figure(v: ResamplingView, compare: bool = True) -> go.Figure:
    """Side by side: training rows before (deleted ones crossed out) and after (synthetic ones marked).
    `compare=False` (no sampler: nothing changes) draws the training rows once."""
    titles = (f"Before: {sum(v.counts_before):,} rows", f"After: {sum(v.counts_after):,} rows") if compare \
        else (f"The {sum(v.counts_before):,} training rows the model learns from",)
    fig = make_subplots(rows=1, cols=2 if compare else 1, shared_xaxes=True, shared_yaxes=True,
                        horizontal_spacing=0.04, subplot_titles=titles)
    fig.update_annotations(font_size=12)  # short and small: side by side on a phone they must not collide
    point = dict(size=5, line=dict(width=0))
    before, after = v.before_xy, v.after_xy
    scatter = marker_trace(len(before) + (len(after) if compare else 0))
    kept = ~v.before_removed
    for label, mask, color in (("negative", kept & (v.before_y == 0), NEGATIVE),
                               ("positive", kept & (v.before_y == 1), POSITIVE)):
        fig.add_trace(scatter(x=before[mask, 0], y=before[mask, 1], mode="markers", name=label,
                                   legendgroup=label, marker=dict(color=color, opacity=0.6, **point)), 1, 1)
    removed = v.before_removed
    if removed.any():
        fig.add_trace(scatter(x=before[removed, 0], y=before[removed, 1], mode="markers", name="deleted by the sampler",
                                   marker=dict(color=GREY, symbol="x", size=6, opacity=0.6)), 1, 1)
    if not compare:
        return _finish(fig, v)
    original = ~v.after_synthetic
    for label, mask, color in (("negative", original & (v.after_y == 0), NEGATIVE),
                               ("positive", original & (v.after_y == 1), POSITIVE)):
        fig.add_trace(scatter(x=after[mask, 0], y=after[mask, 1], mode="markers", name=label, legendgroup=label,
                                   showlegend=False, marker=dict(color=color, opacity=0.6, **point)), 1, 2)
    synthetic = v.after_synthetic
    if synthetic.any():
        fig.add_trace(scatter(x=after[synthetic, 0], y=after[synthetic, 1], mode="markers",
                                   name="synthetic (created by the sampler)",
                                   marker=dict(color=YELLOW, symbol="diamond", size=5, opacity=0.8,
                                               line=dict(color=ORANGE, width=1))), 1, 2)
    return _finish(fig, v)


def _finish(fig: go.Figure, v: ResamplingView) -> go.Figure:
    fig.update_xaxes(title=v.axis_labels[0])
    fig.update_yaxes(title=v.axis_labels[1], col=1)
    style(fig, height=460)
    # Legend under the plots: above them it would cover the two panel titles.
    fig.update_layout(legend=dict(orientation="h", yanchor="top", y=-0.2, xanchor="left", x=0),
                      margin=dict(t=40, b=10))
    return fig


def sweep_base(points: list[SharePoint], current_share: float) -> dict:
    """Threshold-free part of the metrics-vs-share chart (AUCs, PR no-skill line, current share)."""
    ok = [p for p in points if p.scores is not None]
    shares = np.array([p.share for p in ok])
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=shares, y=shares, mode="lines", name="PR-AUC of a no-skill model (= share)",
                             line=dict(color=GREY, dash="dash"), hovertemplate="%{y:.3f}<extra>no skill</extra>"))
    for label, color, fill, values, bands in (
            (ROC_AUC, BLUE, "rgba(0, 114, 178, 0.15)", [p.roc_auc for p in ok], [p.roc_band for p in ok]),
            (PR_AUC, SKY, "rgba(86, 180, 233, 0.22)", [p.pr_auc for p in ok], [p.pr_band for p in ok])):
        banded = [(x, b) for x, b in zip(shares, bands, strict=True) if b is not None]
        if banded:  # the 95% bootstrap band: how much the test split's few positives let the AUC move
            xs = [x for x, _ in banded]
            fig.add_trace(go.Scatter(x=xs + xs[::-1], y=[b.high for _, b in banded] + [b.low for _, b in banded][::-1],
                                     fill="toself", fillcolor=fill, line=dict(width=0), hoverinfo="skip",
                                     name=f"{label} 95% band", legendgroup=label, showlegend=False))
        fig.add_trace(go.Scatter(
            x=shares, y=values, mode="lines+markers", name=label, legendgroup=label, line=dict(color=color, width=3),
            marker=dict(size=9, symbol=["circle" if p.reliable else "circle-open" for p in ok]),
            hovertemplate=f"share %{{x:.1%}}<br>{label} %{{y:.3f}}<extra></extra>"))
    fig.add_trace(go.Scatter(x=[current_share, current_share], y=[0, 1.02], mode="lines", hoverinfo="skip",
                             name=f"current share {current_share:.1%}",
                             line=dict(color="#31333F", width=2, dash="dot")))
    fig.update_xaxes(type="log", autorange="reversed", tickformat=".1%", tickvals=[p.share for p in points])
    fig.update_yaxes(range=[0, 1.02])
    return reserve_margins(style(fig, x="Share of positives (falling →)", y="Metric value", height=420)).to_dict()


def sweep_layer(at_threshold: list[tuple[float, dict]], threshold: float) -> tuple[list[dict], dict]:
    """F1, recall and balanced accuracy at the current threshold (`imbalance.sweep_at`), as plain traces."""
    traces = [{"type": "scatter", "x": [share for share, _ in at_threshold], "y": [m[label] for _, m in at_threshold],
               "mode": "lines+markers", "name": f"{label} at {threshold:.2f}", "line": {"color": color, "dash": "dash"},
               "hovertemplate": f"share %{{x:.1%}}<br>{label} %{{y:.3f}}<extra></extra>"}
              for label, color in THRESHOLD_METRICS]
    return traces, {}


def sweep_figure(base: dict, at_threshold: list[tuple[float, dict]], threshold: float) -> go.Figure:
    """The base plus F1, recall and balanced accuracy at the current threshold."""
    return with_traces(base, sweep_layer(at_threshold, threshold)[0])
