"""Figures for the clustering page: clusters in 2-D, the silhouette plot, choosing k, the k-distance plot."""
from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lib.clustering import CALINSKI_HARABASZ, SILHOUETTE, Projection
from lib.plots import BLUE, GREEN, GREY, ORANGE, PURPLE, SKY, VERMILLION, YELLOW, marker_trace, style
from lib.sampling import downsample_indices

# Okabe–Ito without grey (kept for noise), ordered so that clusters next to each other in number never get
# the two blues (blue and sky blue are 4 apart in the palette's own order: k = 5 drew clusters 0 and 4 alike).
CLUSTER_COLOURS = (BLUE, ORANGE, GREEN, VERMILLION, PURPLE, YELLOW, SKY)
SYMBOLS = ("circle", "diamond", "square")  # after the 7 colours, a new shape keeps clusters apart
MAX_LEGEND_CLUSTERS = 10


def cluster_colour(label: int) -> str:
    return GREY if label == -1 else CLUSTER_COLOURS[label % len(CLUSTER_COLOURS)]


def _cycled_colours(labels: np.ndarray) -> dict:
    """Marker colours for many clusters as numbers on a stepped scale: plotly checks a list of colour
    strings one by one, which costs hundreds of ms for a few thousand points."""
    n = len(CLUSTER_COLOURS)
    scale = [[edge, colour] for i, colour in enumerate(CLUSTER_COLOURS) for edge in (i / n, (i + 1) / n)]
    return dict(color=np.asarray(labels) % n, colorscale=scale, cmin=-0.5, cmax=n - 0.5, showscale=False)


