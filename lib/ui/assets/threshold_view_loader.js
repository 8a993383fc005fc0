// Loads the live threshold view's module from app/static/ (lib/ui/linked.py) once per page: every rerun
// re-sends this component's code, so the code sent is this stub rather than the whole view.
const MODULES = (window.__playgroundModules = window.__playgroundModules || {});
export default function (component) {
  const url = new URL(component.data.module, document.baseURI).href;
  MODULES[url] = MODULES[url] || import(url);
  return MODULES[url].then((module) => module.default(component));
}
