"""Clustering: evaluate a clustering (internal vs external scores), choose k, choose eps for DBSCAN."""
import numpy as np
import streamlit as st

from lib import clustering as clu
from lib import live_checks, upload
from lib.choices import DataChoice
from lib.plots import clustering as plots
from lib.scripts.clustering import clustering_script
from lib.text import clustering as text
from lib.ui import cache, controls, live_chart, show
from lib.ui.rehearse import rehearse_panel
from lib.ui.url import bound

PAGE = "clustering"


# --- cached steps: on the small frozen choice and settings, never on arrays -------------------------------

@cache.cached(max_entries=16, spinner="Preparing the features…")
def features(choice: DataChoice, scale: bool, anisotropy: float) -> clu.Features:
    return clu.prepare(cache.dataset(choice), scale, anisotropy)


@cache.cached(max_entries=16, spinner="Building the merge tree (cut at every k)…")
def merge_tree(choice: DataChoice, scale: bool, anisotropy: float, linkage: str, ks: tuple) -> dict[int, clu.Point]:
    feats = features(choice, scale, anisotropy)
    X, y = clu.subset(feats, clu.rows_to_cluster("agglomerative", feats.n_rows, choice.seed))
    return clu.agglomerative_points(X, y, linkage, ks, seed=choice.seed)


@cache.cached(max_entries=160)
def k_point(choice: DataChoice, scale: bool, anisotropy: float, algorithm: str, linkage: str, k: int) -> clu.Point:
    """One k of the sweep, fitted once: moving k back to it never refits."""
    if algorithm == "agglomerative":
        return merge_tree(choice, scale, anisotropy, linkage, clu.K_VALUES)[k]
    feats = features(choice, scale, anisotropy)
    return clu.sweep_point(algorithm, feats.X, feats.y, k, seed=choice.seed)


@cache.cached(max_entries=32, spinner="Running DBSCAN…")
def dbscan(choice: DataChoice, scale: bool, anisotropy: float, eps: float, min_samples: int) -> clu.Point:
    """(fit, evaluation); raises `DBSCANTooLarge` when this eps would need too much memory."""
    feats = features(choice, scale, anisotropy)
    clu.check_dbscan_memory(feats.X, eps, choice.seed)
    result = clu.fit("dbscan", feats.X, eps=eps, min_samples=min_samples, seed=choice.seed)
    return result, clu.evaluate(feats.X, result.labels, feats.y, seed=choice.seed)


@cache.cached(max_entries=16, data=True, spinner="Distances to the nearest neighbours…")
def k_distances(choice: DataChoice, scale: bool, anisotropy: float, min_samples: int) -> np.ndarray:
    return clu.k_distances(features(choice, scale, anisotropy).X, min_samples)


@cache.cached(max_entries=32, data=True, spinner="Silhouette on every point (this is O(n²))…")
def exact_silhouette(choice: DataChoice, s: clu.Settings) -> float | None:
    feats = features(choice, s.scale, s.anisotropy)
    X, _ = clu.subset(feats, clu.rows_to_cluster(s.algorithm, feats.n_rows, choice.seed))
    return clu.exact_silhouette(X, fit_for(choice, s)[0].labels)


def fit_for(choice: DataChoice, s: clu.Settings) -> clu.Point:
    if clu.ALGORITHMS[s.algorithm].uses_k:
        return k_point(choice, s.scale, s.anisotropy, s.algorithm, s.linkage, s.n_clusters)
    return dbscan(choice, s.scale, s.anisotropy, s.eps, s.min_samples)


# --- panels -------------------------------------------------------------------------------------------

def settings_panel(choice: DataChoice) -> tuple[clu.Settings, float | None]:
    """The page's controls, bound to the URL; returns the settings and, for DBSCAN, the k-distance knee."""
    top = st.columns(4)
    algorithm = bound(PAGE, "algorithm", container=top[0])
    view = {"algorithm": algorithm, "dataset": choice.dataset_id}
    scale = bound(PAGE, "scale", view, container=top[3])
    anisotropy = bound(PAGE, "anisotropy", view, container=top[3]) if choice.dataset_id == "blobs" else 0.0
    if clu.ALGORITHMS[algorithm].uses_k:
        k = bound(PAGE, "n_clusters", view, container=top[1])
        linkage = bound(PAGE, "linkage", view, container=top[2]) if algorithm == "agglomerative" else "ward"
        return clu.Settings(algorithm, n_clusters=k, linkage=linkage, scale=scale, anisotropy=anisotropy), None
    min_samples = bound(PAGE, "min_samples", view, container=top[2])
    knee = clu.suggest_eps(k_distances(choice, scale, anisotropy, min_samples))
    eps = bound(PAGE, "eps", view, container=top[1], default=knee)
    if eps != knee:
        st.button(f"Use the knee of the k-distance plot: eps = {knee:g}",
                  on_click=lambda: st.session_state.update(eps=knee))
    return clu.Settings(algorithm, eps=eps, min_samples=min_samples, scale=scale, anisotropy=anisotropy), knee


