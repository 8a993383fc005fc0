"""'Share this view': the current address, ready to copy.

Every control is bound to the URL, so the address bar *is* the share link. The
box mirrors it in the browser (a few lines of JavaScript in `st.iframe`) rather
than rebuilding it in Python, because a control inside an `st.fragment` updates
the URL without rerunning the sidebar: a server-side copy would go stale.
"""
from __future__ import annotations

import streamlit as st

_MIRROR = """
<style>
  body { margin: 0; font-family: "Source Sans Pro", sans-serif; font-size: 13px; }
  .row { display: flex; gap: 6px; align-items: center; }
  input { flex: 1; min-width: 0; padding: 5px 6px; border: 1px solid #c9ccd3; border-radius: 6px;
          font-family: monospace; font-size: 12px; color: #31333f; background: #f7f8fa; }
  button { padding: 5px 10px; border: 1px solid #c9ccd3; border-radius: 6px; background: white; cursor: pointer; }
</style>
<div class="row">
  <input id="link" data-testid="share-link" readonly aria-label="Link to this view">
  <button id="copy" type="button">Copy</button>
</div>
<script>
  const field = document.getElementById("link");
  const button = document.getElementById("copy");
  function current() {
    // Streamlit Community Cloud serves the app under /~/+/ inside its own frame.
    return window.parent.location.href.replace("/~/+/", "/");
  }
  function refresh() { if (document.activeElement !== field) field.value = current(); }
  refresh();
  setInterval(refresh, 400);
  button.addEventListener("click", async () => {
    field.value = current();
    field.select();
    try { await navigator.clipboard.writeText(field.value); } catch (e) { document.execCommand("copy"); }
    button.textContent = "Copied";
    setTimeout(() => (button.textContent = "Copy"), 1500);
  });
</script>
"""


def share_box() -> None:
    """Sidebar box with the link that reopens exactly this view."""
    st.sidebar.subheader("Share this view")
    with st.sidebar:
        st.iframe(_MIRROR, height=40)
    st.sidebar.caption("Every control is in the address, so this link reopens the same data, model, "
                       "settings and numbers on any copy of the app.")
