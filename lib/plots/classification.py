"""Figures for the threshold explorer: confusion matrix, ROC, PR, metric-vs-threshold, scores, cost,
reliability. They take precomputed results from `lib.thresholds` / `lib.calibration`.

Speed: building a plotly figure validates every property, and validating the house template
alone costs ~10 ms per figure, too much for seven charts on every threshold move. So each chart
is split in two: a *base* (layout and threshold-free traces, built and validated once per fitted
model by `base_figures`, kept as a plain dict) and the few threshold-dependent traces, added per
move as plain dicts without re-validating (`with_traces`). `tests/test_classification_page.py`
re-validates every assembled figure, so a misspelt property still fails a test.
"""
from __future__ import annotations

from typing import Any

import numpy as np
import plotly.graph_objects as go

from lib.calibration import Calibration
from lib.plots import BLUE, GREEN, GREY, NEGATIVE, ORANGE, POSITIVE, PURPLE, reserve_margins, style
from lib.thresholds import F1, PRECISION, RECALL, ROC_AUC, Confusion, Evaluation, ThresholdMetrics

THRESHOLD_LINE = {"color": "#31333F", "width": 2, "dash": "dot"}
MARKER = {"color": POSITIVE, "size": 13, "line": {"color": "white", "width": 2}}


def with_traces(base: dict, traces: list[dict], layout: dict | None = None) -> go.Figure:
    """The validated `base` figure plus `traces` (plain dicts), assembled without re-validation."""
    spec = {"data": base["data"] + traces, "layout": {**base["layout"], **(layout or {})}}
    try:
        return go.Figure(spec, _validate=False)  # plotly's private switch; ~10 ms saved per figure
    except TypeError:  # a plotly without it: slower, still correct
        return go.Figure(spec)


def threshold_line(threshold: float, y_max: float = 1.0) -> dict:
    # A two-point trace rather than fig.add_vline: shapes are much slower to build in plotly.
    return {"type": "scatter", "x": [threshold, threshold], "y": [0, y_max], "mode": "lines", "line": THRESHOLD_LINE,
            "name": f"threshold {threshold:.2f}", "hoverinfo": "skip"}


def _axes(fig: go.Figure, x: tuple[float, float] = (-0.02, 1.02), y: tuple[float, float] = (-0.02, 1.02)) -> None:
    fig.update_xaxes(range=list(x))
    fig.update_yaxes(range=list(y))


# --- bases: once per fitted model -------------------------------------------------

