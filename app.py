"""Entry point: page config and the router. Run with `streamlit run app.py`."""
import streamlit as st

st.set_page_config(page_title="Model-evaluation playground", page_icon=":material/insights:", layout="wide")

PAGES = [
    st.Page("views/home.py", title="Home", icon=":material/home:", default=True),
    st.Page("views/classification.py", title="Classification: thresholds", icon=":material/tune:",
            url_path="classification"),
    st.Page("views/imbalance.py", title="Class imbalance", icon=":material/balance:", url_path="imbalance"),
    st.Page("views/fitting.py", title="Over- and underfitting", icon=":material/show_chart:", url_path="fitting"),
    st.Page("views/clustering.py", title="Clustering", icon=":material/bubble_chart:", url_path="clustering"),
    st.Page("views/practice.py", title="Practice", icon=":material/record_voice_over:", url_path="practice"),
]

st.navigation(PAGES).run()
