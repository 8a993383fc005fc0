"""Figures for the PCA page: the 2-D cloud with its covariance ellipse and eigenvectors, the scree plot, the
loadings, the projection coloured by class and the digits rebuilt from a few components."""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from lib.pca import ELLIPSE_SD, KEEP_SHARE, Decomposition, Plane
from lib.plots import BLUE, GREY, ORANGE, PALETTE, VERMILLION, marker_trace, style
from lib.sampling import random_rows

MAX_POINTS = 3000  # points drawn per scatter (a random sample above that)
ARROW_COLOURS = (VERMILLION, ORANGE)
SYMBOLS = ("circle", "x", "diamond")  # after the eight colours, a new shape keeps classes apart


def _drawn(n: int, seed: int = 0) -> np.ndarray:
    rows = random_rows(n, MAX_POINTS, seed)
    return np.arange(n) if rows is None else rows


def plane_figure(p: Plane, pc: bool = False, height: int = 460) -> go.Figure:
    """The points, the covariance ellipse at 2 SD and the eigenvectors as arrows √eigenvalue long."""
    points = p.scores if pc else p.points
    rows = _drawn(len(points))
    fig = go.Figure()
    fig.add_trace(marker_trace(len(rows))(x=points[rows, 0], y=points[rows, 1], mode="markers", name="points",
                               marker=dict(size=5, color=BLUE, opacity=0.45)))
    ring = p.ellipse(pc)
    fig.add_trace(go.Scatter(x=ring[:, 0], y=ring[:, 1], mode="lines", name=f"covariance ellipse ({ELLIPSE_SD:g} SD)",
                             line=dict(color=GREY, width=2, dash="dash")))
    for i, (start, end) in enumerate(p.arrows(pc)):
        colour = ARROW_COLOURS[i]
        fig.add_trace(go.Scatter(x=[start[0], end[0]], y=[start[1], end[1]], mode="lines+markers",
                                 name=f"PC{i + 1}: √λ{i + 1} = {np.sqrt(p.eigenvalues[i]):.3g}",
                                 line=dict(color=colour, width=4),
                                 marker=dict(symbol="arrow", angleref="previous", size=[0, 16], color=colour)))
    x_title, y_title = ("PC1", "PC2") if pc else p.names
    style(fig, x=x_title, y=y_title, height=height)
    fig.update_yaxes(scaleanchor="x", scaleratio=1)  # equal units: right angles look right
    return fig


def scree_figure(d: Decomposition, k: int, height: int = 380) -> go.Figure:
    """Explained variance per component (bars) and cumulative (line), the kept components highlighted."""
    n = d.n_components
    index = np.arange(1, n + 1)
    fig = go.Figure()
    fig.add_trace(go.Bar(x=index, y=d.ratio, name="explained variance",
                         marker_color=[BLUE if i <= k else "#b8cfe0" for i in index]))
    fig.add_trace(go.Scatter(x=index, y=np.cumsum(d.ratio), mode="lines+markers", name="cumulative",
                             line=dict(color=ORANGE, width=2), marker=dict(size=6 if n <= 30 else 3)))
    fig.add_hline(y=KEEP_SHARE, line=dict(color=GREY, dash="dot"), annotation_text=f"{KEEP_SHARE:.0%}",
                  annotation_position="bottom right")
    fig.add_vline(x=k + 0.5, line=dict(color=VERMILLION, dash="dash"),
                  annotation_text=f"n_components = {k}", annotation_position="bottom right")
    style(fig, x="principal component", y="share of the total variance", height=height)
    fig.update_yaxes(range=[0, 1.05])
    fig.update_xaxes(dtick=1 if n <= 15 else 5 if n <= 40 else 10, range=[0.4, n + 0.6])
    return fig


