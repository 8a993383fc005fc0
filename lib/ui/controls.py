"""The sidebar every page shares: dataset, model, seed and test size, all in the URL."""
from __future__ import annotations

import hashlib
from typing import Any

import streamlit as st

from lib import datasets, models, upload
from lib.choices import DataChoice, Experiment
from lib.ui import cached, share
from lib.ui.url import bound_grid, bound_number, bound_select, bound_slider

SEED_MAX = 99_999
TEST_SIZE = dict(low=0.1, high=0.5, default=0.25, step=0.05)


def _dataset_label(dataset_id: str) -> str:
    return "Upload a CSV" if dataset_id == datasets.UPLOAD_ID else datasets.REGISTRY[dataset_id].name


def _generator_controls(spec: datasets.DatasetSpec, box: Any) -> tuple[tuple[str, Any], ...]:
    values = {}
    for c in spec.controls:
        if c.is_int and c.name == "n_samples":
            values[c.name] = bound_number(c.label, int(c.low), int(c.high), int(c.default), c.name,
                                          container=box, help=c.help)
        elif c.is_int:
            values[c.name] = bound_slider(c.label, int(c.low), int(c.high), int(c.default), int(c.step), c.name,
                                          container=box, help=c.help)
        else:
            values[c.name] = bound_slider(c.label, float(c.low), float(c.high), float(c.default), float(c.step),
                                          c.name, container=box, help=c.help)
    return tuple(sorted(values.items()))


def _upload_controls(page: str, seed: int, box: Any) -> DataChoice | None:
    """File picker and target column; the bytes stay in this session only."""
    file = box.file_uploader(
        "CSV file", type=["csv", "txt"], key="upload_file",
        help=f"Up to {upload.MAX_BYTES // 2**20} MB, {upload.MIN_ROWS}–{upload.MAX_ROWS:,} rows. "
             "Kept in this browser session only; never saved on the server.",
    )
    if file is None:
        st.info("Choose a CSV file in the sidebar. It stays in your session: nothing is written to disk, and "
                "share links cannot include it.", icon=":material/upload_file:")
        return None
    raw = file.getvalue()
    digest = hashlib.sha256(raw).hexdigest()
    st.session_state[cached.UPLOAD_STATE] = (digest, raw)
    try:
        parsed = cached.parsed_upload(digest, raw)
    except upload.UploadError as exc:
        st.error(f"**{file.name}**: {exc}", icon=":material/error:")
        return None
    target = None
    if page != "clustering":
        candidates = upload.target_candidates(parsed.frame)
        if not candidates:
            st.error(f"**{file.name}**: no column has between 2 and {upload.MAX_CLASSES} distinct values, so "
                     "there is no class to predict. Add a column of class labels.", icon=":material/error:")
            return None
        target = box.selectbox("Target column", candidates, key="upload_target")
    else:
        options = ["(none)"] + upload.target_candidates(parsed.frame)
        picked = box.selectbox("True labels (optional)", options, key="upload_target",
                                      help="Hidden from the algorithm; used only for ARI and NMI.")
        target = None if picked == "(none)" else picked
    return DataChoice(datasets.UPLOAD_ID, seed, (), digest, target)


def data_choice(page: str, seed: int, box: Any = st.sidebar) -> DataChoice | None:
    """Dataset picker (and its generator controls or upload). None while an upload is missing or unusable."""
    options = datasets.ids_for_page(page) + [datasets.UPLOAD_ID]
    dataset_id = bound_select("Dataset", options, "dataset", container=box)
    box.caption(_dataset_label(dataset_id))
    if dataset_id == datasets.UPLOAD_ID:
        return _upload_controls(page, seed, box)
    spec = datasets.REGISTRY[dataset_id]
    with box.expander("About this dataset"):
        st.write(spec.description)
    return DataChoice(dataset_id, seed, _generator_controls(spec, box))


def model_knobs(model_id: str, container: Any = st.sidebar) -> tuple[tuple[str, Any], ...]:
    """One bound control per knob of `model_id`, under the scikit-learn parameter name."""
    spec = models.REGISTRY[model_id]
    values: dict[str, Any] = {}
    for knob in spec.knobs:
        if knob.name == "l1_ratio" and values.get("penalty") != "elasticnet":
            continue  # only meaningful for elastic-net
        if knob.is_choice:
            values[knob.name] = bound_select(knob.label, knob.grid, knob.name, default=knob.default,
                                             container=container, help=knob.help)
        elif knob.log or not all(isinstance(v, int) for v in knob.grid):
            values[knob.name] = bound_grid(knob.label, knob.grid, knob.default, knob.name,
                                           container=container, help=knob.help)
        else:
            values[knob.name] = bound_slider(knob.label, knob.grid[0], knob.grid[-1], knob.default, 1, knob.name,
                                             container=container, help=knob.help)
    return tuple(sorted(values.items()))


def positive_class(data: DataChoice, box: Any = st.sidebar) -> str | None:
    """For multiclass data, which class is 'positive' (one-vs-rest)."""
    try:
        dataset = cached.dataset(data)
    except upload.UploadError:
        return None
    classes = dataset.classes
    if len(classes) <= 2:
        return None
    default = dataset.positive if dataset.positive in classes else classes[-1]
    chosen = bound_select("Positive class (one-vs-rest)", classes, "positive", default=default,
                          container=box,
                          help="This dataset has more than two classes: the chosen class is 'positive', all "
                               "others together are 'negative'.")
    box.caption(f"One-vs-rest: **{chosen}** vs the other {len(classes) - 1} classes.")
    return chosen


def sidebar(page: str, *, model: bool = True, split: bool = True, knobs: bool = True,
            one_vs_rest: bool = True) -> Experiment | None:
    """Draw the shared sidebar and return the user's choices (None until an upload is usable).

    `model`: show the model picker; `knobs`: its knobs in the sidebar (the fitting page draws them
    itself); `split`: show the test size; `one_vs_rest`: ask for a positive class on multiclass data.
    """
    st.sidebar.header("Setup")
    data_box, model_box, protocol_box = st.sidebar.container(), st.sidebar.container(), st.sidebar.container()
    # Drawn in reading order (data, model, protocol) but the seed is read first: the data needs it.
    seed = bound_number("Random seed", 0, SEED_MAX, 0, "seed", container=protocol_box,
                        help="Drives the synthetic data, the train/test split and the model: same seed, same numbers.")
    data = data_choice(page, seed, data_box)
    model_id = "logistic_regression"
    model_params: tuple[tuple[str, Any], ...] = ()
    if model:
        model_id = bound_select("Model", list(models.REGISTRY), "model", container=model_box)
        model_box.caption(models.REGISTRY[model_id].name)
        with model_box.expander("About this model"):
            st.write(models.REGISTRY[model_id].description)
        if knobs:
            with model_box.expander("Model settings", expanded=False):
                model_params = model_knobs(model_id, container=st)
    test_size = TEST_SIZE["default"]
    if split:
        test_size = bound_slider("Test size", TEST_SIZE["low"], TEST_SIZE["high"], TEST_SIZE["default"],
                                 TEST_SIZE["step"], "test_size", container=protocol_box,
                                 help="Share of rows held out (stratified) to measure the model.")
    positive = positive_class(data, data_box) if (data is not None and one_vs_rest and model) else None
    share.share_box()
    if data is None:
        return None
    return Experiment(data, model_id, model_params, round(float(test_size), 2), positive)
