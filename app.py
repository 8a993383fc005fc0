"""Entry point: page config, the app-wide look, and the router built from the page table.
Run with `streamlit run app.py`."""
from pathlib import Path

import streamlit as st

from lib.pages import PAGES
from lib.ui.look import STYLE

# A shipped icon, not a Material icon: those are fetched from a font CDN, which fails offline.
st.set_page_config(page_title="Model-evaluation playground", page_icon=str(Path(__file__).parent / "assets" / "icon.png"),
                   layout="wide")
st.html(STYLE)
st.navigation([st.Page(p.view, title=p.title, icon=p.icon, url_path=p.url_path or None, default=p.is_default)
               for p in PAGES.values()]).run()
