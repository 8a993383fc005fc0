"""Home: what the playground is, and a map from interview topics to the pages that picture them."""
import streamlit as st

from lib.pages import PAGES

st.title("Model-evaluation playground")
st.markdown(
    "Rehearse machine-learning interview answers with a live picture in front of you. Pick a dataset and a "
    "model, move one control — a decision threshold, the share of the rare class, a regularisation knob, the "
    "number of clusters — and watch precision and recall, ROC-AUC, silhouette scores and learning curves "
    "answer. Every number is computed with scikit-learn on a stated train/test split, and the address bar is "
    "always a link that reopens exactly the same view."
)

st.subheader("Interview topics and where to see them")
for page in PAGES.values():
    for topic in page.topics:
        with st.container(border=True):
            left, right = st.columns([3, 1], vertical_alignment="center")
            left.markdown(f"**{topic.title}**  \n{topic.question}")
            right.page_link(page.view, label=page.title, icon=":material/arrow_forward:")

st.subheader("How to use it")
st.markdown(
    "1. Open a page from the list above or the menu on the left.\n"
    "2. Choose the dataset, model, random seed and test size in the sidebar.\n"
    "3. Move a control and say out loud what changed and why — then check the numbers.\n"
    "4. **Share this view** (sidebar) copies a link that opens the same view for someone else."
)
