// The plotly.js that the installed plotly package ships, loaded once per page for the threshold view and the
// live charts (both import this module by the URL their data carries, so the browser holds one instance).
let loading = null;

export function loadPlotly(url) {
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      const previous = window.Plotly;  // keep whatever else set the global
      const script = document.createElement("script");
      script.src = url;
      script.async = true;
      script.onload = () => {
        const Plotly = window.Plotly;
        if (previous) window.Plotly = previous;
        resolve(Plotly);
      };
      script.onerror = () => {
        loading = null;  // a later chart may try again
        reject(new Error(`plotly.js could not be loaded from ${url}`));
      };
      document.head.appendChild(script);
    });
  }
  return loading;
}
