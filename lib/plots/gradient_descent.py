"""Figures for the gradient-descent page: the loss surface's contours with the path (plotly animation frames,
a play button and a step slider), and the loss above its minimum per iteration on a log axis. Builders draw
`lib.gradient_descent` results and compute nothing but the frame indices."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from lib.gradient_descent import TOLERANCE, Contour, Run
from lib.plots import BLUE, GREY, ORANGE, VERMILLION, style

PATH, OPTIMUM, START = VERMILLION, BLUE, ORANGE
MAX_FRAMES = 50
FLOOR = 1e-16  # an exact zero cannot sit on a log axis


def frame_steps(n_points: int, most: int = MAX_FRAMES) -> list[int]:
    """Which path lengths the animation shows: every step for short paths, evenly spaced otherwise."""
    if n_points <= most:
        return list(range(1, n_points + 1))
    return sorted({int(round(v)) for v in np.linspace(1, n_points, most)})


def _path_traces(path: np.ndarray, upto: int) -> list[dict]:
    """The path so far and its current point (numpy arrays: plotly sends them as compact typed arrays)."""
    shown = path[:upto]
    return [dict(type="scatter", x=shown[:, 0], y=shown[:, 1], mode="lines+markers",
                 name="path", line=dict(color=PATH, width=2), marker=dict(size=5, color=PATH),
                 hovertemplate="w₁ %{x:.4f}, w₂ %{y:.4f}<extra></extra>"),
            dict(type="scatter", x=shown[-1:, 0], y=shown[-1:, 1], mode="markers",
                 name="current", marker=dict(size=12, color=PATH, symbol="circle-open", line=dict(width=3)),
                 hoverinfo="skip", showlegend=False)]


def contour_figure(run: Run, surface: Contour, height: int = 480) -> go.Figure:
    """log10(loss − minimum) as filled contours, the optimum, the start and the path drawn step by step."""
    z = np.log10(np.maximum(surface.loss - surface.min_loss, 0) + 1e-6)
    fig = go.Figure(go.Contour(x=surface.x, y=surface.y, z=z, colorscale="Greys", reversescale=True,
                               ncontours=22, opacity=0.55, showscale=False, hoverinfo="skip",
                               contours=dict(coloring="fill", showlines=True), line=dict(width=0.5, color=GREY)))
    fig.add_trace(go.Scatter(x=[surface.optimum[0]], y=[surface.optimum[1]], mode="markers", name="optimum",
                             marker=dict(size=16, color=OPTIMUM, symbol="star"),
                             hovertemplate="optimum (%{x:.4f}, %{y:.4f})<extra></extra>"))
    fig.add_trace(go.Scatter(x=run.path[:1, 0], y=run.path[:1, 1], mode="markers", name="start",
                             marker=dict(size=12, color=START, symbol="square"),
                             hovertemplate="start (%{x:.2f}, %{y:.2f})<extra></extra>"))
    n = len(run.path)
    fig.add_traces([go.Scatter(trace) for trace in _path_traces(run.path, n)])
    steps = frame_steps(n)
    fig.update_layout(
        updatemenus=[dict(type="buttons", showactive=False, x=0, y=-0.2, xanchor="left", yanchor="top",
                          direction="left", pad=dict(t=0, r=8),
                          buttons=[dict(label="▶ Play", method="animate",
                                        args=[None, dict(frame=dict(duration=80, redraw=True), fromcurrent=False,
                                                         transition=dict(duration=0), mode="immediate")]),
                                   dict(label="❚❚ Pause", method="animate",
                                        args=[[None], dict(frame=dict(duration=0, redraw=False),
                                                           mode="immediate")])])],
        sliders=[dict(active=len(steps) - 1, x=0.2, len=0.8, y=-0.12, yanchor="top",
                      currentvalue=dict(prefix="step ", font=dict(size=12)), pad=dict(t=0),
                      steps=[dict(label=str(k - 1), method="animate",
                                  args=[[str(k - 1)], dict(frame=dict(duration=0, redraw=True), mode="immediate",
                                                           transition=dict(duration=0))]) for k in steps])])
    x0, x1, y0, y1 = surface.x[0], surface.x[-1], surface.y[0], surface.y[-1]
    fig.update_xaxes(range=[x0, x1], constrain="domain")
    fig.update_yaxes(range=[y0, y1], scaleanchor="x", scaleratio=1)
    style(fig, x="w₁", y="w₂", height=height)
    fig.update_layout(margin=dict(l=10, r=10, t=30, b=125))
    fig.frames = [go.Frame(data=_path_traces(run.path, k), traces=[3, 4], name=str(k - 1)) for k in steps]
    return fig


def loss_figure(run: Run, height: int = 420) -> go.Figure:
    """Loss − minimum per iteration on a log axis, with the convergence tolerance as a dashed line."""
    gaps = np.maximum(run.gaps, FLOOR)
    fig = go.Figure(go.Scatter(x=np.arange(len(gaps)), y=gaps, mode="lines", name="loss − minimum",
                               line=dict(color=PATH, width=2),
                               hovertemplate="step %{x}: %{y:.3e}<extra></extra>"))
    fig.add_hline(y=TOLERANCE, line=dict(color=GREY, dash="dash", width=1.5),
                  annotation_text=f"tolerance {TOLERANCE:g}", annotation_position="bottom right")
    if run.diverged_at is not None:
        fig.add_vline(x=run.diverged_at, line=dict(color=VERMILLION, dash="dot", width=2),
                      annotation_text=f"diverged at step {run.diverged_at}", annotation_position="top left")
    fig.update_yaxes(type="log", exponentformat="power")
    return style(fig, x="step", y="loss − minimum (log scale)", height=height)
