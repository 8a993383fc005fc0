import streamlit as st

from lib.ui import controls, preview

st.title("Classification: thresholds")
experiment = controls.sidebar("classification")
st.info("Coming next: the threshold explorer: live precision, recall, ROC and PR curves as you move the decision threshold. Until then this page shows the chosen data only; no metric here is computed yet.",
        icon=":material/construction:")
if experiment is not None:
    preview.data_preview(experiment.data)
