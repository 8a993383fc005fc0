"""Which URL parameters each page reads, so a question's "Open the picture" link can be checked.

One table, `PAGE_LINKS`, lists per page the parameters a link may set beyond the
registries' own (dataset, seed, generator controls, model and knobs). The
registries in `lib/datasets.py` and `lib/models.py` decide the rest: which
datasets a page offers, each generator control's range and step, each model's
knobs and their grids. Keep the extras in step with the pages that read them.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from lib import datasets, models

Value = str | int | float
Rule = Callable[[Value], str | None]  # None when fine, else what is wrong

# Mirrors lib/ui/controls.py (which imports streamlit, so lib/questions cannot); tests compare them.
SEED_MAX = 99_999
TEST_SIZE = dict(low=0.1, high=0.5, step=0.05)
RESAMPLERS = ("none", "class_weight", "random_over", "smote", "adasyn", "borderline_smote", "random_under",
              "near_miss", "tomek", "smote_enn", "smote_tomek")
CLUSTERING_ALGORITHMS = ("kmeans", "agglomerative", "dbscan", "gmm")
LINKAGES = ("ward", "complete", "average", "single")


def _is_number(value: Value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def number(low: float, high: float, step: float | None = None, *, whole: bool = False) -> Rule:
    """A number in [low, high], on the `step` grid from `low` if given, whole if asked."""
    def rule(value: Value) -> str | None:
        if not _is_number(value) or (whole and not float(value).is_integer()):
            return f"expected {'a whole number' if whole else 'a number'}, got {value!r}"
        if not low <= value <= high:
            return f"{value} is outside {low}–{high}"
        if step and abs((value - low) / step - round((value - low) / step)) > 1e-6:
            return f"{value} is not on the {step} steps from {low}"
        return None
    return rule


def choice(*options: str) -> Rule:
    def rule(value: Value) -> str | None:
        return None if value in options else f"{value!r} is not one of {', '.join(options)}"
    return rule


def _on_grid(grid: tuple) -> Rule:
    def rule(value: Value) -> str | None:
        if isinstance(value, str) or any(isinstance(g, str) for g in grid):
            return None if value in grid else f"{value!r} is not one of {', '.join(map(str, grid))}"
        if not _is_number(value) or not any(math.isclose(value, g, rel_tol=1e-9) for g in grid):
            return f"{value!r} is not on the knob's grid ({models.format_value(grid[0])} … {models.format_value(grid[-1])})"
        return None
    return rule


@dataclass(frozen=True)
class PageLinks:
    """What a page reads from its URL: `model` = the model picker, its knobs and the test size."""

    model: bool
    extras: Mapping[str, Rule] = field(default_factory=dict)


PAGE_LINKS: dict[str, PageLinks] = {
    "classification": PageLinks(True, {"threshold": number(0.0, 1.0, 0.01)}),
    "imbalance": PageLinks(True, {"threshold": number(0.0, 1.0, 0.01), "minority": number(0.001, 0.5),
                                  "resampler": choice(*RESAMPLERS)}),
    "fitting": PageLinks(True, {"degree": number(1, 20, 1, whole=True), "alpha": number(0.0, 10_000.0),
                                "scoring": choice("accuracy", "roc_auc")}),
    "clustering": PageLinks(False, {"algorithm": choice(*CLUSTERING_ALGORITHMS),
                                    "n_clusters": number(2, 10, 1, whole=True), "eps": number(0.01, 10.0),
                                    "min_samples": number(1, 100, 1, whole=True), "linkage": choice(*LINKAGES)}),
}
SHARED_RULES: dict[str, Rule] = {"seed": number(0, SEED_MAX, 1, whole=True),
                                 "test_size": number(TEST_SIZE["low"], TEST_SIZE["high"], TEST_SIZE["step"])}
DEFAULT_MODEL = "logistic_regression"


def allowed_keys(page: str, params: Mapping[str, Value] | None = None) -> set[str]:
    """URL keys `page` reads, given the dataset and model a link picks (their controls and knobs)."""
    params = params or {}
    links = PAGE_LINKS[page]
    keys = {"dataset", "seed"} | set(links.extras)
    dataset_id = params.get("dataset", datasets.ids_for_page(page)[0])
    if dataset_id in datasets.REGISTRY:
        keys |= {c.name for c in datasets.REGISTRY[dataset_id].controls}
    if links.model:
        keys |= {"model", "test_size"}
        model_id = params.get("model", DEFAULT_MODEL)
        if model_id in models.REGISTRY:
            keys |= {k.name for k in models.REGISTRY[model_id].knobs}
    return keys


def link_problems(page: str, params: Mapping[str, Value]) -> list[str]:
    """Everything wrong with a link to `page` with `params` (empty list: the page will show it as asked)."""
    if page not in PAGE_LINKS:
        return [f"unknown page {page!r}"]
    problems = [f"`{key}` is not a control of the {page} page" for key in params if key not in allowed_keys(page, params)]
    rules: dict[str, Rule] = {**SHARED_RULES, **PAGE_LINKS[page].extras}
    dataset_id = params.get("dataset", datasets.ids_for_page(page)[0])
    if dataset_id not in datasets.ids_for_page(page):
        problems.append(f"dataset {dataset_id!r} is not offered on the {page} page")
    else:
        for c in datasets.REGISTRY[dataset_id].controls:
            rules[c.name] = number(c.low, c.high, c.step, whole=c.is_int)
    model_id = params.get("model", DEFAULT_MODEL)
    if PAGE_LINKS[page].model:
        if model_id not in models.REGISTRY:
            problems.append(f"unknown model {model_id!r}")
        else:
            rules.update({k.name: _on_grid(k.grid) for k in models.REGISTRY[model_id].knobs})
            if "l1_ratio" in params and params.get("penalty") != "elasticnet":
                problems.append("`l1_ratio` is only shown with penalty=elasticnet")
    for key, value in params.items():
        rule = rules.get(key)
        problem = rule(value) if rule else None
        if problem:
            problems.append(f"`{key}`: {problem}")
    return problems


def url_value(value: Value) -> str:
    """How the page's widget writes the value in the address bar (`0.01`, `1e-09`, `200`)."""
    return models.format_value(value)


def query_string(params: Mapping[str, Value]) -> str:
    return urlencode({key: url_value(value) for key, value in params.items()})


def link(page: str, params: Mapping[str, Value]) -> str:
    """A relative link (`imbalance?minority=0.02&resampler=none`): it resolves against the app's own
    address, so it also works when the app is served under a path prefix."""
    query = query_string(params)
    return f"{page}?{query}" if query else page