def base_figures(ev: Evaluation, positive_name: str = "positive") -> dict[str, dict]:
    """Everything that does not move with the threshold, as validated plain dicts."""
    bases: dict[str, go.Figure] = {}

    confusion = style(go.Figure(), height=300)
    confusion.update_yaxes(autorange="reversed")
    confusion.update_xaxes(side="top")
    bases["confusion"] = confusion

    hist = ev.histogram
    centres, width = (hist.edges[:-1] + hist.edges[1:]) / 2, float(hist.edges[1] - hist.edges[0])
    histogram = go.Figure()
    histogram.add_trace(go.Bar(x=centres, y=hist.negative, width=width, name="actual negative", opacity=0.7,
                               marker_color=NEGATIVE, hovertemplate="score %{x:.2f}<br>%{y} negatives<extra></extra>"))
    histogram.add_trace(go.Bar(x=centres, y=hist.positive, width=width, name=f"actual positive ({positive_name})",
                               opacity=0.7,
                               marker_color=POSITIVE, hovertemplate="score %{x:.2f}<br>%{y} positives<extra></extra>"))
    histogram.update_layout(barmode="overlay", bargap=0)
    histogram.update_xaxes(range=[0, 1])
    bases["histogram"] = style(histogram, x="Score: predicted P(positive)", y="Test rows")

    if ev.curves is not None:
        roc = go.Figure()
        roc.add_trace(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name="no skill (random)",
                                 line=dict(color=GREY, dash="dash"), hoverinfo="skip"))
        auc = ev.ranking[ROC_AUC]
        roc.add_trace(go.Scatter(x=ev.curves.fpr, y=ev.curves.tpr, mode="lines", line=dict(color=BLUE),
                                 name="model" + (f" (AUC {auc:.3f})" if auc is not None else ""),
                                 hovertemplate="FPR %{x:.3f}<br>TPR %{y:.3f}<extra></extra>"))
        _axes(roc)
        bases["roc"] = style(roc, x="False positive rate (1 − specificity)", y="True positive rate (recall)")

        pr = go.Figure()
        prevalence = ev.scores.prevalence
        pr.add_trace(go.Scatter(x=[0, 1], y=[prevalence, prevalence], mode="lines", hoverinfo="skip",
                                name=f"no skill (share of positives {prevalence:.3f})", line=dict(color=GREY, dash="dash")))
        ap = ev.ranking["PR-AUC"]
        pr.add_trace(go.Scatter(x=ev.curves.recall, y=ev.curves.precision, mode="lines",
                                line=dict(color=BLUE, shape="hv"), name="model" + (f" (AP {ap:.3f})" if ap is not None else ""),
                                hovertemplate="recall %{x:.3f}<br>precision %{y:.3f}<extra></extra>"))
        _axes(pr, y=(-0.02, 1.05))
        bases["pr"] = style(pr, x="Recall", y="Precision")

    m = ev.sweep.metrics
    curves = go.Figure()
    for label, color in ((PRECISION, BLUE), (RECALL, POSITIVE), (F1, GREEN)):
        curves.add_trace(go.Scatter(x=ev.sweep.thresholds, y=m[label], mode="lines", name=label, line=dict(color=color),
                                    hovertemplate=f"threshold %{{x:.2f}}<br>{label} %{{y:.3f}}<extra></extra>"))
    _axes(curves, x=(0, 1), y=(-0.02, 1.05))
    bases["curves"] = style(curves, x="Threshold", y="Metric value")

    cost = go.Figure()
    cost.update_xaxes(range=[0, 1])
    bases["cost"] = style(cost, x="Threshold", y="Total cost on the test split")

    if ev.calibration is not None:
        bases["calibration"] = _calibration(ev.calibration)
    return {name: reserve_margins(fig).to_dict() for name, fig in bases.items()}


def _calibration(c: Calibration) -> go.Figure:
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name="perfectly calibrated",
                             line=dict(color=GREY, dash="dash"), hoverinfo="skip"))
    fig.add_trace(go.Scatter(
        x=c.mean_predicted, y=c.fraction_positive, mode="lines+markers", name="model", line=dict(color=BLUE),
        marker=dict(size=np.clip(6 + 24 * np.sqrt(c.bin_counts / c.bin_counts.max()), 6, 30)),
        customdata=c.bin_counts,
        hovertemplate="mean score %{x:.3f}<br>observed share positive %{y:.3f}<br>%{customdata} rows<extra></extra>",
    ))
    _axes(fig)
    return style(fig, x=f"Mean predicted probability (bins of {1 / c.n_bins:.1f})", y="Observed share of positives")


# --- per threshold move --------------------------------------------------------------
# Each chart's threshold-dependent part is a `*_layer`: (traces, layout changes) as plain dicts. The
# `*_figure` functions add a layer to its base for the server-drawn page; the live threshold view
# (lib/plots/linked.py) computes the layer at every slider step once and lets the browser swap them.

Layer = tuple[list[dict], dict]


def confusion_layer(c: Confusion) -> Layer:
    """2×2 matrix, rows = actual class, columns = predicted class; each cell named, counted and
    given as a share of its actual class (so the diagonal reads as recall and specificity)."""
    actual_pos, actual_neg = max(c.tp + c.fn, 1), max(c.fp + c.tn, 1)
    cells = [[("TP", c.tp, c.tp / actual_pos, True), ("FN", c.fn, c.fn / actual_pos, False)],
             [("FP", c.fp, c.fp / actual_neg, False), ("TN", c.tn, c.tn / actual_neg, True)]]
    text = [[f"<b>{name}</b>  {count:,}<br>{rate:.1%} of {'positives' if r == 0 else 'negatives'}"
             for name, count, rate, _ in row] for r, row in enumerate(cells)]
    # Colour: right answers green, mistakes orange, shaded by their rate.
    z = [[rate if correct else -rate for _, _, rate, correct in row] for row in cells]
    heatmap = {"type": "heatmap", "z": z, "x": ["Predicted positive", "Predicted negative"],
               "y": ["Actual positive", "Actual negative"], "text": text, "texttemplate": "%{text}",
               "textfont": {"size": 13}, "zmin": -1, "zmax": 1, "showscale": False, "hoverinfo": "skip",
               "colorscale": [[0, ORANGE], [0.5, "#FFFFFF"], [1, GREEN]], "xgap": 3, "ygap": 3}
    return [heatmap], {}


