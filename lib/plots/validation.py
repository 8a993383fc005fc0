"""Pictures of the validation page: the folds (in the manner of scikit-learn's `plot_cv_indices`), the search
heatmap, the leakage demos and nested against non-nested CV. They draw results; they compute nothing."""
from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from lib.models import format_value
from lib.plots import BLUE, GREY, ORANGE, PALETTE, POSITIVE, VERMILLION, style
from lib.validation import Demo, FoldBalance, Nested, Picture, SearchResult

UNUSED, TRAIN, TEST = "#E5E5E5", BLUE, ORANGE
ROLE_NAMES = ("not used", "train", "test")


def _discrete(colours: list[str]) -> list[list]:
    """A colourscale with one flat band per integer 0 … len − 1."""
    n, scale = len(colours), []
    for i, colour in enumerate(colours):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale


def fold_figure(shown: Picture, balance: FoldBalance, fold_scores: np.ndarray, score_name: str,
                group_name: str, positive: str) -> go.Figure:
    """One row per split (train blue, test orange, unused grey), a class bar and a group bar below, and each
    split's score in a column beside it."""
    n_splits, n_columns = shown.roles.shape
    split_labels = [f"Split {i + 1}" for i in range(n_splits)]
    bars = ["Class"] + (["Group"] if shown.groups is not None else [])
    # The group bar gets its own row: two one-row heatmaps on one pair of axes break plotly.js.
    n_rows = 2 + (shown.groups is not None)
    bar_share = 0.09 if n_splits <= 10 else 0.05
    fig = make_subplots(rows=n_rows, cols=2, column_widths=[0.8, 0.2],
                        row_heights=[1 - bar_share * (n_rows - 1)] + [bar_share] * (n_rows - 1),
                        horizontal_spacing=0.03, vertical_spacing=0.02,
                        specs=[[{}, {}]] + [[{}, None]] * (n_rows - 1))
    block = shown.step
    x = shown.rows
    hover_rows = [[f"{label}: row {r}" for r in shown.rows] for label in split_labels]
    fig.add_trace(go.Heatmap(z=shown.roles.tolist(), x=x.tolist(), y=split_labels, zmin=-0.5, zmax=2.5, showscale=False,
                             colorscale=_discrete([UNUSED, TRAIN, TEST]), text=hover_rows,
                             customdata=np.array(ROLE_NAMES, dtype=object)[shown.roles].tolist(),
                             hovertemplate="%{text}<br>%{customdata}<extra></extra>", xgap=0, ygap=2),
                  row=1, col=1)
    fig.add_trace(go.Heatmap(z=[shown.classes.tolist()], x=x.tolist(), y=["Class"], zmin=0, zmax=1, showscale=False,
                             colorscale=[[0, "#D9D9D9"], [0.5, "#D9D9D9"], [0.5, POSITIVE], [1, POSITIVE]],
                             customdata=[np.where(shown.classes == 1, positive, "other").tolist()],
                             hovertemplate="row %{x}: %{customdata}<extra></extra>"), row=2, col=1)
    if shown.groups is not None:
        fig.add_trace(go.Heatmap(z=[(shown.groups % len(PALETTE)).tolist()], x=x.tolist(), y=["Group"], zmin=-0.5,
                                 zmax=len(PALETTE) - 0.5, showscale=False, colorscale=_discrete(list(PALETTE)),
                                 customdata=[shown.groups.tolist()], hovertemplate=f"{group_name}: %{{customdata}}<extra></extra>"),
                      row=3, col=1)
    finite = np.where(np.isfinite(fold_scores), fold_scores, np.nan)
    text = [format_value(round(float(s), 3)) if np.isfinite(s) else "—" for s in fold_scores]
    fig.add_trace(go.Bar(x=finite, y=split_labels, orientation="h", marker_color=GREY, text=text,
                         textposition="inside", insidetextanchor="end", name=score_name,
                         customdata=np.stack([balance.test_positive, balance.n_test], axis=1),
                         hovertemplate=f"%{{y}}: {score_name} %{{x:.3f}}<br>test rows %{{customdata[1]}}, "
                                       f"share of {positive} %{{customdata[0]:.1%}}<extra></extra>"),
                  row=1, col=2)
    for name, colour in (("train", TRAIN), ("test", TEST), ("not used", UNUSED)):
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=name,
                                 marker=dict(color=colour, symbol="square", size=12)))
    fig.update_yaxes(autorange="reversed", row=1, col=1)
    fig.update_yaxes(autorange="reversed", showticklabels=False, row=1, col=2)
    low = np.nanmin(finite) if np.isfinite(finite).any() else 0.0
    fig.update_xaxes(range=[max(0.0, low - 0.1), 1.0], title=f"{score_name} per split", row=1, col=2)
    fig.update_xaxes(title="row, in the order the splitter sees them" + (f" (one row in {block} drawn)"
                                                                         if block > 1 else ""), row=n_rows, col=1)
    for row in range(1, n_rows + 1):
        fig.update_xaxes(showticklabels=row == n_rows, row=row, col=1)
        if row > 1:
            fig.update_xaxes(matches="x", row=row, col=1)  # the bars line up with the splits
    height = 120 + 22 * min(n_splits, 30) + 40 * len(bars)
    return style(fig, height=height)


