"""Clustering: evaluate a clustering (internal vs external scores), choose k, choose eps for DBSCAN."""
import numpy as np
import streamlit as st

from lib import clustering as clu
from lib import live_checks, upload
from lib.plots import clustering as plots
from lib.ui import cached, controls, show
from lib.ui import clustering_cached as cc
from lib.ui.rehearse import rehearse_panel
from lib.ui.url import bound_grid, bound_select, bound_slider, bound_toggle

st.title("Clustering")
st.caption(clu.EXPLAIN["intro"])
experiment = controls.sidebar("clustering", model=False, split=False)
if experiment is None:
    st.stop()
choice = experiment.data
try:
    cached.dataset(choice)
except upload.UploadError as exc:
    st.error(str(exc), icon=":material/error:")
    st.stop()


def _use_knee(value: float) -> None:
    st.session_state["eps"] = value


@st.fragment
def clustering_view() -> None:
    top = st.columns(4)
    algorithm = bound_select("Algorithm", list(clu.ALGORITHMS), "algorithm", container=top[0],
                             help="kmeans, agglomerative, dbscan or gmm (Gaussian mixture).")
    spec = clu.ALGORITHMS[algorithm]
    scale = bound_toggle("Scale features", True, "scale", container=top[3],
                         help="Rescale every feature to mean 0, standard deviation 1 before clustering.")
    anisotropy = 0.0
    if choice.dataset_id == "blobs":
        anisotropy = bound_slider("Anisotropy (stretch)", clu.ANISOTROPY["low"], clu.ANISOTROPY["high"],
                                  clu.ANISOTROPY["default"], clu.ANISOTROPY["step"], "anisotropy", container=top[3],
                                  help="0 = round blobs; 1 = the stretched blobs of scikit-learn's example, "
                                       "where k-means cuts across clusters and a Gaussian mixture does not.")
    feats = cc.features(choice, scale, anisotropy)
    settings = dict(algorithm=algorithm, scale=scale, anisotropy=anisotropy)

    if spec.uses_k:
        k = bound_slider("Number of clusters (k)", clu.K_VALUES[0], clu.K_VALUES[-1], clu.DEFAULT_K, 1,
                         "n_clusters", container=top[1])
        linkage = "ward"
        if algorithm == "agglomerative":
            linkage = bound_select("Linkage", clu.LINKAGES, "linkage", container=top[2],
                                   help="How the distance between two clusters is measured when merging.")
        with st.spinner(f"Fitting k = {k}…"):
            fitted, evaluation = cc.k_point(choice, scale, anisotropy, algorithm, linkage, k)
        settings.update(n_clusters=k, linkage=linkage)
    else:
        min_samples = bound_slider("min_samples", clu.MIN_SAMPLES["low"], clu.MIN_SAMPLES["high"],
                                   clu.MIN_SAMPLES["default"], 1, "min_samples", container=top[2],
                                   help="Neighbours (the point itself included) a core point needs within eps.")
        distances = cc.k_distances(choice, scale, anisotropy, min_samples)
        knee = clu.suggest_eps(distances)
        eps = bound_grid("eps (neighbourhood radius)", clu.EPS_GRID, knee, "eps", container=top[1],
                         help="Points closer than eps are neighbours. The default is the knee of the k-distance "
                              "plot below.")
        if eps != knee:
            st.button(f"Use the knee of the k-distance plot: eps = {knee:g}", on_click=_use_knee, args=(knee,))
        settings.update(eps=eps, min_samples=min_samples)
        outcome = cc.dbscan(choice, scale, anisotropy, eps, min_samples)
        if isinstance(outcome, str):
            st.warning(outcome, icon=":material/memory:")
            st.plotly_chart(plots.k_distance(distances, eps, min_samples, knee), width="stretch")
            return
        fitted, evaluation = outcome
    settings = clu.Settings(**settings)
    st.caption(f"**{spec.name}**: {spec.description}")
    rows = clu.rows_to_cluster(algorithm, feats.n_rows, choice.seed)
    X, _ = clu.subset(feats, rows)

    # Metrics first on screen, but filled after the "exact silhouette" button below has been read.
    metrics_box = st.container()
    values, exact = dict(evaluation.values), False
    if evaluation.silhouette_sampled:
        asked = st.session_state.setdefault("_exact_silhouette", set())
        n = evaluation.n_clustered
        line = st.columns([2, 1])
        offer = (choice, settings) not in asked and n <= clu.EXACT_SILHOUETTE_MAX_ROWS
        if offer and line[1].button(f"Exact value on all {n:,}", help="Silhouette on every point: seconds to a minute."):
            asked.add((choice, settings))
        exact = (choice, settings) in asked
        if exact:
            values[clu.SILHOUETTE] = cc.exact_silhouette(choice, settings)
        line[0].caption(clu.silhouette_caption(evaluation, exact, choice.seed))
    with metrics_box:
        show.metrics(values, clu.METRIC_HELP, evaluation.reasons, per_row=3)
        noise = f", {evaluation.n_noise:,} noise points" + ("" if evaluation.n_noise else
                                                               " (none to leave out of the internal scores)")
        found = f"{evaluation.n_clusters} clusters found" + (noise if algorithm == "dbscan" else "")
        st.caption(f"{found}. {clu.EXPLAIN['internal_external']}")
        show.notes(evaluation.notes + fitted.warnings + feats.notes)
        if rows is not None:
            st.warning(f"Agglomerative clustering needs memory for every pair of points, so it runs on a random "
                       f"sample of {len(rows):,} of the {feats.n_rows:,} rows (seed {choice.seed}); every score "
                       "and chart here is for that sample.", icon=":material/info:")
        if not scale:
            st.caption(clu.EXPLAIN["scaling_off"])

    left, right = st.columns(2)
    with left:
        st.subheader("Clusters")
        proj = clu.projection(X, feats.names, fitted.centres, choice.seed)
        st.plotly_chart(plots.clusters(proj, fitted.labels, spec.centres), width="stretch")
        st.caption(clu.projection_caption(proj, X.shape[1], len(X)))
    with right:
        st.subheader("Silhouette plot")
        if evaluation.silhouette_values is None:
            st.info(f"No silhouette plot: {evaluation.reasons.get(clu.SILHOUETTE, 'undefined here.')}")
        else:
            st.plotly_chart(plots.silhouette(evaluation.silhouette_values, evaluation.silhouette_labels,
                                             float(np.mean(evaluation.silhouette_values))), width="stretch")
        st.caption(clu.EXPLAIN["silhouette"])

    if spec.uses_k:
        st.subheader("Choosing k")
        sweep = cc.k_sweep(choice, scale, anisotropy, algorithm, linkage)  # after the rest: the view comes first
        st.plotly_chart(plots.choosing_k(sweep.table, algorithm, k, sweep.best_k), width="stretch")
        st.caption(clu.EXPLAIN[f"choosing_k_{algorithm}"] + (
            f" Best mean silhouette here: **k = {sweep.best_k}**." if sweep.best_k else ""))
    else:
        st.subheader("Choosing eps: the k-distance plot")
        st.plotly_chart(plots.k_distance(distances, eps, min_samples, knee), width="stretch")
        st.caption(clu.EXPLAIN["k_distance"] + f" Knee here: about **{knee:g}**.")
    show.reproduce(clu.script(choice, settings, feats.n_rows, exact_silhouette=exact))
    ks, k_silhouettes = (sweep.table["k"].tolist(), sweep.table[clu.SILHOUETTE].tolist()) if spec.uses_k else ((), ())
    rehearse_panel("clustering", live_checks.clustering_checks(
        values[clu.SILHOUETTE], np.bincount(fitted.labels[fitted.labels >= 0]), evaluation.n_noise,
        len(fitted.labels), ks, k_silhouettes))


st.caption(clu.EXPLAIN["protocol"])
clustering_view()
