"""Figures for the regression page: the four diagnostic pictures (and residuals in row order), the
coefficients with their intervals, and ridge/lasso paths. Builders draw `lib.regression` results and
compute nothing. Like the other pages' figures they carry no title: the page heads each one (the keys of
`diagnostic_figures` are the names `Verdict.picture` uses)."""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib.plots import BLUE, GREY, ORANGE, VERMILLION, marker_trace, style
from lib.plots.paths import paths_figure  # noqa: F401 - the page draws it from here
from lib.regression import Pictures

POINTS, SMOOTHER, REFERENCE = BLUE, VERMILLION, GREY


def _scatter(x, y, name: str, hover: str, rows=None, size: int = 6) -> go.Scatter:
    return marker_trace(len(x))(x=x, y=y, mode="markers", name=name, customdata=rows,
                 marker=dict(size=size, color=POINTS, opacity=0.55, line=dict(width=0)),
                 hovertemplate=hover + ("<br>row %{customdata}" if rows is not None else "") + "<extra></extra>")


def _smoother(x, y) -> go.Scatter:
    return go.Scatter(x=x, y=y, mode="lines", name="lowess smoother", line=dict(color=SMOOTHER, width=3),
                      hoverinfo="skip")


def _sample_note(fig: go.Figure, pictures: Pictures) -> None:
    if pictures.sampled:
        fig.add_annotation(text=f"{len(pictures.rows):,} of {pictures.n_rows:,} training rows drawn",
                           xref="paper", yref="paper", x=1, y=1, xanchor="right", yanchor="bottom",
                           showarrow=False, font=dict(size=11, color=GREY))


def residuals_vs_fitted_figure(pictures: Pictures) -> go.Figure:
    """A flat smoother around 0 means the straight line fits; a curve means a missing term."""
    fig = go.Figure(_scatter(pictures.fitted, pictures.residuals, "residuals", "fitted %{x:.3f}, residual %{y:.3f}",
                             pictures.rows))
    fig.add_trace(_smoother(*pictures.residual_smoother))
    fig.add_hline(y=0, line=dict(color=REFERENCE, dash="dash", width=1.5))
    _sample_note(fig, pictures)
    return style(fig, x="fitted value", y="residual")


def qq_figure(pictures: Pictures) -> go.Figure:
    """Points on the line mean normal errors; an S or a bent end means heavy or skewed tails."""
    fig = go.Figure(_scatter(pictures.qq_theoretical, pictures.qq_sample, "standardised residuals",
                             "normal quantile %{x:.2f}, residual %{y:.2f}"))
    slope, intercept = pictures.qq_line
    ends = np.array([pictures.qq_theoretical[0], pictures.qq_theoretical[-1]])
    fig.add_trace(go.Scatter(x=ends, y=intercept + slope * ends, mode="lines", name="normal reference",
                             line=dict(color=REFERENCE, dash="dash", width=2), hoverinfo="skip"))
    return style(fig, x="theoretical normal quantile", y="standardised residual (ordered)")


def scale_location_figure(pictures: Pictures) -> go.Figure:
    """A flat smoother means constant variance; a rising one means the noise grows with the prediction."""
    fig = go.Figure(_scatter(pictures.fitted, pictures.scale, "√|standardised residual|",
                             "fitted %{x:.3f}, √|r| %{y:.3f}", pictures.rows))
    fig.add_trace(_smoother(*pictures.scale_smoother))
    _sample_note(fig, pictures)
    return style(fig, x="fitted value", y="√|standardised residual|")


