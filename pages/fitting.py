import streamlit as st

from lib.ui import controls, preview

st.title("Over- and underfitting")
experiment = controls.sidebar("fitting")
st.info("Coming next: over- and underfitting: validation and learning curves, decision boundaries and regularisation paths. Until then this page shows the chosen data only; no metric here is computed yet.",
        icon=":material/construction:")
if experiment is not None:
    preview.data_preview(experiment.data)