def search_figure(result: SearchResult, score_name: str) -> go.Figure:
    """Mean CV score over the grid (std on hover), unevaluated cells blank, the best cell outlined."""
    grid = result.grid
    names = grid.knobs
    rows = [format_value(v) for v in grid.values[0]]
    if len(names) == 1:
        mean, std, columns = result.mean.reshape(-1, 1), result.std.reshape(-1, 1), [""]
    else:
        mean, std, columns = result.mean, result.std, [format_value(v) for v in grid.values[1]]
    text = np.where(np.isfinite(mean), np.vectorize(lambda m: f"{m:.3f}")(np.nan_to_num(mean)), "")
    fig = go.Figure(go.Heatmap(z=mean, x=columns, y=rows, colorscale="Viridis", text=text,
                               texttemplate="%{text}", customdata=std, colorbar=dict(title=score_name),
                               hovertemplate=(f"{names[0]}=%{{y}}" + (f", {names[1]}=%{{x}}" if len(names) > 1 else "")
                                              + f"<br>mean {score_name} %{{z:.3f}} ± %{{customdata:.3f}} (std over "
                                              "folds)<extra></extra>")))
    i = result.best[0]
    j = result.best[1] if len(names) > 1 else 0
    fig.add_shape(type="rect", x0=j - 0.5, x1=j + 0.5, y0=i - 0.5, y1=i + 0.5, line=dict(color=VERMILLION, width=4),
                  xref="x", yref="y")
    fig.update_xaxes(type="category", title=names[1] if len(names) > 1 else "")
    fig.update_yaxes(type="category", title=names[0], autorange="reversed")
    return style(fig, height=140 + 50 * len(rows))


def demo_figure(demo: Demo, score_name: str, leaky_name: str, honest_name: str) -> go.Figure:
    """Fold scores of the leaky and the honest procedure, their means, and the test score."""
    fig = go.Figure()
    for folds, name, colour in ((demo.leaky_folds, leaky_name, VERMILLION), (demo.pipeline_folds, honest_name, BLUE)):
        fig.add_trace(go.Box(x=folds, name=name, marker_color=colour, boxpoints="all", jitter=0.3, pointpos=0,
                             boxmean=True, orientation="h"))
    fig.add_vline(x=demo.test, line_dash="dash", line_color=GREY, annotation_text=f"Test score {demo.test:.3f}",
                  annotation_position="top")
    fig.update_layout(showlegend=False)
    return style(fig, x=f"{score_name} per fold", height=260)


def nested_figure(nested: Nested, score_name: str) -> go.Figure:
    trials = [f"Repetition {i + 1}" for i in range(len(nested.trials))]
    fig = go.Figure([go.Bar(x=trials, y=[t.non_nested for t in nested.trials], name="Non-nested", marker_color=ORANGE),
                     go.Bar(x=trials, y=[t.nested for t in nested.trials], name="Nested", marker_color=BLUE)])
    values = [v for t in nested.trials for v in (t.non_nested, t.nested)]
    fig.update_yaxes(range=[max(0.0, min(values) - 0.05), min(1.0, max(values) + 0.03)])
    fig.update_layout(barmode="group")
    return style(fig, y=score_name, height=300)