def leverage_figure(pictures: Pictures) -> go.Figure:
    """Points beyond the dashed Cook's distance lines move the whole fit on their own."""
    fig = go.Figure(_scatter(pictures.leverage, pictures.standardized, "rows",
                             "leverage %{x:.3f}, standardised residual %{y:.2f}", pictures.rows))
    worst = pictures.most_influential
    fig.add_trace(go.Scatter(x=[pictures.leverage[worst]], y=[pictures.standardized[worst]], mode="markers",
                             name=f"largest Cook's distance ({pictures.cooks[worst]:.3f})",
                             marker=dict(size=13, color="rgba(0,0,0,0)", line=dict(width=2.5, color=VERMILLION)),
                             hovertemplate=f"row {pictures.rows[worst]}: Cook's distance "
                                           f"{pictures.cooks[worst]:.3f}<extra></extra>"))
    for level, dash in zip(sorted(pictures.cooks_contours), ("dash", "dot"), strict=False):
        h, r = pictures.cooks_contours[level]
        for sign in (1, -1):
            fig.add_trace(go.Scatter(x=h, y=sign * r, mode="lines", name=f"Cook's distance {level:g}",
                                     legendgroup=str(level), showlegend=sign == 1,
                                     line=dict(color=ORANGE, dash=dash, width=1.5), hoverinfo="skip"))
    # keep the frame on the data: contour lines shoot up at tiny leverage
    low, high = np.nanmin(pictures.standardized), np.nanmax(pictures.standardized)
    pad = 0.15 * (high - low) + 0.5
    bottom, top = min(low, -3) - pad, max(high, 3) + pad
    fig.update_yaxes(range=[bottom, top])
    level = min(pictures.cooks_contours)
    h, r = pictures.cooks_contours[level]
    reach = float(r[np.searchsorted(h, np.nanmax(pictures.leverage)).clip(0, len(h) - 1)])
    if reach > max(top, -bottom):  # say where the lines are rather than leave the legend pointing at nothing
        fig.add_annotation(text=f"Cook's distance {level:g}: beyond the frame (|residual| > {reach:.1f})",
                           xref="paper", yref="paper", x=0.02, y=0.98, xanchor="left",
                           yanchor="top", showarrow=False, font=dict(size=11, color=GREY))
    fig.update_xaxes(range=[0, float(np.nanmax(pictures.leverage)) * 1.1])
    return style(fig, x="leverage", y="standardised residual")


def residuals_in_order_figure(pictures: Pictures) -> go.Figure:
    """Independent errors look like noise along the rows; runs of same-sign residuals mean autocorrelation."""
    fig = go.Figure(go.Scatter(x=pictures.rows, y=pictures.residuals, mode="lines+markers", name="residual",
                               line=dict(color=POINTS, width=1), marker=dict(size=3, color=POINTS),
                               hovertemplate="row %{x}: %{y:.3f}<extra></extra>"))
    fig.add_hline(y=0, line=dict(color=REFERENCE, dash="dash", width=1.5))
    _sample_note(fig, pictures)
    return style(fig, x="row", y="residual", height=280)


# The four pictures' builders by the names `Verdict.picture` uses, plus residuals in row order.
DIAGNOSTIC_FIGURES = {"Residuals vs fitted": residuals_vs_fitted_figure, "Normal Q-Q": qq_figure,
                      "Scale-location": scale_location_figure, "Residuals vs leverage": leverage_figure,
                      "Residuals in row order": residuals_in_order_figure}


def diagnostic_figures(pictures: Pictures) -> dict[str, go.Figure]:
    return {name: build(pictures) for name, build in DIAGNOSTIC_FIGURES.items()}


def coefficients_figure(table: pd.DataFrame, robust: bool = False, include_intercept: bool = False) -> go.Figure:
    """Each estimate with its 95% interval; an interval crossing 0 means no clear effect."""
    rows = table if include_intercept else table.drop(index="intercept", errors="ignore")
    rows = rows.iloc[::-1]  # first feature at the top
    terms = [str(t) for t in rows.index]
    fig = go.Figure(go.Scatter(
        x=rows["estimate"], y=terms, mode="markers", name="estimate",
        marker=dict(size=10, color=BLUE),
        error_x=dict(type="data", symmetric=False, array=rows["95% CI high"] - rows["estimate"],
                     arrayminus=rows["estimate"] - rows["95% CI low"], color=BLUE, thickness=2, width=6),
        customdata=np.column_stack([rows["95% CI low"], rows["95% CI high"], rows["p-value"]]),
        hovertemplate="%{y}: %{x:.3f}<br>95% CI %{customdata[0]:.3f} to %{customdata[1]:.3f}"
                      "<br>p = %{customdata[2]:.3g}<extra></extra>"))
    fig.add_vline(x=0, line=dict(color=GREY, dash="dash", width=1.5))
    errors = "HC3 robust" if robust else "ordinary"
    return style(fig, x=f"coefficient per SD of the feature, 95% interval ({errors} standard errors)",
                 height=max(260, 60 + 40 * len(terms)))
