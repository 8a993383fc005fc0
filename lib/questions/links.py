"""Which URL parameters each page reads, so a question's "Open the picture" link can be checked.

One table, `page_links()`, lists per page the parameters a link may set beyond the
shared ones (dataset, seed, generator controls, model, knobs, test size) and what
values each accepts. Every range comes from the module that draws the control
(`lib.imbalance`, `lib.polynomial`, `lib.curves`, `lib.clustering`, and the
registries in `lib/datasets.py` and `lib/models.py`), so a link is judged by the
same grid the page offers. The table is built on first use, so the practice page and
the Rehearse panel do not import the other pages' modules just to show questions.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlencode

from lib import datasets, models

Value = str | int | float
Rule = Callable[[Value], str | None]  # None when fine, else what is wrong

LINK_PAGES = ("classification", "imbalance", "fitting", "clustering")
# Mirrors lib/ui/controls.py (which imports streamlit, so lib/questions cannot); tests compare them.
SEED_MAX = 99_999
TEST_SIZE = dict(low=0.1, high=0.5, step=0.05)


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


def on_grid(grid: tuple) -> Rule:
    """One of the values a select_slider or selectbox offers (numbers compared with a relative tolerance)."""
    def rule(value: Value) -> str | None:
        if isinstance(value, str) or any(isinstance(g, str) for g in grid):
            return None if value in grid else f"{value!r} is not one of {', '.join(map(str, grid))}"
        if not _is_number(value) or not any(math.isclose(value, g, rel_tol=1e-9) for g in grid):
            return f"{value!r} is not on the grid ({models.format_value(grid[0])} … {models.format_value(grid[-1])})"
        return None
    return rule


@dataclass(frozen=True)
class PageLinks:
    """What a page reads from its URL: `model` = the model picker, its knobs and the test size."""

    model: bool
    extras: Mapping[str, Rule] = field(default_factory=dict)


@cache
def page_links() -> dict[str, PageLinks]:
    """Per page, the URL keys it reads beyond the shared ones, each with the values its control offers."""
    from lib import clustering, curves, imbalance, polynomial  # the pages' own grids (see the docstring)

    threshold = number(0.0, 1.0, 0.01)
    return {
        "classification": PageLinks(True, {"threshold": threshold}),
        "imbalance": PageLinks(True, {"threshold": threshold, "minority": on_grid(imbalance.MINORITY_GRID),
                                      "resampler": choice(*imbalance.RESAMPLERS)}),
        "fitting": PageLinks(True, {"degree": on_grid(polynomial.DEGREES), "alpha": on_grid(polynomial.ALPHAS),
                                    "scoring": choice(*curves.SCORINGS)}),
        "clustering": PageLinks(False, {
            "algorithm": choice(*clustering.ALGORITHMS), "n_clusters": on_grid(clustering.K_VALUES),
            "eps": on_grid(clustering.EPS_GRID), "linkage": choice(*clustering.LINKAGES),
            "min_samples": number(clustering.MIN_SAMPLES["low"], clustering.MIN_SAMPLES["high"], 1, whole=True),
        }),
    }


SHARED_RULES: dict[str, Rule] = {"seed": number(0, SEED_MAX, 1, whole=True),
                                 "test_size": number(TEST_SIZE["low"], TEST_SIZE["high"], TEST_SIZE["step"])}
DEFAULT_MODEL = "logistic_regression"


def allowed_keys(page: str, params: Mapping[str, Value] | None = None) -> set[str]:
    """URL keys `page` reads, given the dataset and model a link picks (their controls and knobs)."""
    params = params or {}
    links = page_links()[page]
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
    if page not in LINK_PAGES:
        return [f"unknown page {page!r}"]
    problems = [f"`{key}` is not a control of the {page} page" for key in params if key not in allowed_keys(page, params)]
    rules: dict[str, Rule] = {**SHARED_RULES, **page_links()[page].extras}
    dataset_id = params.get("dataset", datasets.ids_for_page(page)[0])
    if dataset_id not in datasets.ids_for_page(page):
        problems.append(f"dataset {dataset_id!r} is not offered on the {page} page")
    else:
        for c in datasets.REGISTRY[dataset_id].controls:
            rules[c.name] = number(c.low, c.high, c.step, whole=c.is_int)
    model_id = params.get("model", DEFAULT_MODEL)
    if page_links()[page].model:
        if model_id not in models.REGISTRY:
            problems.append(f"unknown model {model_id!r}")
        else:
            rules.update({k.name: on_grid(k.grid) for k in models.REGISTRY[model_id].knobs})
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