def metrics_panel(choice: DataChoice, s: clu.Settings, feats: clu.Features, point: clu.Point,
                  rows: np.ndarray | None) -> tuple[dict, bool]:
    fitted, evaluation = point
    metrics_box = st.container()  # first on screen, filled after the "exact silhouette" button is read
    values, exact = dict(evaluation.values), False
    if evaluation.silhouette_sampled:
        asked = st.session_state.setdefault("_exact_silhouette", set())
        line = st.columns([2, 1])
        n = evaluation.n_clustered
        if ((choice, s) not in asked and n <= clu.EXACT_SILHOUETTE_MAX_ROWS
                and line[1].button(f"Exact value on all {n:,}", help="Silhouette on every point: seconds to a minute.")):
            asked.add((choice, s))
        exact = (choice, s) in asked
        if exact:
            values[clu.SILHOUETTE] = exact_silhouette(choice, s)
        line[0].caption(text.silhouette_caption(evaluation, exact, choice.seed))
    with metrics_box:
        show.metrics(values, clu.METRIC_HELP, evaluation.reasons, per_row=3)
        st.caption(text.found_caption(evaluation, s.algorithm))
        show.notes(evaluation.notes + fitted.warnings + feats.notes)
        if rows is not None:
            st.warning(text.sample_warning(len(rows), feats.n_rows, choice.seed), icon=":material/info:")
        if not s.scale:
            st.caption(text.EXPLAIN["scaling_off"])
    return values, exact


def k_distance_panel(choice: DataChoice, s: clu.Settings, knee: float) -> None:
    distances = k_distances(choice, s.scale, s.anisotropy, s.min_samples)
    live_chart.plotly_chart(lambda: plots.k_distance(distances, s.eps, s.min_samples, knee), key="k_distance",
                            same_for=(choice, s))  # the knee follows from the choice and min_samples


def clustering_view(choice: DataChoice) -> None:
    s, knee = settings_panel(choice)
    spec = clu.ALGORITHMS[s.algorithm]
    feats = features(choice, s.scale, s.anisotropy)
    try:
        with st.spinner(f"Fitting {spec.name}…"):
            fitted, evaluation = point = fit_for(choice, s)
    except clu.DBSCANTooLarge as exc:
        st.warning(str(exc), icon=":material/memory:")
        k_distance_panel(choice, s, knee)
        return
    st.caption(f"**{spec.name}**: {spec.description}")
    rows = clu.rows_to_cluster(s.algorithm, feats.n_rows, choice.seed)
    X, _ = clu.subset(feats, rows)
    values, exact = metrics_panel(choice, s, feats, point, rows)

    left, right = st.columns(2)
    with left:
        st.subheader("Clusters")
        proj = clu.projection(X, feats.names, fitted.centres, choice.seed)
        live_chart.plotly_chart(lambda: plots.clusters(proj, fitted.labels, spec.centres), key="clusters",
                                same_for=(choice, s))
        st.caption(text.projection_caption(proj, X.shape[1], len(X)))
    with right:
        st.subheader("Silhouette plot")
        if evaluation.silhouette_values is None:
            st.info(f"No silhouette plot: {evaluation.reasons.get(clu.SILHOUETTE, 'undefined here.')}")
        else:
            live_chart.plotly_chart(lambda: plots.silhouette(
                evaluation.silhouette_values, evaluation.silhouette_labels, float(np.mean(evaluation.silhouette_values))),
                key="silhouette", same_for=(choice, s))
        st.caption(text.EXPLAIN["silhouette"])

    ks, k_silhouettes = (), ()
    if spec.uses_k:
        st.subheader("Choosing k")
        points = cache.progress("Fitting k = 2 … 10 for the choice of k…", clu.K_VALUES,
                                lambda k: k_point(choice, s.scale, s.anisotropy, s.algorithm, s.linkage, k))
        sweep = clu.sweep_of(s.algorithm, dict(zip(clu.K_VALUES, points, strict=True)))
        live_chart.plotly_chart(lambda: plots.choosing_k(sweep.table, s.algorithm, s.n_clusters, sweep.best_k),
                                key="choosing_k", same_for=(choice, s))
        st.caption(text.choosing_k_caption(s.algorithm, sweep.best_k))
        ks, k_silhouettes = sweep.table["k"].tolist(), sweep.table[clu.SILHOUETTE].tolist()
    else:
        st.subheader("Choosing eps: the k-distance plot")
        k_distance_panel(choice, s, knee)
        st.caption(text.EXPLAIN["k_distance"] + f" Knee here: about **{knee:g}**.")
    show.reproduce(clustering_script(choice, s, feats.n_rows, exact_silhouette=exact,
                                  dataset=cache.dataset(choice)))
    rehearse_panel(PAGE, live_checks.clustering_checks(
        values[clu.SILHOUETTE], np.bincount(fitted.labels[fitted.labels >= 0]), evaluation.n_noise,
        len(fitted.labels), ks, k_silhouettes))


# --- the page -----------------------------------------------------------------------------------------

st.title("Clustering")
st.caption(text.EXPLAIN["intro"])
experiment = controls.sidebar(PAGE)
if experiment is None:
    st.stop()
with show.stop_on_error(upload.UploadError):
    cache.dataset(experiment.data)
st.caption(text.EXPLAIN["protocol"])
st.fragment(clustering_view)(experiment.data)
