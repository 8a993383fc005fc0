"""Pictures of the Bayes page: the icon array of the population, the probability tree, PPV and NPV against
prevalence. They draw results from `lib.bayes`; they compute nothing that is shown as a number."""
from __future__ import annotations

import math

import numpy as np
import plotly.graph_objects as go

from lib.bayes import PREVALENCE_GRID, BayesResult, Counts, Curve, SecondTest
from lib.plots import BLUE, GREEN, ORANGE, PURPLE, VERMILLION, style

# TP and FP are the test positives (strong colours), FN and TN the negatives (their lighter partners).
CELLS = (("True positive", VERMILLION), ("False negative", ORANGE), ("False positive", BLUE),
         ("True negative", "#D9D9D9"))


def grid_columns(population: int) -> int:
    """Columns of the icon array: the divisor of the population nearest to √(1.6 n) (a landscape block)."""
    target = math.sqrt(1.6 * population)
    divisors = [d for d in range(1, population + 1) if population % d == 0]
    return min(divisors, key=lambda d: (abs(d - target), -d))


def icon_cells(counts: Counts) -> tuple[np.ndarray, int]:
    """One code per person (0 TP, 1 FN, 2 FP, 3 TN) in a rows × columns array, reading order."""
    columns = grid_columns(counts.population)
    codes = np.repeat(np.arange(4), [counts.tp, counts.fn, counts.fp, counts.tn])
    return codes.reshape(-1, columns), columns


def icon_array(counts: Counts) -> go.Figure:
    cells, columns = icon_cells(counts)
    rows = cells.shape[0]
    names = np.array([name for name, _ in CELLS], dtype=object)[cells]
    # A stepwise colour scale: code k (z from -0.5 to 3.5) is one flat colour.
    scale = [[edge / 4, colour] for k, (_, colour) in enumerate(CELLS) for edge in (k, k + 1)]
    traces = [go.Heatmap(z=cells, zmin=-0.5, zmax=3.5, colorscale=scale, showscale=False, xgap=1, ygap=1, customdata=names,
                         hovertemplate="column %{x}, row %{y}: %{customdata}<extra></extra>")]
    for (name, colour), n in zip(CELLS, (counts.tp, counts.fn, counts.fp, counts.tn), strict=True):  # the legend
        traces.append(go.Scatter(x=[None], y=[None], mode="markers", name=f"{name} ({n:,})",
                                 marker=dict(symbol="square", size=12, color=colour)))
    fig = go.Figure(traces)
    style(fig, height=max(220, min(540, int(450 * rows / columns) + 90)))  # legend + a half-width block
    fig.update_xaxes(visible=False, range=[-0.5, columns - 0.5], constrain="domain")
    fig.update_yaxes(visible=False, autorange="reversed", scaleanchor="x", constrain="domain")
    fig.update_layout(plot_bgcolor="white")
    return fig


def _node(notes: list[dict], x: float, y: float, text: str, colour: str = "#444", **place) -> None:
    notes.append(dict(x=x, y=y, text=text, showarrow=False, font=dict(color=colour), **place))


