"""The sidebar every data page shares: dataset (and its generator controls or an upload), model and its
knobs, seed, test size, positive class. What it draws comes from the page's entry in `lib/pages.py` and
the URL table in `lib/links.py`."""
from __future__ import annotations

from typing import Any

import streamlit as st

from lib import datasets, links, models, pages, params, upload
from lib.choices import DataChoice, Experiment
from lib.markdown import escape
from lib.ui import cache, share
from lib.ui.url import drop_unread, notices_at_top, query, widget


def _dataset_label(dataset_id: str) -> str:
    return "Upload a CSV" if dataset_id == datasets.UPLOAD_ID else datasets.REGISTRY[dataset_id].name


def _generator_controls(spec: datasets.DatasetSpec, box: Any) -> tuple[tuple[str, Any], ...]:
    values = {c.name: widget(params.control_param(c), container=box) for c in spec.controls}
    return tuple(sorted(values.items()))


def _upload_controls(page: pages.Page, seed: int, box: Any) -> DataChoice | None:
    """File picker and target column; the bytes stay in this session only."""
    file = box.file_uploader(
        "CSV file", type=["csv", "txt"], key="upload_file", max_upload_size=upload.STREAMLIT_UPLOAD_MB,
        help=f"Up to {upload.MAX_BYTES // 2**20} MB, {upload.MIN_ROWS}–{upload.MAX_ROWS:,} rows. "
             "Kept in this browser session only; never saved on the server.",
    )
    if file is None:
        st.info("Choose a CSV file in the sidebar. It stays in your session: nothing is written to disk, and "
                "share links cannot include it.", icon=":material/upload_file:")
        return None
    digest = cache.remember_upload(file.getvalue())
    try:
        parsed = cache.parsed_upload(digest)
    except upload.UploadError as exc:
        st.error(f"**{escape(file.name)}**: {exc}", icon=":material/error:")
        return None
    if page.models == models.REGRESSOR:  # a number to predict: numeric columns, the continuous ones first
        candidates = upload.regression_target_candidates(parsed.frame)
        if not candidates:
            st.error(f"**{escape(file.name)}**: no column holds numbers that vary, so there is nothing to "
                     "predict. Add a numeric target column.", icon=":material/error:")
            return None
        target = box.selectbox("Target column (a number)", candidates, key="upload_target",
                               help="Numeric columns with many distinct values come first; you can pick another.")
        return DataChoice(datasets.UPLOAD_ID, seed, (), digest, target)
    candidates = upload.target_candidates(parsed.frame)
    if page.models is None:  # clustering: true labels are optional, used only to score
        picked = box.selectbox("True labels (optional)", ["(none)", *candidates], key="upload_target",
                               help="Hidden from the algorithm; used only to score it (ARI, NMI) or to colour the points.")
        return DataChoice(datasets.UPLOAD_ID, seed, (), digest, None if picked == "(none)" else picked)
    if not candidates:
        st.error(f"**{escape(file.name)}**: no column has between 2 and {upload.MAX_CLASSES} distinct values, so "
                 "there is no class to predict. Add a column of class labels (or, to predict a number, use the "
                 "Regression page).", icon=":material/error:")
        return None
    target = box.selectbox("Target column", candidates, key="upload_target")
    return DataChoice(datasets.UPLOAD_ID, seed, (), digest, target)


def data_choice(page: pages.Page, seed: int, box: Any = st.sidebar) -> DataChoice | None:
    """Dataset picker (and its generator controls or upload). None while an upload is missing or unusable."""
    dataset_id = widget(links.dataset_param(page), container=box)
    box.caption(_dataset_label(dataset_id))
    if dataset_id == datasets.UPLOAD_ID:
        return _upload_controls(page, seed, box)
    spec = datasets.REGISTRY[dataset_id]
    with box.expander("About this dataset"):
        st.write(spec.description)
    return DataChoice(dataset_id, seed, _generator_controls(spec, box))


def model_knobs(model_id: str, container: Any = st.sidebar) -> tuple[tuple[str, Any], ...]:
    """One bound control per knob of `model_id` shown in this view, under the scikit-learn parameter name."""
    spec = models.REGISTRY[model_id]
    values: dict[str, Any] = {}
    for knob in spec.knobs:
        if knob in spec.shown_knobs(values):
            values[knob.name] = widget(params.knob_param(knob), values, container=container)
    return tuple(sorted(values.items()))


def positive_class(data: DataChoice, box: Any = st.sidebar) -> str | None:
    """For multiclass data, which class is 'positive' (one-vs-rest)."""
    try:
        dataset = cache.dataset(data)
    except upload.UploadError:
        return None
    classes = dataset.classes
    if len(classes) <= 2:
        return None
    chosen = widget(params.POSITIVE, container=box, options=classes, default=dataset.positive_class())
    box.caption(f"One-vs-rest: **{escape(chosen)}** vs the other {len(classes) - 1} classes.")
    return chosen


def sidebar(page_id: str, *, knobs: bool = True) -> Experiment | None:
    """Draw the shared sidebar for `page_id` and return the user's choices (None until an upload is usable).

    What it shows follows the page's entry: a model picker if it offers models, the test size if it
    splits, a positive class on multiclass data if it works one-vs-rest. `knobs=False`: the page draws
    the model's knobs itself (the fitting page).
    """
    page = pages.page(page_id)
    st.sidebar.header("Setup")
    data_box, model_box, protocol_box = st.sidebar.container(), st.sidebar.container(), st.sidebar.container()
    with notices_at_top(st.container()):
        # Drawn in reading order (data, model, protocol) but the seed is read first: the data needs it.
        seed = widget(params.SEED, container=protocol_box)
        data = data_choice(page, seed, data_box)
        model_id, model_params = "", ()
        if page.models is not None:
            model_id = widget(links.model_param(page), container=model_box)
            spec = models.REGISTRY[model_id]
            model_box.caption(spec.name)
            with model_box.expander("About this model"):
                st.write(spec.description)
            if knobs:
                with model_box.expander("Model settings", expanded=False):
                    model_params = model_knobs(model_id, container=st)
        test_size = widget(params.TEST_SIZE, container=protocol_box) if page.split else params.TEST_SIZE.default
        positive = positive_class(data, data_box) if (data is not None and page.one_vs_rest) else None
    drop_unread(page_id, {**query(), "dataset": data.dataset_id if data else datasets.UPLOAD_ID,
                          **({"model": model_id} if model_id else {}), **dict(model_params)})
    share.share_box()
    if data is None:
        return None
    return Experiment(data, model_id or "logistic_regression", model_params, round(float(test_size), 2), positive)
