"""The live threshold view: a custom component (`st.components.v2`) that redraws the headline numbers and
the threshold's charts in the browser at every slider step, from a table sent once per fitted model.

- The table (lib/plots/linked.py) holds every step's numbers and chart layers; this session sends a table
  once, then only its id. If the page lost it (a reload that kept the session), the component asks again.
- plotly.js is plotly's own cartesian bundle at the version the installed `plotly` package ships (vendored,
  see scripts/vendor_plotly.py), served by Streamlit's static file serving (`static/`, copied there on first
  use): one look with the rest of the app, nothing from a CDN. A figure with a trace type that bundle lacks
  (WebGL scatters of large data) is drawn with the package's full plotly.js instead. The view's
  own module and stylesheet are served the same way; the component's code is a loader stub, because every
  rerun re-sends a component's code (9 KB inline, 0.3 KB as the stub).
- The settled threshold comes back as the component's `threshold` state; the callback writes it into the
  bound `threshold` slider, so the URL, the live checks and the script follow as with any control.
- AppTest cannot run JavaScript: with PLAYGROUND_THRESHOLD_VIEW=plain (the tests set it) the pages draw
  the same content with Streamlit elements instead (`LIVE` is False).
"""
from __future__ import annotations

import functools
import hashlib
import html
import os
import re
import shutil
from collections.abc import Callable, Hashable, Iterable
from pathlib import Path
from typing import Any

import plotly
import streamlit as st

from lib import params

LIVE = os.environ.get("PLAYGROUND_THRESHOLD_VIEW", "live") != "plain"
ASSETS = Path(__file__).parent / "assets"
STATIC = Path(__file__).resolve().parents[2] / "static"  # served at app/static/ (server.enableStaticServing)
COMPONENT_KEY = "threshold_view"
_SENT = "_threshold_tables_sent"  # session_state: ids of the tables this session's browser holds



@functools.cache
def _component():
    """Registered on first use: registration needs the running Streamlit runtime."""
    return st.components.v2.component(
        "playground.threshold_view",
        js=(ASSETS / "threshold_view_loader.js").read_text(encoding="utf-8"),
        isolate_styles=False,  # plotly.js styles its charts from the document's head
    )


def static_url(source: Path, name: str) -> str:
    """`source` copied into static/ once as `name` (which names its version or content), as its URL."""
    target = STATIC / name
    if not target.exists() or target.stat().st_size != source.stat().st_size:
        STATIC.mkdir(exist_ok=True)
        partial = target.with_suffix(f".{os.getpid()}.part")
        shutil.copyfile(source, partial)
        partial.replace(target)  # atomic: a browser never reads half a file
    return f"app/static/{name}"


CARTESIAN_PLOTLY = ASSETS / "vendor" / "plotly-cartesian.min.js"
# The trace types plotly.js's cartesian bundle registers (its README). It loads and evaluates in ~0.7 s in
# Chromium against ~1.7 s for the full bundle, which a page's first view otherwise pays.
CARTESIAN_TRACES = frozenset({"bar", "box", "contour", "heatmap", "histogram", "histogram2d", "histogram2dcontour",
                              "image", "pie", "scatter", "scatterternary", "violin"})


@functools.cache  # read once: every chart's data carries the bundle's URL
def vendored_plotly_version() -> str:
    """The version in the vendored bundle's banner (`plotly.js (cartesian - minified) v4.1.1`)."""
    with CARTESIAN_PLOTLY.open(encoding="utf-8") as file:
        banner = file.read(200)
    return re.search(r"\bv(\d+\.\d+\.\d+)", banner).group(1)


def plotly_js_url(full: bool = False) -> str:
    """plotly.js's cartesian bundle, or with `full` the installed plotly package's whole plotly.js (each
    named by its version)."""
    if full:
        source = Path(plotly.__file__).parent / "package_data" / "plotly.min.js"
        return static_url(source, f"plotly-{plotly.offline.get_plotlyjs_version()}.min.js")
    return static_url(CARTESIAN_PLOTLY, f"plotly-cartesian-{vendored_plotly_version()}.min.js")


def needs_full_plotly(trace_types: Iterable[str]) -> bool:
    return any(kind not in CARTESIAN_TRACES for kind in trace_types)


@functools.cache
def asset_url(name: str) -> str:
    """One of this view's own files (assets/), named by its content so a browser never keeps an old copy."""
    source = ASSETS / name
    digest = hashlib.sha256(source.read_bytes()).hexdigest()[:12]
    name = f"{source.stem}-{digest}{source.suffix}"
    for old in STATIC.glob(f"{source.stem}-*{source.suffix}"):  # earlier versions of this file
        if old.name != name:
            old.unlink(missing_ok=True)
    return static_url(source, name)


def static_urls() -> dict[str, str]:
    """Every file the view loads from static/, copied there (the Dockerfile calls this at build time)."""
    return {"plotly": plotly_js_url(), "loader": asset_url("plotly_loader.js"), "module": asset_url("threshold_view.js"),
            "css": asset_url("threshold_view.css")}


def inline_html(markdown_text: str) -> str:
    """Our own captions (**bold**, *italics*) as HTML for the component."""
    text = html.escape(markdown_text)
    text = re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", text)
    return re.sub(r"\*(.+?)\*", r"<i>\1</i>", text)


def table_id(key: Hashable) -> str:
    return hashlib.sha256(repr(key).encode()).hexdigest()[:16]


def set_threshold(value: float) -> None:
    """Move the bound threshold slider (and so the address bar) to `value`, from a callback."""
    st.session_state[params.THRESHOLD.name] = round(float(value), 2)


def _settled() -> None:
    state = st.session_state.get(COMPONENT_KEY) or {}
    value = state.get("threshold") if isinstance(state, dict) else getattr(state, "threshold", None)
    if value is not None:
        set_threshold(value)


def _missing() -> None:
    st.session_state.get(_SENT, set()).clear()


def threshold_view(key: Hashable, table: Callable[[], dict[str, Any]], threshold: float) -> None:
    """Mount the live view for the table `key` identifies (`table()` builds it, only when this browser lacks it)."""
    ident = table_id(key)
    sent = st.session_state.setdefault(_SENT, set())
    data = {"id": ident, "threshold": threshold, "table": None, **static_urls()}
    if ident not in sent:
        data["table"] = table()
        sent.add(ident)
    _component()(key=COMPONENT_KEY, data=data, default={"threshold": threshold},
               on_threshold_change=_settled, on_missing_change=_missing)
