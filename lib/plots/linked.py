"""The tables the live threshold view draws from: every chart's threshold-dependent layer and every headline
number, at every step of the slider, computed once per fitted model.

The browser then redraws any step by itself (lib/ui/linked.py), with no server round trip while the slider
moves. Layers come from the same builders the server-drawn page uses (`lib.plots.classification`), so the
two look the same. To keep the table small, what a layer has in common across steps is sent once
(`static`) and only what changes is sent per step (`steps`).
"""
from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np
from plotly.utils import PlotlyJSONEncoder

from lib.plots.classification import Layer


def plain(obj: Any) -> Any:
    """JSON-ready: numpy arrays and numbers as lists and floats, as plotly writes them."""
    return json.loads(json.dumps(obj, cls=PlotlyJSONEncoder))


def _factor(items: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """{"static": what every step has the same, "steps": {key: [value at each step]}}."""
    keys = list(dict.fromkeys(k for item in items for k in item))
    static, steps = {}, {}
    for key in keys:
        values = [plain(item.get(key)) for item in items]
        if all(v == values[0] for v in values[1:]):
            static[key] = values[0]
        else:
            steps[key] = values
    return {"static": static, "steps": steps}


def layers_over_steps(layer_at: Callable[[float], Layer], grid: Sequence[float]) -> dict[str, Any]:
    """A chart's layer at every threshold of `grid`, factored; every step must draw the same number of traces."""
    layers = [layer_at(float(t)) for t in grid]
    n_traces = {len(traces) for traces, _ in layers}
    if len(n_traces) != 1:
        raise ValueError("a live layer must draw the same traces at every step")
    return {"traces": [_factor([traces[i] for traces, _ in layers]) for i in range(n_traces.pop())],
            "layout": _factor([layout for _, layout in layers])}


def chart(key: str, title: str, explain: str, base: Mapping[str, Any], layer_at: Callable[[float], Layer],
          grid: Sequence[float]) -> dict[str, Any]:
    return {"key": key, "title": title, "explain": explain, "base": plain(base),
            "layer": layers_over_steps(layer_at, grid)}


def metric_table(values_at: Callable[[float], tuple[Mapping[str, str], Mapping[str, str]]],
                 labels: Sequence[str], helps: Mapping[str, str], grid: Sequence[float]) -> list[dict[str, Any]]:
    """Per label: its help and its shown value (`0.912` or `—`) and reason for `—` at every step."""
    shown = [values_at(float(t)) for t in grid]
    return [{"label": label, "help": helps.get(label, ""),
             "values": [values[label] for values, _ in shown],
             "reasons": [reasons.get(label) for _, reasons in shown]} for label in labels]


def grid_list(grid: np.ndarray) -> list[float]:
    return [round(float(t), 2) for t in grid]
