"""Cached steps of the clustering page, keyed on the small frozen dataset choice and settings.

Moving k reads a fit from the k sweep's cache; a new eps fits DBSCAN once; nothing is keyed on arrays.
"""
from __future__ import annotations

import numpy as np
import streamlit as st

from lib import clustering as clu
from lib.ui import cached


# Each result is cached on the small frozen choice and settings (never on arrays), once per key.
@st.cache_resource(max_entries=16, show_spinner="Preparing the features…")
def features(choice, scale: bool, anisotropy: float) -> clu.Features:
    return clu.prepare(cached.dataset(choice), scale, anisotropy)


@st.cache_resource(max_entries=16, show_spinner="Building the merge tree (cut at every k)…")
def merge_tree(choice, scale: bool, anisotropy: float, linkage: str, ks: tuple) -> dict[int, clu.Point]:
    feats = features(choice, scale, anisotropy)
    X, y = clu.subset(feats, clu.rows_to_cluster("agglomerative", feats.n_rows, choice.seed))
    return clu.agglomerative_points(X, y, linkage, ks, seed=choice.seed)


@st.cache_resource(max_entries=160, show_spinner=False)
def k_point(choice, scale: bool, anisotropy: float, algorithm: str, linkage: str, k: int) -> clu.Point:
    """One k of the sweep, fitted once: moving k back to it never refits."""
    if algorithm == "agglomerative":
        return merge_tree(choice, scale, anisotropy, linkage, clu.K_VALUES)[k]
    feats = features(choice, scale, anisotropy)
    return clu.sweep_point(algorithm, feats.X, feats.y, k, seed=choice.seed)


def k_sweep(choice, scale: bool, anisotropy: float, algorithm: str, linkage: str) -> clu.KSweep:
    """Every k from the cache; a progress bar while any of them is still being fitted."""
    seen = st.session_state.setdefault("_sweeps_seen", set())
    key = (choice, scale, anisotropy, algorithm, linkage, clu.K_VALUES)
    bar = None if key in seen else st.progress(0.0, text="Fitting k = 2 … 10 for the choice of k…")
    points = {}
    for i, k in enumerate(clu.K_VALUES):
        points[k] = k_point(choice, scale, anisotropy, algorithm, linkage, k)
        if bar:
            bar.progress((i + 1) / len(clu.K_VALUES), text=f"Fitted k = {k}")
    if bar:
        bar.empty()
    seen.add(key)
    return clu.sweep_of(algorithm, points)


@st.cache_resource(max_entries=32, show_spinner="Running DBSCAN…")
def dbscan(choice, scale: bool, anisotropy: float, eps: float, min_samples: int):
    """(fit, evaluation), or a message when this eps would need too much memory."""
    feats = features(choice, scale, anisotropy)
    too_large = clu.dbscan_too_large(feats.X, eps, choice.seed)
    if too_large:
        return too_large
    result = clu.fit("dbscan", feats.X, eps=eps, min_samples=min_samples, seed=choice.seed)
    return result, clu.evaluate(feats.X, result.labels, feats.y, seed=choice.seed)


@st.cache_data(max_entries=16, show_spinner="Distances to the nearest neighbours…")
def k_distances(choice, scale: bool, anisotropy: float, min_samples: int) -> np.ndarray:
    return clu.k_distances(features(choice, scale, anisotropy).X, min_samples)


@st.cache_data(max_entries=32, show_spinner="Silhouette on every point (this is O(n²))…")
def exact_silhouette(choice, s: clu.Settings) -> float | None:
    feats = features(choice, s.scale, s.anisotropy)
    X, _ = clu.subset(feats, clu.rows_to_cluster(s.algorithm, feats.n_rows, choice.seed))
    fitted = (k_point(choice, s.scale, s.anisotropy, s.algorithm, s.linkage, s.n_clusters)
              if clu.ALGORITHMS[s.algorithm].uses_k else dbscan(choice, s.scale, s.anisotropy, s.eps, s.min_samples))[0]
    return clu.exact_silhouette(X, fitted.labels)
