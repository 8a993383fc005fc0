"""App-wide CSS: a busy sign, stale numbers that look stale, charts readable on a phone."""

STYLE = """
<style>
/* Busy: the toolbar's running indicator is hidden (toolbarMode = minimal), so say it plainly. */
[data-testid="stApp"][data-test-script-state="running"]::after {
  content: "Computing…"; position: fixed; top: 0.6rem; right: 4.5rem; z-index: 1000;
  padding: 0.2rem 0.7rem; border-radius: 1rem; background: #0072B2; color: white; font-size: 0.85rem;
}
/* Stale: elements from the previous run fade at once while the page recomputes them. */
[data-stale="true"] { opacity: 0.35 !important; transition: opacity 0.1s !important; }
/* The live threshold view (lib/ui/linked.py) draws its own slider; the bound one it drives stays hidden. */
.st-key-threshold_source { display: none; }
/* Phone: plotly's mode bar covers axis titles and legends; tap-zoom stays. */
@media (max-width: 640px), (pointer: coarse) {
  .js-plotly-plot .modebar-container { display: none !important; }
}
</style>
"""
