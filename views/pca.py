"""PCA: the covariance matrix, its eigenvectors and explained variance; a 2-D cloud whose covariance three knobs
set (or any two columns of a dataset), then the full PCA of wine, breast cancer, iris, digits or an upload."""
from dataclasses import replace

import numpy as np
import streamlit as st

from lib import datasets, links, pages, pca, upload
from lib.choices import DataChoice
from lib.plots import pca as plots
from lib.text import pca as text
from lib.ui import cache, controls, live_chart, show
from lib.ui.rehearse import rehearse_panel
from lib.ui.url import bound, forget_on_change, query

PAGE = "pca"
LOADING_ROWS = 8  # components shown in the loadings heatmap at most
EIGEN_IMAGES = 6


# --- cached steps: one preprocessing and one full decomposition per data setting; n_components only reads ---------

@cache.cached(max_entries=16, spinner="Preparing the features…")
def features(choice: DataChoice, scale: bool) -> pca.Features:
    return pca.prepare(cache.dataset(choice), scale)


@cache.cached(max_entries=16, spinner="Decomposing the covariance matrix…")
def decomposition(choice: DataChoice, scale: bool) -> pca.Decomposition:
    return pca.decompose(features(choice, scale).X)


@cache.cached(max_entries=64, data=True)
def headline(choice: DataChoice, scale: bool, k: int) -> dict:
    return pca.headline(features(choice, scale), decomposition(choice, scale), k)


@cache.cached(max_entries=64)
def plane(choice: DataChoice, scale: bool, x: str, y: str) -> pca.Plane:
    feats = features(choice, scale)
    return pca.plane(np.column_stack([feats.column(x), feats.column(y)]), (x, y))


@cache.cached(max_entries=32)
def digits(choice: DataChoice, scale: bool, k: int) -> tuple[np.ndarray, np.ndarray]:
    feats = features(choice, scale)
    return pca.digit_images(feats, decomposition(choice, scale), k, pca.sample_rows(feats.y))


def projection_figure(choice: DataChoice, scale: bool):
    feats = features(choice, scale)
    classes = sorted(np.unique(feats.y).tolist(), key=datasets.natural_key)
    return plots.projection_figure(decomposition(choice, scale), feats.y, classes)


# --- panels --------------------------------------------------------------------------------------------------

def cloud_knobs(choice: DataChoice) -> DataChoice:
    """The cloud's three knobs (they change the data), added to the data choice."""
    if choice.dataset_id != pca.CLOUD_ID:
        return choice
    columns = st.columns(3)
    knobs = {name: bound(PAGE, name, {"dataset": choice.dataset_id}, container=column)
             for name, column in zip(("correlation", "spread_ratio", "rotation"), columns, strict=True)}
    return replace(choice, params=tuple(sorted({**choice.param_dict, **knobs}.items())))


def plane_columns(choice: DataChoice, feats: pca.Features) -> tuple[str, str]:
    if choice.dataset_id == pca.CLOUD_ID:
        return feats.names[0], feats.names[1]
    default_x, default_y = pca.default_columns(cache.dataset(choice), feats.names)
    left, right = st.columns(2)
    view = {"dataset": choice.dataset_id}
    x = bound(PAGE, "feature_x", view, container=left, options=list(feats.names), default=default_x)
    others = [n for n in feats.names if n != x]
    y = bound(PAGE, "feature_y", view, container=right, options=others,
              default=default_y if default_y in others else others[0])
    return x, y


def plane_panel(choice: DataChoice, scale: bool, feats: pca.Features) -> pca.Plane | None:
    st.subheader("The covariance matrix and its eigenvectors, in 2-D")
    if feats.n_features < 2:
        st.info(text.ONE_FEATURE, icon=":material/info:")
        return None
    st.markdown(text.PLANE_INTRO)
    x, y = plane_columns(choice, feats)
    pc = bound(PAGE, "pc_coordinates", {"dataset": choice.dataset_id})
    found = plane(choice, scale, x, y)
    left, right = st.columns([3, 2], gap="medium")
    with left:
        live_chart.plotly_chart(lambda: plots.plane_figure(found, pc), key="plane", same_for=(choice, scale, x, y, pc))
        st.caption(text.plane_caption(found, pc))
    with right:
        st.markdown("**Covariance matrix and its eigen-decomposition**")
        st.markdown(text.decomposition_markdown(found))
        st.caption(text.trace_caption(found))
        if choice.dataset_id != pca.CLOUD_ID:
            st.caption(text.columns_caption(found.names, scale))
        elif scale:
            st.info(text.SCALED_CLOUD, icon=":material/info:")
    return found


