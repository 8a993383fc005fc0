"""Links into the pages: which URL keys a view reads, whether a link's values are usable, and writing links.

`params_for(page, context)` is the URL table of one view: the sidebar keys its page
entry asks for (dataset and the chosen dataset's generator controls, seed, model
and the chosen model's knobs, test size, positive class), then the page's own
keys, each kept only where it applies (`eps` only for DBSCAN, `l1_ratio` only with
elastic-net, …). The bound widgets draw exactly these; question links and the
links pages write are checked against and built from the same entries.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any
from urllib.parse import urlencode

from lib import datasets, models, pages, params
from lib.params import Choice, Context, Param, Value


def dataset_param(page: pages.Page) -> Param:
    options = page.dataset_ids() + ([datasets.UPLOAD_ID] if page.uploads else [])
    default = page.default_dataset if page.default_dataset in options else options[0]
    return Param("dataset", Choice(tuple(options)), default, "Dataset")


def model_param(page: pages.Page) -> Param:
    ids = page.model_ids()
    return Param("model", Choice(tuple(ids)), ids[0], "Model")


def _is_multiclass(context: Context) -> bool:
    spec = datasets.REGISTRY.get(context.get("dataset", ""))
    return context.get("dataset") == datasets.UPLOAD_ID or (spec is not None and spec.task == datasets.MULTICLASS)


def params_for(page_id: str, context: Context | None = None) -> dict[str, Param]:
    """Every URL key the view reads, given the values of the keys it depends on (defaults for the rest)."""
    page = pages.page(page_id)
    given = dict(context or {})
    table: dict[str, Param] = {}
    view = dict(given)  # the given values, and the defaults of the keys added so far

    def add(param: Param) -> None:
        if param.applies(view):
            table[param.name] = param
            view.setdefault(param.name, param.default_in(view))

    if page.datasets is not None:
        add(dataset_param(page))
        spec = datasets.REGISTRY.get(view["dataset"])
        for control in spec.controls if spec else ():
            add(params.control_param(control))
        add(params.SEED)
    if page.models is not None:
        add(model_param(page))
        spec = models.REGISTRY.get(view["model"])
        if spec is not None:
            values = {k.name: given.get(k.name, k.default) for k in spec.knobs}
            for knob in spec.shown_knobs(values):
                add(params.knob_param(knob))
    if page.split:
        add(params.TEST_SIZE)
    if page.one_vs_rest:
        add(replace(params.POSITIVE, when=_is_multiclass))
    for param in page.params:
        add(param)
    return table


def url_table() -> dict[str, dict[str, Any]]:
    """Every key any view can read, with the pages that read it: the URL state in one table (for the README,
    the tests and anyone reading the app). Keys that depend on a registry entry list each page once."""
    rows: dict[str, dict[str, Any]] = {}
    for page in pages.PAGES.values():
        contexts: list[dict[str, Any]] = [{}]
        if page.datasets is not None:
            contexts = [{"dataset": d} for d in page.dataset_ids() + ([datasets.UPLOAD_ID] if page.uploads else [])]
        if page.models is not None:
            contexts = [{**c, "model": m, "penalty": "elasticnet"} for c in contexts for m in page.model_ids()]
        for extra in _page_variants(page):
            for context in contexts:
                for name, param in params_for(page.id, {**context, **extra}).items():
                    row = rows.setdefault(name, {"param": param, "pages": set()})
                    row["pages"].add(page.id)
    return rows


def _page_variants(page: pages.Page) -> list[dict[str, Any]]:
    """Contexts that switch on every conditional key of the page (each value of its choice keys)."""
    variants: list[dict[str, Any]] = [{}]
    for param in page.params:
        if isinstance(param.domain, Choice):
            variants += [{param.name: option} for option in param.domain.options]
        elif callable(param.domain):  # a choice whose options follow other keys (an optimiser per surface)
            found = []
            for variant in variants:
                try:
                    domain = param.domain(variant)
                except (KeyError, TypeError):  # depends on a key no variant sets (the model, say)
                    continue
                if isinstance(domain, Choice):
                    found += [{**variant, param.name: option} for option in domain.options]
            variants += found
    return variants


# --- checking a link -------------------------------------------------------------------

def link_problems(page_id: str, values: Mapping[str, Value]) -> list[str]:
    """Everything wrong with a link to `page_id` carrying `values` (empty: the page shows it as asked)."""
    if page_id not in pages.PAGES:
        return [f"unknown page {page_id!r}"]
    table = params_for(page_id, values)
    problems = [f"`{key}` is not read by the {page_id} page in this view" for key in values if key not in table]
    for key, value in values.items():
        if key in table and (problem := table[key].problem(value, values)):
            problems.append(f"`{key}`: {problem}")
    return problems


# --- writing a link ----------------------------------------------------------------------

def query_string(values: Mapping[str, Value]) -> str:
    return urlencode({key: params.url_text(value) for key, value in values.items()})


def link(page_id: str, values: Mapping[str, Value]) -> str:
    """A relative link (`imbalance?minority=0.02&resampler=none`): it resolves against the app's own
    address, so it also works when the app is served under a path prefix."""
    query = query_string(values)
    path = pages.page(page_id).url_path
    return f"{path}?{query}" if query else (path or ".")


def carried_over(page_id: str, current: Mapping[str, str], **changes: Value) -> dict[str, Value]:
    """The query parameters for `page_id` after `changes`: the current ones it still reads in the new view
    (a model switch drops the old model's knobs), plus the changes."""
    values: dict[str, Value] = {k: params.read_value(v) for k, v in current.items()}
    values.update(changes)
    table = params_for(page_id, values)
    return {k: v for k, v in values.items() if k in table}
