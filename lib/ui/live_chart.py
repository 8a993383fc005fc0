"""Plotly charts that a rerun updates in place, for the charts a live control changes at every step.

`st.plotly_chart` hashes the figure into the element's id, so a changed figure reaches the browser as a
new chart, which plotly.js draws from scratch (measured on /fitting: ~0.4 s of the browser's 0.5 s per knob
step for the four changed charts). This component keeps its key, so a new figure is one `Plotly.react` on
the same plot, and a figure that did not change is not drawn again. Each figure's JSON is also
kept per `same_for`, the small key its inputs follow from, so a rerun that revisits a setting builds no
figure (plotly's validation made building and serialising the figures most of a knob step's server time).
It uses the same plotly.js and loader as the threshold view (lib/ui/linked.py): the cartesian bundle, or
the full one for a figure with another trace type (a WebGL scatter of many points); with
PLAYGROUND_THRESHOLD_VIEW=plain (AppTest) it is `st.plotly_chart` of a freshly built figure.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Hashable

import plotly.graph_objects as go
import plotly.io as pio
import streamlit as st

from lib import plots
from lib.ui import cache, linked


@functools.cache
def _component():
    """Registered on first use: registration needs the running Streamlit runtime."""
    return st.components.v2.component(
        "playground.live_chart",
        js=(linked.ASSETS / "threshold_view_loader.js").read_text(encoding="utf-8"),
        isolate_styles=False,  # plotly.js styles its charts from the document's head
    )


def static_urls(full_plotly: bool = False) -> dict[str, str]:
    """The files the chart loads from static/, copied there (the Dockerfile calls this at build time)."""
    return {"module": linked.asset_url("live_chart.js"), "loader": linked.asset_url("plotly_loader.js"),
            "plotly": linked.plotly_js_url(full=full_plotly)}


def spec(fig: go.Figure) -> str:
    """The figure as the JSON the browser draws."""
    return pio.to_json(fig, validate=False)


@cache.cached(max_entries=256)  # a few tens of KB each (the boundary's grid is float32)
def _spec(key: str, same_for: Hashable, _build: Callable[[], go.Figure]) -> tuple[str, bool]:  # noqa: ARG001 - the cache key
    """The figure's JSON, and whether drawing it needs the full plotly.js."""
    fig = plots.reserve_margins(_build())
    return spec(fig), linked.needs_full_plotly(trace.type for trace in fig.data)


def plotly_chart(build: Callable[[], go.Figure], key: str, *, same_for: Hashable) -> None:
    """The figure `build()` returns, at full width, drawn in place across reruns under `key`; built once per
    `same_for`, which must determine every input of `build` (e.g. the tuned Experiment and the scoring)."""
    if not linked.LIVE:
        st.plotly_chart(build(), width="stretch", key=key)
        return
    figure, full_plotly = _spec(key, same_for, build)
    _component()(key=f"live_chart_{key}", data={"name": key, "spec": figure, **static_urls(full_plotly)})
