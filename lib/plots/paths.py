"""The regularisation-paths picture shared by the fitting page (C) and the regression page (alpha)."""
from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lib.plots import GREY, PALETTE, current_line, style
from lib.regularisation import CoefficientPaths

TITLES = {"l1": "L1 (lasso): weights reach exactly 0", "l2": "L2 (ridge): weights shrink, none is 0",
          "lasso": "Lasso (L1): weights reach exactly 0", "ridge": "Ridge (L2): weights shrink, none is 0"}
KNOB_AXIS = {"C": "C (→ weaker regularisation)", "alpha": "alpha (→ stronger regularisation)"}


def paths_figure(paths: CoefficientPaths, current: float | None = None, shown: list[int] | None = None) -> go.Figure:
    """The L1 family above, the L2 family below, each with its own y range (L2 weights on separable data grow far
    larger); the current knob value dashed; `shown` features (default: the 10 largest)."""
    families = list(paths.coefs)
    shown = paths.largest(10) if shown is None else shown
    fig = make_subplots(rows=2, cols=1, shared_xaxes=True, vertical_spacing=0.09,
                        subplot_titles=tuple(TITLES.get(f, f) for f in families))
    dashes = ("solid", "dash", "dot")
    for n, i in enumerate(shown):
        colour, dash = PALETTE[n % len(PALETTE)], dashes[(n // len(PALETTE)) % len(dashes)]
        for row, family in enumerate(families, start=1):
            fig.add_trace(go.Scatter(
                x=paths.values, y=paths.coefs[family][:, i], mode="lines", name=paths.features[i],
                legendgroup=str(i), showlegend=row == 1, line=dict(color=colour, dash=dash, width=2),
                hovertemplate=f"{paths.features[i]}<br>{paths.knob}=%{{x:g}}: %{{y:.3f}}<extra>{family}</extra>"),
                row=row, col=1)
    if current is not None:
        for x_axis, y_axis in (("x", "y"), ("x2", "y2")):
            current_line(fig, current, x_axis, f"{y_axis} domain")
    style(fig, height=620)
    fig.update_xaxes(type="log", exponentformat="power")
    fig.update_xaxes(title=KNOB_AXIS.get(paths.knob, paths.knob), row=2, col=1)
    fig.update_yaxes(title="coefficient (per SD of the feature)", zeroline=True, zerolinecolor=GREY)
    fig.update_layout(legend=dict(orientation="h", x=0, y=-0.14, yanchor="top", xanchor="left", font=dict(size=11)),
                      margin=dict(t=40, b=10))
    return fig