def _symbol(label: int) -> str:
    return SYMBOLS[(label // len(CLUSTER_COLOURS)) % len(SYMBOLS)]


def clusters(proj: Projection, labels: np.ndarray, centres_name: str = "", height: int = 430) -> go.Figure:
    """The drawn rows coloured by cluster, noise as grey crosses, centroids/means as black X marks."""
    drawn = np.asarray(labels)[proj.rows]
    scatter = marker_trace(len(drawn))
    fig = go.Figure()
    found = [int(v) for v in np.unique(drawn)]
    many = len([v for v in found if v != -1]) > MAX_LEGEND_CLUSTERS
    if many:  # one trace, colours repeat: a legend of dozens of clusters helps nobody
        inside = drawn != -1
        fig.add_trace(scatter(
            x=proj.xy[inside, 0], y=proj.xy[inside, 1], mode="markers", name="clusters (colours repeat)",
            marker=dict(size=5, opacity=0.75, **_cycled_colours(drawn[inside]))))
    for label in found:
        if many and label != -1:
            continue
        mask = drawn == label
        noise = label == -1
        fig.add_trace(scatter(
            x=proj.xy[mask, 0], y=proj.xy[mask, 1], mode="markers",
            name=f"noise ({mask.sum():,})" if noise else f"cluster {label}",
            marker=dict(size=6 if noise else 5, color=cluster_colour(label), opacity=0.6 if noise else 0.75,
                        symbol="x-thin-open" if noise else _symbol(label), line=dict(width=1, color=GREY)),
        ))
    if proj.centres is not None and centres_name:
        fig.add_trace(scatter(  # the points' type: an SVG trace would sit under WebGL points
            x=proj.centres[:, 0], y=proj.centres[:, 1], mode="markers", name=centres_name,
            marker=dict(symbol="x", size=14, color="black", line=dict(width=2, color="white"))))
    style(fig, x=proj.axes[0], y=proj.axes[1], height=height)
    fig.update_layout(legend=dict(font=dict(size=11)))
    fig.update_yaxes(scaleanchor="x", scaleratio=1)  # equal scales: stretched clusters look stretched
    return fig


def silhouette(values: np.ndarray, labels: np.ndarray, mean: float | None, height: int = 430) -> go.Figure:
    """Per-point silhouette, sorted within each cluster (the 'knife' plot), with the mean as a dashed line."""
    fig = go.Figure()
    clusters_found = np.unique(labels)
    many = len(clusters_found) > 2 * MAX_LEGEND_CLUSTERS  # dozens of DBSCAN clusters: one trace, no numbering
    gap = max(4, int(0.02 * len(values))) if not many else 1
    bottom, ticks, names, bars_x, bars_y, bars_label = 0, [], [], [], [], []
    for label in clusters_found:
        cluster = np.sort(values[labels == label])
        top = bottom + len(cluster)
        y = np.arange(bottom, top)
        if many:
            bars_x.append(cluster)
            bars_y.append(y)
            bars_label.append(np.full(len(cluster), int(label)))
        else:
            keep = downsample_indices(len(cluster), 1500)
            fig.add_trace(go.Scatter(
                x=cluster[keep], y=y[keep], mode="lines", fill="tozerox", name=f"cluster {int(label)}",
                line=dict(width=0.5, color=cluster_colour(int(label))), showlegend=False,
                hovertemplate=f"cluster {int(label)}<br>silhouette %{{x:.3f}}<extra></extra>"))
            ticks.append((bottom + top) / 2)
            names.append(f"{int(label)}")
        bottom = top + gap
    if many:  # one bar per point in a single trace: hundreds of traces would slow every rerun
        fig.add_trace(go.Bar(x=np.concatenate(bars_x), y=np.concatenate(bars_y), orientation="h", width=1.0,
                             marker=dict(line=dict(width=0), **_cycled_colours(np.concatenate(bars_label))),
                             showlegend=False,
                             hovertemplate="silhouette %{x:.3f}<extra></extra>"))
    if mean is not None:
        fig.add_vline(x=mean, line=dict(color=VERMILLION, dash="dash", width=2),
                      annotation_text=f"mean {mean:.3f}", annotation_position="top")
    fig.add_vline(x=0, line=dict(color=GREY, width=1))
    style(fig, x="silhouette of each point", y="cluster (points sorted within it)", height=height)
    fig.update_yaxes(tickvals=ticks, ticktext=names, showgrid=False)
    low = float(min(-0.1, np.min(values) - 0.05)) if len(values) else -0.1
    fig.update_xaxes(range=[low, 1.0])
    return fig


def choosing_k(table: pd.DataFrame, algorithm: str, current_k: int, best_k: int | None,
               height: int = 360) -> go.Figure:
    """Left: k-means inertia (elbow), GMM BIC/AIC or agglomerative Calinski–Harabasz; right: mean silhouette."""
    left_title = {"kmeans": "Inertia (elbow)", "gmm": "BIC, AIC (lower better)"}.get(
        algorithm, "Calinski–Harabasz (higher better)")
    # Short titles in a small font: side by side on a 390 px phone they must not run into each other.
    fig = make_subplots(rows=1, cols=2, subplot_titles=(left_title, "Mean silhouette (higher better)"),
                        horizontal_spacing=0.12)
    fig.update_annotations(font_size=12)
    ks = table["k"]
    if algorithm == "kmeans":
        fig.add_trace(go.Scatter(x=ks, y=table["inertia"], mode="lines+markers", name="inertia",
                                 line=dict(color=BLUE)), 1, 1)
    elif algorithm == "gmm":
        fig.add_trace(go.Scatter(x=ks, y=table["bic"], mode="lines+markers", name="BIC", line=dict(color=BLUE)), 1, 1)
        fig.add_trace(go.Scatter(x=ks, y=table["aic"], mode="lines+markers", name="AIC",
                                 line=dict(color=ORANGE, dash="dot")), 1, 1)
        for column, colour in (("bic", BLUE), ("aic", ORANGE)):
            lowest = table.loc[table[column].idxmin()]
            fig.add_trace(go.Scatter(x=[lowest["k"]], y=[lowest[column]], mode="markers", showlegend=False,
                                     marker=dict(symbol="star", size=14, color=colour),
                                     hovertemplate=f"lowest {column.upper()}: k = %{{x}}<extra></extra>"), 1, 1)
    else:
        fig.add_trace(go.Scatter(x=ks, y=table[CALINSKI_HARABASZ], mode="lines+markers", name="Calinski–Harabasz",
                                 line=dict(color=BLUE)), 1, 1)
    fig.add_trace(go.Scatter(x=ks, y=table[SILHOUETTE], mode="lines+markers", name="silhouette",
                             line=dict(color=VERMILLION)), 1, 2)
    if best_k is not None:
        best = table.loc[table["k"] == best_k, SILHOUETTE].iloc[0]
        fig.add_trace(go.Scatter(x=[best_k], y=[best], mode="markers", name=f"best silhouette: k = {best_k}",
                                 marker=dict(symbol="star", size=16, color=VERMILLION)), 1, 2)
    for col in (1, 2):
        fig.add_vline(x=current_k, line=dict(color=GREY, dash="dot", width=2), row=1, col=col)
    # A legend entry for the vertical line (shapes have none).
    fig.add_trace(go.Scatter(x=[None], y=[None], mode="lines", name=f"current k = {current_k}",
                             line=dict(color=GREY, dash="dot", width=2)), 1, 2)
    style(fig, height=height)
    fig.update_xaxes(title="k (number of clusters)", dtick=1)
    fig.update_layout(margin=dict(t=70), legend=dict(y=1.18))
    return fig


def k_distance(distances: np.ndarray, eps: float, min_samples: int, suggested: float | None,
               height: int = 360) -> go.Figure:
    """Sorted distance of each point to its min_samples-th neighbour; points above the eps line become noise
    unless a core point reaches them."""
    keep = downsample_indices(len(distances))
    fig = go.Figure(go.Scatter(x=keep, y=distances[keep], mode="lines", name=f"distance to neighbour {min_samples}",
                               line=dict(color=BLUE, width=2)))
    fig.add_hline(y=eps, line=dict(color=VERMILLION, width=2),
                  annotation_text=f"eps = {eps:g}", annotation_position="top left")
    if suggested is not None and suggested != eps:
        fig.add_hline(y=suggested, line=dict(color=GREY, dash="dot", width=1.5),
                      annotation_text=f"knee ≈ {suggested:g}", annotation_position="bottom right")
    style(fig, x="points, sorted by that distance", y=f"distance to neighbour {min_samples} (itself counted)",
          height=height)
    # A few far outliers would squash the curve flat: show up to the 99.5th percentile (and eps).
    top = max(float(np.quantile(distances, 0.995)), eps, suggested or 0.0) * 1.25
    if top < distances[-1]:
        fig.update_yaxes(range=[0, top])
    return fig
