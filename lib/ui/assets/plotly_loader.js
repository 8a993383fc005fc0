// plotly.js, loaded once per page and URL for the threshold view and the live charts (both import this module
// by the URL their data carries, so the browser holds one instance of it). Two URLs: plotly.js's cartesian
// bundle, and the full bundle for the rare figure that needs a trace type the cartesian one lacks.
const loading = new Map();

export function loadPlotly(url) {
  if (!loading.has(url)) {
    loading.set(url, new Promise((resolve, reject) => {
      const previous = window.Plotly;  // keep whatever else set the global (or the other bundle)
      const script = document.createElement("script");
      script.src = url;
      script.async = true;
      script.onload = () => {
        const Plotly = window.Plotly;
        if (previous) window.Plotly = previous;
        resolve(Plotly);
      };
      script.onerror = () => {
        loading.delete(url);  // a later chart may try again
        reject(new Error(`plotly.js could not be loaded from ${url}`));
      };
      document.head.appendChild(script);
    }));
  }
  return loading.get(url);
}
