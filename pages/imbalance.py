import streamlit as st

from lib.ui import controls, preview

st.title("Class imbalance")
experiment = controls.sidebar("imbalance")
st.info("Coming next: the class-imbalance lab: shrink the minority class, resample the training data and see which metrics survive. Until then this page shows the chosen data only; no metric here is computed yet.",
        icon=":material/construction:")
if experiment is not None:
    preview.data_preview(experiment.data)