def loadings_figure(table: pd.DataFrame, height: int | None = None) -> go.Figure:
    """The components' entries as a heatmap, one row per component, one column per feature."""
    limit = float(np.abs(table.to_numpy()).max()) or 1.0
    fig = go.Figure(go.Heatmap(z=table.to_numpy(), x=list(table.columns), y=list(table.index), zmin=-limit,
                               zmax=limit, colorscale="RdBu_r", colorbar=dict(title="weight", thickness=12),
                               hovertemplate="%{y} · %{x}: %{z:.3f}<extra></extra>"))
    style(fig, height=height or 200 + 36 * len(table))
    fig.update_yaxes(autorange="reversed")
    fig.update_xaxes(tickangle=-45 if len(table.columns) > 6 else 0)
    return fig


def mosaic(images: np.ndarray, gap: int = 1) -> np.ndarray:
    """Rows × columns of equal images (shape (rows, cols, h, w)) in one array, NaN gaps between them: one heatmap
    trace draws them all (a subplot per image costs a few hundred ms to build)."""
    rows, cols, h, w = images.shape
    out = np.full((rows * (h + gap) - gap, cols * (w + gap) - gap), np.nan)
    for r in range(rows):
        for c in range(cols):
            out[r * (h + gap):r * (h + gap) + h, c * (w + gap):c * (w + gap) + w] = images[r, c]
    return out


def _image_layout(fig: go.Figure, cols: int, side: int, labels: list[str], height: int) -> go.Figure:
    fig.update_xaxes(tickvals=[c * (side + 1) + (side - 1) / 2 for c in range(cols)], ticktext=labels, side="top",
                     showgrid=False, zeroline=False)
    fig.update_yaxes(showticklabels=False, showgrid=False, zeroline=False, autorange="reversed", scaleanchor="x")
    return style(fig, height=height)


def eigen_images_figure(components: np.ndarray, side: int = 8, height: int = 200) -> go.Figure:
    """The first components of the digits drawn as 8 × 8 images ('eigendigits')."""
    n = len(components)
    limit = float(np.abs(components).max()) or 1.0
    z = mosaic(components.reshape(1, n, side, side))
    fig = go.Figure(go.Heatmap(z=z, zmin=-limit, zmax=limit, colorscale="RdBu_r", colorbar=dict(thickness=10),
                               hovertemplate="%{z:.3f}<extra></extra>"))
    return _image_layout(fig, n, side, [f"PC{i + 1}" for i in range(n)], height)


def projection_figure(d: Decomposition, y: np.ndarray, classes: list[str], height: int = 460) -> go.Figure:
    """Every row's first two principal-component coordinates, coloured by class (which PCA never saw)."""
    rows = _drawn(len(y))
    scores, labels = d.scores[rows], y[rows]
    fig = go.Figure()
    two, scatter = d.n_components > 1, marker_trace(len(rows))
    for i, name in enumerate(classes):
        mask = labels == name
        fig.add_trace(scatter(x=scores[mask, 0], y=scores[mask, 1] if two else np.zeros(mask.sum()),
                              mode="markers", name=str(name),
                              marker=dict(size=5 if i < len(PALETTE) else 7, opacity=0.7,
                                          color=PALETTE[i % len(PALETTE)],
                                          symbol=SYMBOLS[(i // len(PALETTE)) % len(SYMBOLS)])))
    return style(fig, x="PC1", y="PC2" if two else "", height=height)


def digits_figure(original: np.ndarray, rebuilt: np.ndarray, k: int, height: int = 260) -> go.Figure:
    """Sample digits (top row) and the same images rebuilt from `k` components (bottom row), pixel units 0–16."""
    n, side = len(original), original.shape[1]
    z = mosaic(np.clip(np.stack([original, rebuilt]), 0, 16))
    fig = go.Figure(go.Heatmap(z=z, zmin=0, zmax=16, colorscale="Greys", showscale=False,
                               hovertemplate="%{z:.1f}<extra></extra>"))
    fig = _image_layout(fig, n, side, [f"#{i + 1}" for i in range(n)], height)
    fig.update_yaxes(showticklabels=True, tickvals=[(side - 1) / 2, side + 1 + (side - 1) / 2],
                     ticktext=["original", f"{k} comp."])
    return fig
