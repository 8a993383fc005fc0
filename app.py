"""Entry point: page config and the router, built from the page table. Run with `streamlit run app.py`."""
import streamlit as st

from lib.pages import PAGES

st.set_page_config(page_title="Model-evaluation playground", page_icon=":material/insights:", layout="wide")
st.navigation([st.Page(p.view, title=p.title, icon=p.icon, url_path=p.url_path or None, default=p.is_default)
               for p in PAGES.values()]).run()
