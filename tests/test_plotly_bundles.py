"""The live charts and the threshold view draw with plotly.js's cartesian bundle (vendored), and only a figure
with a trace type it lacks loads the full plotly.js: the bundle matches the installed plotly, every chart of
the threshold view is cartesian, and scatters stay SVG (cartesian) up to SVG_MAX_POINTS markers."""
import numpy as np
import plotly
import plotly.graph_objects as go

import lib.plots as margins  # the shared look: style, reserve_margins
from lib import thresholds
from lib.plots import SVG_MAX_POINTS, marker_trace
from lib.plots import classification as plots
from lib.ui import linked, live_chart
from lib.ui.threshold import classification_table


def test_the_vendored_bundle_is_the_installed_plotly_js_version():
    """A plotly upgrade must bring the matching bundle: run scripts/vendor_plotly.py."""
    assert linked.vendored_plotly_version() == plotly.offline.get_plotlyjs_version()
    assert linked.plotly_js_url().endswith(f"plotly-cartesian-{plotly.offline.get_plotlyjs_version()}.min.js")
    assert (linked.STATIC / linked.plotly_js_url().rsplit("/", 1)[1]).read_bytes() == \
        linked.CARTESIAN_PLOTLY.read_bytes()


def trace_types(figure: dict) -> set[str]:
    return {trace.get("type", "scatter") for trace in figure.get("data", [])}


def test_every_chart_of_the_threshold_view_draws_with_the_cartesian_bundle():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 400)
    ev = thresholds.evaluate(y, np.clip(0.3 * y + rng.random(400) * 0.7, 0, 1))
    table = classification_table(ev, plots.base_figures(ev, "1"), 1, 5)
    kinds = set()
    for chart in table["charts"]:
        kinds |= trace_types(chart["base"])
        kinds |= {layer["static"].get("type", "scatter") for layer in chart["layer"]["traces"]}
    assert {"heatmap", "bar", "scatter"} <= kinds
    assert not linked.needs_full_plotly(kinds), kinds
    assert linked.static_urls()["plotly"] == linked.plotly_js_url()


def test_scatters_are_svg_up_to_the_limit_and_then_need_the_full_bundle():
    assert marker_trace(SVG_MAX_POINTS)().type == "scatter"
    assert marker_trace(SVG_MAX_POINTS + 1)().type == "scattergl"
    assert not linked.needs_full_plotly(["scatter", "heatmap", "contour", "bar", "box"])
    assert linked.needs_full_plotly(["scatter", "scattergl"])
    assert live_chart.static_urls(full_plotly=True)["plotly"].endswith(
        f"app/static/plotly-{plotly.offline.get_plotlyjs_version()}.min.js")


def plots_margins(fig) -> tuple:
    return tuple(fig.layout.margin[side] for side in "lrtb")


def test_a_figure_starts_with_the_margins_its_titles_colour_bar_and_top_legend_take():
    """plotly.js draws a chart twice when automargin must grow a side; reserve_margins starts it there."""
    fig = margins.style(go.Figure([go.Scatter(x=[1, 2], y=[1, 2], name=f"series {i}") for i in range(2)]),
                      x="x", y="y")
    assert fig.layout.margin.l == 10  # style's own compact margins
    margins.reserve_margins(fig)
    assert (fig.layout.margin.l, fig.layout.margin.b, fig.layout.margin.r) == (
        margins.TITLED_Y_LEFT, margins.TITLED_X_BOTTOM, margins.TICK_OVERFLOW_RIGHT)
    assert fig.layout.margin.t == 20 + margins.LEGEND_ROW  # one legend row above the plot
    reserved = plots_margins(fig)
    assert plots_margins(margins.reserve_margins(fig)) == reserved  # a second call changes nothing

    many = margins.style(go.Figure([go.Scatter(x=[1], y=[1], name="a fairly long series name") for _ in range(12)]),
                       x="x", y="y")
    assert margins.reserve_margins(many).layout.margin.t > 20 + 2 * margins.LEGEND_ROW  # wrapped rows

    log = margins.style(go.Figure(go.Scatter(x=[1, 2], y=[1, 10])), x="x", y="loss").update_yaxes(type="log")
    assert margins.reserve_margins(log).layout.margin.l == margins.LOG_Y_LEFT
    assert margins.reserve_margins(log).layout.margin.t == 20  # one trace: no legend

    heat = margins.style(go.Figure(go.Heatmap(z=[[1, 2], [3, 4]])))
    assert margins.reserve_margins(heat).layout.margin.r == margins.COLOUR_BAR_RIGHT
    assert margins.reserve_margins(heat).layout.margin.l == 10  # untitled axes: left to automargin

    hidden = margins.style(go.Figure(go.Scatter(x=[1], y=[1])), x="x", y="y").update_xaxes(visible=False)
    hidden.update_layout(margin=dict(l=90))
    margins.reserve_margins(hidden)
    assert (hidden.layout.margin.l, hidden.layout.margin.b) == (90, 10)  # larger own margins stay; hidden axis
