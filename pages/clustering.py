import streamlit as st

from lib.ui import controls, preview

st.title("Clustering")
experiment = controls.sidebar("clustering", model=False, split=False)
st.info("Coming next: clustering evaluation: silhouette analysis, the elbow, and internal vs external metrics. Until then this page shows the chosen data only; no metric here is computed yet.",
        icon=":material/construction:")
if experiment is not None:
    preview.data_preview(experiment.data)
