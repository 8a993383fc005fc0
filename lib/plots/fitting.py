"""Figures for the fitting page: validation and learning curves, decision boundary, coefficient paths,
and the polynomial demo. Builders take computed results and return plotly figures."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from lib.boundary import Boundary
from lib.curves import OVERFITTING, UNDERFITTING, LearningCurve, ValidationCurve, log_axis
from lib.models import Knob, format_value
from lib.plots import GREY, NEGATIVE, POSITIVE, TRAIN, VALIDATION, current_line, marker_trace, style
from lib.plots.paths import paths_figure  # noqa: F401 - the page draws it from here
from lib.polynomial import PolynomialFit, Samples

REGION_COLOURS = {UNDERFITTING: "rgba(86, 180, 233, 0.13)", OVERFITTING: "rgba(213, 94, 0, 0.10)"}
REGION_TEXT = {UNDERFITTING: "underfitting", OVERFITTING: "overfitting"}


def _band(fig: go.Figure, x, mean, std, colour: str, name: str, **subplot) -> None:
    """Mean line with a ±1 std band (a closed polygon, so NaN gaps do not smear)."""
    ok = ~np.isnan(mean)
    x_ok, upper, lower = np.asarray(x)[ok], (mean + std)[ok], (mean - std)[ok]
    fig.add_trace(go.Scatter(x=np.concatenate([x_ok, x_ok[::-1]]), y=np.concatenate([upper, lower[::-1]]),
                             mode="lines", fill="toself", fillcolor=colour, opacity=0.18, line=dict(width=0),
                             hoverinfo="skip", showlegend=False, legendgroup=name), **subplot)  # no vertex dots
    fig.add_trace(go.Scatter(x=x, y=mean, mode="lines+markers", name=name, legendgroup=name,
                             line=dict(color=colour, width=2.5), marker=dict(size=6),
                             hovertemplate=f"{name}: %{{y:.3f}}<extra>%{{x}}</extra>"), **subplot)


def _edges(x: np.ndarray, log: bool) -> np.ndarray:
    """Boundaries half-way between neighbouring grid values (geometric mean on a log axis)."""
    if len(x) == 1:
        return np.array([x[0], x[0]])
    mids = np.sqrt(x[:-1] * x[1:]) if log else (x[:-1] + x[1:]) / 2
    return np.concatenate([[x[0]], mids, [x[-1]]])


def validation_curve_figure(curve: ValidationCurve, knob: Knob, current: float, at_current: tuple[float, float],
                            best: int | None, regions: list[tuple[str, int, int]], score: str) -> go.Figure:
    fig = go.Figure()
    x = np.asarray(curve.values, dtype=float)
    log = log_axis(knob)
    edges = _edges(x, log)
    for label, first, last in regions:
        fig.add_shape(type="rect", x0=edges[first], x1=edges[last + 1], y0=0, y1=1, yref="paper",
                      fillcolor=REGION_COLOURS[label], line_width=0, layer="below")
        middle = np.sqrt(edges[first] * edges[last + 1]) if log else (edges[first] + edges[last + 1]) / 2
        fig.add_annotation(x=np.log10(middle) if log else middle, y=0.02, yref="paper", yanchor="bottom",
                           text=REGION_TEXT[label], textangle=-90, showarrow=False, font=dict(size=11, color=GREY))
    _band(fig, x, curve.train_mean, curve.train_std, TRAIN, "Train")
    _band(fig, x, curve.validation_mean, curve.validation_std, VALIDATION, "Validation")
    if best is not None:
        fig.add_trace(go.Scatter(x=[x[best]], y=[curve.validation_mean[best]], mode="markers", name="Best",
                                 marker=dict(symbol="star", size=18, color=VALIDATION, line=dict(width=1.5, color="black")),
                                 hovertemplate=f"best {knob.name} = {format_value(curve.values[best])}: "
                                               "%{y:.3f}<extra></extra>"))
    current_line(fig, current)
    fig.add_trace(go.Scatter(x=[current, current], y=list(at_current), mode="markers",
                             name=f"{knob.name} = {format_value(current)}",
                             marker=dict(size=14, color="white", line=dict(width=3, color="black")),
                             hovertemplate="%{y:.3f}<extra>current</extra>"))
    direction = "more flexible →" if knob.complexity == "higher" else "simpler →"
    style(fig, x=f"{knob.name} ({direction})", y=f"{score} (CV mean ± std)", height=400)
    if log:
        fig.update_xaxes(type="log", exponentformat="power")
        if not knob.log:  # whole numbers: label the grid values themselves, not 2 and 5 between decades
            fig.update_xaxes(tickvals=x, ticktext=[str(int(v)) for v in x])
    return fig


def learning_curve_figure(curve: LearningCurve, score: str) -> go.Figure:
    fig = go.Figure()
    _band(fig, curve.sizes, curve.train_mean, curve.train_std, TRAIN, "Train")
    _band(fig, curve.sizes, curve.validation_mean, curve.validation_std, VALIDATION, "Validation")
    return style(fig, x="training rows", y=f"{score} (CV mean ± std)", height=400)


def _over_white(colour: str, alpha: float) -> str:
    """`colour` painted at `alpha` over white, as an opaque colour."""
    r, g, b = (int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return "rgb({},{},{})".format(*(round(255 + alpha * (c - 255)) for c in (r, g, b)))


def boundary_figure(boundary: Boundary) -> go.Figure:
    # One contour trace draws both the probability shading (coloring="heatmap") and the 0.5 line: the grid is
    # sent once, as float32 (a heatmap plus a contour sent it twice in float64, ~0.5 MB per knob step). The
    # shading is pre-blended with white so the line and the points stay fully opaque.
    fig = go.Figure(go.Contour(
        x=boundary.xs.astype(np.float32), y=boundary.ys.astype(np.float32),
        z=boundary.proba.astype(np.float32), zmin=0, zmax=1,
        colorscale=[[0, _over_white(NEGATIVE, 0.35)], [0.5, "#FFFFFF"], [1, _over_white(POSITIVE, 0.35)]],
        contours=dict(start=0.5, end=0.5, size=1, coloring="heatmap"), line=dict(color="black", width=2),
        colorbar=dict(title=dict(text="P(positive)", side="right"), thickness=12, tickvals=[0, 0.25, 0.5, 0.75, 1]),
        name="boundary (0.5)",
        hovertemplate="P(positive) = %{z:.2f}<extra></extra>"))
    scatter = marker_trace(len(boundary.train) + len(boundary.test))
    for points, split, symbol in ((boundary.train, "train", "circle"), (boundary.test, "test", "x")):
        for label, colour, name in ((0, NEGATIVE, "negative"), (1, POSITIVE, "positive")):
            part = points[points["label"] == label]
            fig.add_trace(scatter(
                x=part["x"].to_numpy(np.float32), y=part["y"].to_numpy(np.float32), mode="markers",
                name=f"{split} · {name}",
                marker=dict(symbol=symbol, size=6 if split == "train" else 7, color=colour,
                            line=dict(width=0.7, color="black" if split == "train" else colour)),
                hovertemplate=f"{split} · {name}<extra></extra>"))
    style(fig, x=boundary.axis_names[0], y=boundary.axis_names[1], height=440)
    fig.update_xaxes(range=[boundary.xs[0], boundary.xs[-1]], showgrid=False)
    fig.update_yaxes(range=[boundary.ys[0], boundary.ys[-1]], showgrid=False)
    return fig


def polynomial_fit_figure(data: Samples, fit: PolynomialFit, truth_y: np.ndarray) -> go.Figure:
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=data.x_test, y=data.y_test, mode="markers", name="test points",
                             marker=dict(size=5, color=GREY, opacity=0.45)))
    fig.add_trace(go.Scatter(x=fit.x, y=truth_y, mode="lines", name="truth: sin(2πx)",
                             line=dict(color=GREY, dash="dash", width=2)))
    fig.add_trace(go.Scatter(x=fit.x, y=fit.fitted, mode="lines", name=f"degree {fit.degree} fit",
                             line=dict(color=POSITIVE, width=3)))
    fig.add_trace(go.Scatter(x=data.x_train, y=data.y_train, mode="markers", name="training points",
                             marker=dict(size=9, color=TRAIN, line=dict(width=1, color="white"))))
    style(fig, x="x", y="y", height=380)
    fig.update_yaxes(range=[-2, 2])  # a wild high-degree fit leaves the frame rather than flattening the data
    return fig


def polynomial_error_figure(degrees: np.ndarray, train: np.ndarray, test: np.ndarray, current: int) -> go.Figure:
    fig = go.Figure()
    fig.add_trace(go.Scatter(x=degrees, y=train, mode="lines+markers", name="train MSE", line=dict(color=TRAIN)))
    fig.add_trace(go.Scatter(x=degrees, y=test, mode="lines+markers", name="test MSE", line=dict(color=VALIDATION)))
    current_line(fig, current)
    style(fig, x="polynomial degree (→ more flexible)", y="mean squared error (log)", height=380)
    fig.update_yaxes(type="log", tickformat=".2~g")  # full numbers (0.05), not plotly's abbreviated "5"
    fig.update_xaxes(dtick=1)
    return fig