def histogram_layer(ev: Evaluation, threshold: float) -> Layer:
    top = float(max(ev.histogram.negative.max(initial=0), ev.histogram.positive.max(initial=0), 1)) * 1.05
    note = {"x": min(threshold + 0.02, 0.98) if threshold < 0.75 else threshold - 0.02, "y": top,
            "text": "predicted positive →", "showarrow": False, "xanchor": "left" if threshold < 0.75 else "right"}
    return [threshold_line(threshold, top)], {"annotations": [note]}


def roc_layer(c: Confusion) -> Layer:
    fpr, tpr = c.fp / max(1, c.fp + c.tn), c.tp / max(1, c.tp + c.fn)
    point = {"type": "scatter", "x": [fpr], "y": [tpr], "mode": "markers", "marker": MARKER,
             "name": f"threshold {c.threshold:.2f}",
             "hovertemplate": "FPR %{x:.3f}<br>TPR %{y:.3f}<extra>current threshold</extra>"}
    return [point], {}


def pr_layer(at: ThresholdMetrics) -> Layer:
    precision, recall = at.values[PRECISION], at.values[RECALL]
    defined = precision is not None and recall is not None  # nothing predicted positive: no point on the curve
    point = {"type": "scatter", "x": [recall] if defined else [], "y": [precision] if defined else [],
             "mode": "markers", "marker": MARKER,
             "name": f"threshold {at.confusion.threshold:.2f}",
             "hovertemplate": "recall %{x:.3f}<br>precision %{y:.3f}<extra>current threshold</extra>"}
    return [point], {}


def threshold_curves_layer(threshold: float) -> Layer:
    return [threshold_line(threshold, 1.05)], {}


def cost_base(base: dict, grid: np.ndarray, cost: np.ndarray, best: float | None) -> dict:
    """The cost chart for one pair of costs: the curve and its minimum (they do not move with the threshold)."""
    traces: list[dict[str, Any]] = [{"type": "scatter", "x": list(map(float, grid)), "y": list(map(float, cost)),
                                     "mode": "lines", "name": "total cost", "line": {"color": PURPLE},
                                     "hovertemplate": "threshold %{x:.2f}<br>cost %{y:,.4g}<extra></extra>"}]
    if best is not None:
        at_best = float(cost[int(np.argmin(np.abs(grid - best)))])
        traces.append({"type": "scatter", "x": [best], "y": [at_best], "mode": "markers",
                       "name": f"minimum at {best:.2f}",
                       "marker": {"color": GREEN, "size": 13, "symbol": "diamond"}})
    return {"data": base["data"] + traces, "layout": base["layout"]}


def cost_layer(cost: np.ndarray, threshold: float) -> Layer:
    return [threshold_line(threshold, float(max(cost.max(), 1)))], {}


def _figure(base: dict, layer: Layer) -> go.Figure:
    traces, layout = layer
    return with_traces(base, traces, layout)


def confusion_figure(base: dict, c: Confusion) -> go.Figure:
    return _figure(base, confusion_layer(c))


def score_histogram_figure(base: dict, ev: Evaluation, threshold: float) -> go.Figure:
    return _figure(base, histogram_layer(ev, threshold))


def roc_figure(base: dict, c: Confusion) -> go.Figure:
    return _figure(base, roc_layer(c))


def pr_figure(base: dict, at: ThresholdMetrics) -> go.Figure:
    return _figure(base, pr_layer(at))


def threshold_curves_figure(base: dict, threshold: float) -> go.Figure:
    return _figure(base, threshold_curves_layer(threshold))


def cost_figure(base: dict, grid: np.ndarray, cost: np.ndarray, threshold: float, best: float | None) -> go.Figure:
    return _figure(cost_base(base, grid, cost, best), cost_layer(cost, threshold))


def calibration_figure(base: dict) -> go.Figure:
    return with_traces(base, [])
