"""A look at the chosen data: size, class counts and the first rows."""
from __future__ import annotations

import streamlit as st

from lib import upload
from lib.choices import DataChoice
from lib.ui import cached, show


def data_preview(choice: DataChoice) -> None:
    try:
        dataset = cached.dataset(choice)
    except upload.UploadError as exc:
        st.error(str(exc), icon=":material/error:")
        return
    counts = dataset.y.value_counts()
    st.caption(f"{len(dataset.X):,} rows × {dataset.X.shape[1]} features; classes: "
               + ", ".join(f"{name} ({n:,})" for name, n in counts.items()))
    show.notes(dataset.notes)
    st.dataframe(dataset.X.head(20), width="stretch", height=260)
