"""A throwaway page for tests/test_house.py: registered at runtime, it binds one key of its own."""
import streamlit as st

from lib.ui.url import bound

st.title("Scratch page")
level = bound("scratch", "level")
st.metric("Level", level)
