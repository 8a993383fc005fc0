// A plotly chart that a rerun updates in place (lib/ui/live_chart.py). st.plotly_chart hashes the figure
// into the element's id, so each changed figure is a new chart to the browser (Plotly.newPlot from
// scratch); here the element keeps its key and a new figure is a Plotly.react on the same plot.
const CONFIG = { responsive: true, displaylogo: false };
// What st.plotly_chart's "streamlit" theme sets in the figure's template (Streamlit's CustomTheme.tsx, light
// theme; the app's config fixes base = "light"), so a live chart looks like the st.plotly_chart beside it.
const GREY = "#808495", DARK = "#262730", GRID = "#e6eaf1";
const AXIS = {
  title: { font: { color: GREY, size: 14 } }, tickfont: { color: GREY, size: 12 }, tickcolor: GRID,
  gridcolor: GRID, zerolinecolor: GRID, automargin: true,
};
const STREAMLIT_LOOK = {
  font: { color: GREY, size: 12 },
  legend: { font: { color: DARK, size: 12 }, bordercolor: "rgba(0,0,0,0)", borderwidth: 0, valign: "top" },
  xaxis: { ...AXIS, showgrid: false, zeroline: false }, yaxis: { ...AXIS, ticklabelposition: "outside" },
  coloraxis: { colorbar: { title: { font: { color: GREY, size: 14 } }, tickfont: { color: GREY, size: 12 } } },
  paper_bgcolor: "#ffffff", plot_bgcolor: "#ffffff",
};

function merge(target, source) {  // source's values win, nested objects merge (as lodash's merge)
  for (const [key, value] of Object.entries(source)) {
    const isObject = value && typeof value === "object" && !Array.isArray(value);
    target[key] = isObject ? merge(target[key] && typeof target[key] === "object" ? target[key] : {}, value) : value;
  }
  return target;
}

export default async function (component) {
  const { data, parentElement } = component;
  let plot = parentElement.querySelector(":scope > .lc-plot");
  if (!plot) {
    plot = document.createElement("div");
    plot.className = "lc-plot";
    plot.dataset.testid = "live-chart";
    parentElement.appendChild(plot);
  }
  plot.dataset.chart = data.name;
  if (plot.__spec === data.spec) return;  // a rerun that left this figure as it was
  plot.__spec = data.spec;
  const figure = JSON.parse(data.spec);
  const layout = figure.layout || {};
  layout.template = layout.template || {};
  layout.template.layout = merge(layout.template.layout || {}, STREAMLIT_LOOK);
  layout.font = { ...(layout.font || {}), family: getComputedStyle(document.body).fontFamily };  // the app's font
  plot.style.height = `${layout.height || 450}px`;
  try {
    const { loadPlotly } = await import(new URL(data.loader, document.baseURI).href);  // plotly_loader.js
    const Plotly = await loadPlotly(data.plotly);
    if (plot.__spec !== data.spec) return;  // a newer figure arrived while plotly.js loaded
    if (plot.__plotly && plot.__plotly !== Plotly) plot.__plotly.purge(plot);  // the other bundle drew it
    plot.__plotly = Plotly;
    // the figure form keeps animation frames (the gradient-descent path's ▶ Play)
    await Plotly.react(plot, { data: figure.data || [], layout, frames: figure.frames || [], config: CONFIG });
  } catch (error) {
    plot.textContent = error.message;
    return;
  }
  plot.dataset.updates = String(Number(plot.dataset.updates || 0) + 1);  // tests: drawn in place, how often
}
