import streamlit as st

st.title("Practice")
st.info("Coming next: two questions a day, drills by topic and a timed mock interview, with answers checked "
        "against key points. Nothing on this page works yet.", icon=":material/construction:")