def variance_panel(choice: DataChoice, scale: bool, feats: pca.Features, d: pca.Decomposition, k: int) -> None:
    st.subheader("Explained variance")
    left, right = st.columns([3, 2], gap="medium")
    with left:
        live_chart.plotly_chart(lambda: plots.scree_figure(d, k), key="scree", same_for=(choice, scale, k))
        st.caption(text.SCREE)
    with right:
        st.dataframe(pca.eigen_table(d), height=min(300, 35 * (d.n_components + 1) + 3),
                     column_config={c: st.column_config.NumberColumn(format="%.3f")
                                    for c in ("eigenvalue", "explained variance", "cumulative")})
        st.caption(text.EIGEN_TABLE)
        st.caption(text.components_caption(d, k))
    st.markdown(text.scale_caption(feats, d))


def loadings_panel(choice: DataChoice, scale: bool, k: int) -> None:
    st.subheader("Loadings: what each component is made of")
    n = min(max(k, 2), LOADING_ROWS)
    live_chart.plotly_chart(lambda: plots.loadings_figure(
        pca.loadings(decomposition(choice, scale), features(choice, scale).names, n)), key="loadings",
        same_for=(choice, scale, n))
    st.caption(text.LOADINGS)
    if choice.dataset_id == "digits":
        live_chart.plotly_chart(lambda: plots.eigen_images_figure(decomposition(choice, scale).components[:EIGEN_IMAGES]),
                                key="eigendigits", same_for=(choice, scale))
        st.caption(text.EIGEN_IMAGES)


def projection_panel(choice: DataChoice, scale: bool, n_classes: int) -> None:
    st.subheader("The data in principal-component coordinates")
    if choice.dataset_id == pca.CLOUD_ID:
        st.caption(text.PROJECTION_CLOUD)
        return
    live_chart.plotly_chart(lambda: projection_figure(choice, scale), key="projection", same_for=(choice, scale))
    st.caption(text.PROJECTION)
    if choice.dataset_id in pages.page("clustering").dataset_ids():
        st.page_link("views/clustering.py", label=text.CLUSTERING_LINK, icon=":material/bubble_chart:",
                     query_params=links.carried_over("clustering", query(), n_clusters=n_classes))


def digits_panel(choice: DataChoice, scale: bool, k: int, error: float) -> None:
    if choice.dataset_id != "digits":
        return
    st.subheader(f"Digits rebuilt from {k} components")
    live_chart.plotly_chart(lambda: plots.digits_figure(*digits(choice, scale, k), k), key="digits",
                            same_for=(choice, scale, k))
    st.caption(text.digits_caption(k, error, scale))


# --- the page ------------------------------------------------------------------------------------------------

st.title("PCA: covariance, eigenvectors, explained variance")
st.markdown(text.INTRO)
experiment = controls.sidebar(PAGE)
if experiment is None:
    st.stop()
top = st.columns(2)
view = {"dataset": experiment.data.dataset_id}
# On the cloud `scale` starts off and n_components at 1; elsewhere on and at 2: crossing over starts them afresh.
forget_on_change("_pca_cloud", view["dataset"] == pca.CLOUD_ID, ("scale", "n_components"))
forget_on_change("_pca_dataset", view["dataset"], ("feature_x", "feature_y"))  # another table, other columns
scale = bound(PAGE, "scale", view, container=top[0])
asked = bound(PAGE, "n_components", view, container=top[1])
choice = cloud_knobs(experiment.data)
with show.stop_on_error(pca.PCAError, upload.UploadError):
    feats, found = features(choice, scale), decomposition(choice, scale)
k = min(asked, found.n_components)
st.caption(text.PROTOCOL)
show.notes([*feats.notes, *([text.clipped_note(asked, k)] if k < asked else [])])
values = headline(choice, scale, k)
show.metrics(values, text.METRIC_HELP, text.METRIC_REASONS, per_row=2)  # four across cut the labels
flat = plane_panel(choice, scale, feats)
variance_panel(choice, scale, feats, found, k)
loadings_panel(choice, scale, k)
projection_panel(choice, scale, len(np.unique(feats.y)))
digits_panel(choice, scale, k, values[pca.RECONSTRUCTION])
columns = list(cache.dataset(choice).X.columns) if choice.is_upload else ()
show.reproduce(pca.pca_script(choice, scale, k, columns))
show.related_pages(PAGE)
rehearse_panel(PAGE, pca.pca_checks(feats, found, k, flat))
