"""Shared look for every chart: one colour-blind-safe palette (Okabe–Ito) and a plain layout.

Page-specific figure builders live in `lib/plots/<page>.py`; they take plain
results (arrays, dataclasses) and return plotly figures, never compute metrics.
"""
from __future__ import annotations

import plotly.graph_objects as go
import plotly.io as pio

TEMPLATE = pio.templates["plotly_white"]

# Okabe & Ito (2008), distinguishable with the common colour-vision deficiencies.
BLUE, ORANGE, GREEN, VERMILLION, SKY, PURPLE, YELLOW, GREY = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#7F7F7F",
)
PALETTE = (BLUE, ORANGE, GREEN, VERMILLION, SKY, PURPLE, YELLOW, GREY)
POSITIVE, NEGATIVE = VERMILLION, BLUE  # the positive class is always vermillion, the negative blue
TRAIN, VALIDATION = BLUE, ORANGE
SVG_MAX_POINTS = 2000  # markers in one chart up to which it is SVG; WebGL above


def marker_trace(n_points: int) -> type[go.Scatter] | type[go.Scattergl]:
    """The scatter type for a chart of `n_points` markers: SVG (go.Scatter) up to SVG_MAX_POINTS, WebGL
    (go.Scattergl) above, where SVG draws slowly. Every marker trace of one chart takes the same type (an
    SVG trace would sit under the WebGL ones). A WebGL scatter also makes the live chart load the full
    plotly.js (~1 s more of a first view, lib/ui/linked.py) instead of the cartesian bundle."""
    return go.Scattergl if n_points > SVG_MAX_POINTS else go.Scatter


def style(fig: go.Figure, *, title: str | None = None, x: str | None = None, y: str | None = None,
          height: int = 360) -> go.Figure:
    """Apply the house layout: white background, palette, compact margins, legend on top."""
    # The registered template is valid already: assigned the way plotly assigns its default template
    # (BaseFigure._initialize_layout_template), without re-validating it, ~16 ms of every figure.
    layout = fig.layout
    layout._validate = False
    try:
        layout.template = TEMPLATE
    finally:
        layout._validate = fig._validate
    fig.update_layout(
        colorway=list(PALETTE), height=height, title=title,
        margin=dict(l=10, r=10, t=50 if title else 20, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        font=dict(size=13),
    )
    if x is not None:
        fig.update_xaxes(title=x)
    if y is not None:
        fig.update_yaxes(title=y)
    return fig


def current_line(fig: go.Figure, x: float, xref: str = "x", yref: str = "paper") -> None:
    """A dashed vertical line at the current value of a knob (add_shape: a fraction of add_vline's cost)."""
    fig.add_shape(type="line", x0=x, x1=x, y0=0, y1=1, xref=xref, yref=yref,
                  line=dict(color="black", dash="dash", width=1.5))
