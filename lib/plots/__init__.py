"""Shared look for every chart: one colour-blind-safe palette (Okabe–Ito) and a plain layout.

Page-specific figure builders live in `lib/plots/<page>.py`; they take plain
results (arrays, dataclasses) and return plotly figures, never compute metrics.
"""
from __future__ import annotations

import plotly.graph_objects as go

# Okabe & Ito (2008), distinguishable with the common colour-vision deficiencies.
BLUE, ORANGE, GREEN, VERMILLION, SKY, PURPLE, YELLOW, GREY = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#7F7F7F",
)
PALETTE = (BLUE, ORANGE, GREEN, VERMILLION, SKY, PURPLE, YELLOW, GREY)
POSITIVE, NEGATIVE = VERMILLION, BLUE  # the positive class is always vermillion, the negative blue
TRAIN, VALIDATION = BLUE, ORANGE


def style(fig: go.Figure, *, title: str | None = None, x: str | None = None, y: str | None = None,
          height: int = 360) -> go.Figure:
    """Apply the house layout: white background, palette, compact margins, legend on top."""
    fig.update_layout(
        template="plotly_white", colorway=list(PALETTE), height=height, title=title,
        margin=dict(l=10, r=10, t=50 if title else 20, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.02, xanchor="left", x=0),
        font=dict(size=13),
    )
    if x is not None:
        fig.update_xaxes(title=x)
    if y is not None:
        fig.update_yaxes(title=y)
    return fig