def probability_tree(r: BayesResult, counts: Counts) -> go.Figure:
    """Root → condition / no condition → test positive / negative, probabilities on the edges, counts at nodes."""
    p, s, c = r.prevalence, r.sensitivity, r.specificity
    root, ill, healthy = (0.0, 1.5), (1.0, 2.5), (1.0, 0.5)
    leaves = {"TP": (2.0, 3.0), "FN": (2.0, 2.0), "FP": (2.0, 1.0), "TN": (2.0, 0.0)}
    edges = [(root, ill, f"π = {p:g}", VERMILLION), (root, healthy, f"1 − π = {1 - p:.4g}", BLUE),
             (ill, leaves["TP"], f"s = {s:g}", VERMILLION), (ill, leaves["FN"], f"1 − s = {1 - s:.3g}", ORANGE),
             (healthy, leaves["FP"], f"1 − c = {1 - c:.3g}", BLUE), (healthy, leaves["TN"], f"c = {c:g}", "#777")]
    traces, notes = [], []  # built as lists and added once: plotly validates each add_* call on its own
    for (x0, y0), (x1, y1), label, colour in edges:
        traces.append(go.Scatter(x=[x0, x1], y=[y0, y1], mode="lines", line=dict(color=colour, width=3),
                                 hoverinfo="skip", showlegend=False))
        # Beside the edge, off the line: above-left of a rising edge, above-right of a falling one.
        notes.append(dict(x=(x0 + x1) / 2, y=(y0 + y1) / 2, text=label, showarrow=False, yshift=14,
                           xshift=-18 if y1 > y0 else 24, font=dict(color=colour, size=12),
                           bgcolor="rgba(255,255,255,0.85)"))
    nodes = [root, ill, healthy, *leaves.values()]
    traces.append(go.Scatter(x=[n[0] for n in nodes], y=[n[1] for n in nodes], mode="markers",
                             marker=dict(size=9, color="#444"), hoverinfo="skip", showlegend=False))
    _node(notes, *root, f"<b>Everyone</b><br>{counts.population:,}", xanchor="right", xshift=-8)
    _node(notes, *ill, f"<b>Condition</b>: {counts.with_condition:,}", xanchor="right", yanchor="bottom", yshift=6)
    _node(notes, *healthy, f"<b>No condition</b>: {counts.without_condition:,}", xanchor="right", yanchor="top", yshift=-6)
    leaf_text = {"TP": ("True positive", s * p, counts.tp, VERMILLION),
                 "FN": ("False negative", (1 - s) * p, counts.fn, ORANGE),
                 "FP": ("False positive", (1 - c) * (1 - p), counts.fp, BLUE),
                 "TN": ("True negative", c * (1 - p), counts.tn, "#555")}
    for key, (name, prob, n, colour) in leaf_text.items():
        _node(notes, *leaves[key], f"<b>{name}</b><br>P = {prob:.4g} · {n:,} people", colour, xanchor="left",
              xshift=8, align="left")
    notes.append(dict(x=-0.75, y=-0.35, xanchor="left", yanchor="bottom", showarrow=False, align="left",
                      text=f"PPV = TP / (TP + FP)<br>= {s * p:.4g} / ({s * p:.4g} + {(1 - c) * (1 - p):.4g})"
                           f"<br>= <b>{r.ppv:.4f}</b>", font=dict(size=13)))
    fig = go.Figure(traces, layout=dict(annotations=notes))
    style(fig, height=380)
    fig.update_xaxes(visible=False, range=[-0.8, 3.25])
    fig.update_yaxes(visible=False, range=[-0.4, 3.4])
    return fig


def ppv_curve(curve: Curve, r: BayesResult, second: SecondTest | None = None) -> go.Figure:
    traces = [go.Scatter(x=curve.prevalence, y=curve.ppv, mode="lines", name="PPV", line=dict(color=VERMILLION),
                         hovertemplate="prevalence %{x:.4g}<br>PPV %{y:.4f}<extra></extra>"),
              go.Scatter(x=curve.prevalence, y=curve.npv, mode="lines", name="NPV", line=dict(color=BLUE),
                         hovertemplate="prevalence %{x:.4g}<br>NPV %{y:.4f}<extra></extra>")]
    points = [("PPV", r.ppv, VERMILLION), ("NPV", r.npv, BLUE)]
    if curve.ppv_two is not None and second is not None:
        traces.append(go.Scatter(x=curve.prevalence, y=curve.ppv_two, mode="lines", name="PPV after two positives",
                                 line=dict(color=PURPLE, dash="dash"),
                                 hovertemplate="prevalence %{x:.4g}<br>after two positives %{y:.4f}<extra></extra>"))
        points.append(("PPV after two positives", second.ppv, PURPLE))
    for name, value, colour in points:
        traces.append(go.Scatter(x=[r.prevalence], y=[value], mode="markers", showlegend=False,
                                 marker=dict(size=12, color=colour, line=dict(color="white", width=2)),
                                 hovertemplate=f"current: {name} %{{y:.4f}} at prevalence %{{x:.4g}}<extra></extra>"))
    shapes = [dict(type="line", xref="x", yref="paper", x0=r.prevalence, x1=r.prevalence, y0=0, y1=1,
                   line=dict(color="#888", dash="dot")),
              dict(type="line", xref="paper", yref="y", x0=0, x1=1, y0=0.5, y1=0.5,
                   line=dict(color=GREEN, dash="dot", width=1))]
    fig = go.Figure(traces, layout=dict(shapes=shapes))
    style(fig, x="Prevalence (log scale)", y="Probability", height=380)
    fig.update_xaxes(type="log", tickvals=[0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5],
                     ticktext=["0.1%", "0.2%", "0.5%", "1%", "2%", "5%", "10%", "20%", "50%"],
                     range=[math.log10(PREVALENCE_GRID[0]) - 0.05, math.log10(PREVALENCE_GRID[-1]) + 0.05])
    fig.update_yaxes(range=[0, 1.02])
    return fig
