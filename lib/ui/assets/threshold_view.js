// The live threshold view: the browser redraws every number and chart at any slider step from a table
// the server sends once per fitted model (lib/ui/linked.py), so moving the threshold needs no round trip.
// The settled value goes back to Python (URL, live checks, script) after the slider rests.
const TABLES = (window.__playgroundTables = window.__playgroundTables || {});
const SETTLE_MS = 300;  // after the last input, the value is sent to Python
const HOLD_MS = 1500;   // a value Python sends back is ignored this long after the user moved the slider
const CONFIG = { responsive: true, displaylogo: false };
let styleLoading = null;

function loadStyle(url) {  // the view's stylesheet, from app/static/ with the module (once per page)
  if (!styleLoading) {
    styleLoading = new Promise((resolve) => {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = url;
      link.onload = link.onerror = () => resolve();
      document.head.appendChild(link);
    });
  }
  return styleLoading;
}

function atStep(factored, i) {
  const out = { ...factored.static };
  for (const [key, values] of Object.entries(factored.steps)) out[key] = values[i];
  return out;
}

function element(tag, className, parent) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (parent) parent.appendChild(node);
  return node;
}

function build(host, table) {
  host.querySelectorAll(":scope > .tv-root, :scope > .tv-error").forEach((old) => old.remove());  // not the <style>
  const root = element("div", "tv-root", host);
  const heading = element("h3", "", root);
  const row = element("div", "tv-slider", root);
  const label = element("label", "", row);
  label.textContent = "Decision threshold";
  const range = element("input", "", row);
  Object.assign(range, { type: "range", min: 0, max: table.grid.length - 1, step: 1 });
  range.id = `tv-range-${Math.random().toString(36).slice(2)}`;
  label.htmlFor = range.id;
  range.setAttribute("data-testid", "threshold-view-slider");
  const output = element("output", "", row);
  output.setAttribute("data-testid", "threshold-view-value");
  const cards = element("div", "tv-metrics", root);
  const metrics = table.metrics.map((m) => {
    const card = element("div", "tv-card", cards);
    const name = element("div", "tv-label", card);
    name.textContent = m.label;
    name.title = m.help;
    const value = element("div", "tv-value", card);
    value.setAttribute("data-metric", m.label);
    return { m, value, card };
  });
  const reasons = element("div", "tv-reasons", root);
  const grid = element("div", table.charts.length > 1 ? "tv-charts" : "tv-charts tv-one", root);
  const charts = table.charts.map((c) => {
    const box = element("div", "tv-chart", grid);
    element("div", "tv-title", box).textContent = c.title;
    const plot = element("div", "", box);
    plot.setAttribute("data-chart", c.key);
    element("div", "tv-explain", box).innerHTML = c.explain;  // our own text, rendered server-side
    return { c, plot };
  });
  return { root, heading, range, output, metrics, reasons, charts };
}

function render(view, i) {
  const { table, dom } = view;
  const t = table.grid[i].toFixed(2);
  dom.heading.textContent = `Metrics at threshold ${t}`;
  dom.range.value = i;
  dom.output.textContent = t;
  dom.range.setAttribute("aria-valuetext", t);
  const undefinedReasons = [];
  for (const { m, value, card } of dom.metrics) {
    value.textContent = m.values[i];
    card.title = m.reasons[i] ? `${m.reasons[i]} ${m.help}` : m.help;
    if (m.reasons[i]) undefinedReasons.push(`${m.label}: ${m.reasons[i]}`);
  }
  dom.reasons.textContent = undefinedReasons.length ? `— means undefined here. ${undefinedReasons.join(" ")}` : "";
  view.shown = i;
  // The numbers paint now and the charts just after (six Plotly.react calls can take longer than a frame);
  // steps that come faster than the charts draw are drawn once, at the latest.
  view.chartStep = i;
  if (!view.chartsPending) {
    view.chartsPending = true;
    requestAnimationFrame(() => setTimeout(() => { view.chartsPending = false; drawCharts(view, view.chartStep); }, 0));
  }
}

function drawCharts(view, i) {
  const { table, dom, Plotly } = view;
  for (const { c, plot } of dom.charts) {
    const data = c.base.data.concat(c.layer.traces.map((trace) => atStep(trace, i)));
    const layout = { ...c.base.layout, ...atStep(c.layer.layout, i) };
    layout.font = { ...(layout.font || {}), family: view.font };  // the app's font, as on its other charts
    Plotly.react(plot, data, layout, CONFIG);
  }
  dom.root.setAttribute("data-charts-step", String(i));  // tests wait on it: the charts show step i
}

function nearestStep(grid, threshold) {
  let best = 0;
  grid.forEach((t, i) => { if (Math.abs(t - threshold) < Math.abs(grid[best] - threshold)) best = i; });
  return best;
}

export default async function (component) {
  const { data, parentElement, setStateValue, setTriggerValue } = component;
  if (data.table) TABLES[data.id] = data.table;
  const table = TABLES[data.id];
  if (!table) {  // this page lost the table (e.g. a reload kept the session): ask Python to send it again
    setTriggerValue("missing", data.id);
    return;
  }
  let view = parentElement.__thresholdView;
  try {
    if (!view || view.id !== data.id) {
      const loader = import(new URL(data.loader, document.baseURI).href);  // plotly_loader.js
      const [Plotly] = await Promise.all([loader.then((m) => m.loadPlotly(data.plotly)), loadStyle(data.css)]);
      view = { id: data.id, table, Plotly, dom: build(parentElement, table), lastInput: 0, shown: -1, sent: [],
               font: getComputedStyle(document.body).fontFamily };
      parentElement.__thresholdView = view;
      let frame = 0, settle = 0, dragging = false;
      const settleSoon = () => {  // the value goes to Python once the slider rests (never mid-drag)
        clearTimeout(settle);
        settle = setTimeout(() => view.send(view.table.grid[Number(view.dom.range.value)]), SETTLE_MS);
      };
      const range = view.dom.range;
      range.addEventListener("pointerdown", () => { dragging = true; clearTimeout(settle); });
      window.addEventListener("pointerup", () => { if (dragging) { dragging = false; settleSoon(); } });
      range.addEventListener("input", () => {
        view.lastInput = Date.now();
        if (!frame) frame = requestAnimationFrame(() => { frame = 0; render(view, Number(range.value)); });
        if (!dragging) settleSoon();
      });
    }
  } catch (error) {
    parentElement.querySelectorAll(":scope > .tv-root, :scope > .tv-error").forEach((old) => old.remove());
    element("div", "tv-error", parentElement).textContent = error.message;
    return;
  }
  view.send = (threshold) => { view.sent.push(nearestStep(table.grid, threshold)); setStateValue("threshold", threshold); };
  const wanted = nearestStep(table.grid, data.threshold);
  // A rerun echoes a value this view sent; if a later one is on its way, the echo is stale and must not pull
  // the slider back (on a slow server the echo can arrive after HOLD_MS).
  const echo = view.sent.lastIndexOf(wanted);  // steps, not floats: Python may round what it echoes
  const stale = echo >= 0 && echo < view.sent.length - 1;
  if (echo >= 0) view.sent = view.sent.slice(echo + 1);
  if (view.shown < 0 || (!stale && wanted !== view.shown && Date.now() - view.lastInput > HOLD_MS)) {
    render(view, wanted);
  }
}
