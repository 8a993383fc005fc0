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
TOP_WITH_TITLE, TOP = 50, 20  # px above the plot, for its title or none


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
        margin=dict(l=10, r=10, t=TOP_WITH_TITLE if title else TOP, b=10),
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


# What plotly.js's automargin grows a side to for the usual content (measured in Chromium on every page's
# default view): a titled axis with numeric ticks 48–57 px left (68–71 on a log axis) and 52–56 px below,
# a colour bar 91–105 px right, a legend row above the plot 24–28 px. A side that must grow makes plotly.js
# draw the chart twice (doAutoMargin, ~0.4 s of /fitting's first view), so `reserve_margins` starts a figure
# there; automargin stays on for what these miss (long category labels), at the cost of that second draw.
TITLED_Y_LEFT, LOG_Y_LEFT, TITLED_X_BOTTOM, COLOUR_BAR_RIGHT, TICK_OVERFLOW_RIGHT = 60, 74, 58, 108, 24
LEGEND_ROW, LEGEND_WIDTH, LEGEND_CHARACTER, LEGEND_SYMBOL = 28, 520, 7, 40  # px; a half-width column
COLOUR_BAR_TRACES = {"heatmap", "contour", "histogram2d", "histogram2dcontour"}


def _legend_rows(fig: go.Figure, legend: dict) -> int:
    """Rows of a horizontal legend above the plot (0 where there is none), wrapped at LEGEND_WIDTH."""
    names = [t.name for t in fig.data if t.showlegend is not False and t.name]
    showlegend = fig.layout.showlegend
    shown = legend.get("visible", True) and (showlegend or (showlegend is None and len(names) > 1))
    above = legend.get("orientation") == "h" and legend.get("yanchor") == "bottom" and legend.get("y", 0) >= 1
    if not (shown and above):
        return 0
    rows, used = 1, 0
    for name in names:
        width = LEGEND_SYMBOL + LEGEND_CHARACTER * len(name)
        if used and used + width > LEGEND_WIDTH:
            rows, used = rows + 1, 0
        used += width
    return rows


def reserve_margins(fig: go.Figure) -> go.Figure:
    """Raise each side's margin to what its axis titles, colour bar and top legend usually take, so that
    plotly.js draws the figure once (see TITLED_Y_LEFT). Margins only grow; a figure's own larger ones stay,
    and a second call changes nothing."""
    layout = fig.layout.to_plotly_json()
    margin = {side: layout.get("margin", {}).get(side, 10) for side in "lrtb"}

    def titled(prefix: str) -> list[dict]:
        return [axis for name, axis in layout.items() if name.startswith(prefix) and axis.get("title", {}).get("text")
                and axis.get("visible", True) and axis.get("showticklabels", True)]

    if y_axes := titled("yaxis"):
        log = any(axis.get("type") == "log" for axis in y_axes)
        margin["l"] = max(margin["l"], LOG_Y_LEFT if log else TITLED_Y_LEFT)
    if titled("xaxis"):
        margin["b"] = max(margin["b"], TITLED_X_BOTTOM)
        margin["r"] = max(margin["r"], TICK_OVERFLOW_RIGHT)  # the last tick label's overhang
    if any(t.type in COLOUR_BAR_TRACES and t.showscale is not False for t in fig.data):
        margin["r"] = max(margin["r"], COLOUR_BAR_RIGHT)
    if rows := _legend_rows(fig, layout.get("legend", {})):
        title = TOP_WITH_TITLE if layout.get("title", {}).get("text") else TOP
        margin["t"] = max(margin["t"], title + LEGEND_ROW * rows)
    fig.update_layout(margin=margin)
    return fig
