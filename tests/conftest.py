"""Shared test helpers: open a page in AppTest with URL parameters; run the app for browser tests."""
from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib.ui import cache, show
from scripts.warm import wait_healthy  # noqa: F401 - the one health poll; bench/ imports it from here
from tests.fits import FitCounter

# AppTest cannot run the live threshold view's JavaScript: the pages draw the same content with Streamlit
# elements (lib/ui/linked.py). The browser tests' server gets the live view.
os.environ["PLAYGROUND_THRESHOLD_VIEW"] = "plain"

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def open_page(page: str, params: dict[str, object] | None = None, timeout: float = 60,
              code_open: bool = True) -> AppTest:
    """Run app.py as a browser would for `/<page>?<params>`: the router, then the page itself.

    `page` is the url_path (`classification`) or "" for home. `code_open`: as a user who opened the code
    expanders ("Reproduce in code"), whose code is sent only while open.
    """
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=timeout)
    for key in show.CODE_EXPANDERS if code_open else ():
        at.session_state[key] = True
    for key, value in (params or {}).items():
        at.query_params[key] = str(value)
    at.run()
    if page:
        at.switch_page(f"views/{page}.py")
        at.run()
    return at


@pytest.fixture
def fit_counter():
    """Counts model fits while the test runs (see tests/fits.py)."""
    with FitCounter() as counter:
        yield counter


@pytest.fixture
def searches_in_this_process(monkeypatch):
    """The validation page's searches fit in the test's own process, where a FitCounter sees them."""
    import lib.validation
    monkeypatch.setattr(lib.validation, "SEARCH_JOBS", 1)


@pytest.fixture
def cold_caches():
    """Every Streamlit cache emptied, so the test sees a first visit's work."""
    cache.clear_all()


def text_of(at: AppTest) -> str:
    """All visible text on the page (markdown, captions, alerts), for looking up messages."""
    parts = []
    for kind in ("markdown", "caption", "warning", "error", "info", "success", "title", "header", "subheader"):
        parts += [str(getattr(e, "value", "")) for e in getattr(at, kind)]
    return "\n".join(parts)


def metric_values(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


# --- browser -----------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]



@contextlib.contextmanager
def running_app():
    """`streamlit run app.py` on a free local port; yields its base URL once healthy."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless=true", f"--server.port={port}",
         "--server.address=127.0.0.1", "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "PLAYGROUND_THRESHOLD_VIEW": "live"},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


@pytest.fixture(scope="session")
def app_url():
    """One app server shared by a test session's browser tests."""
    with running_app() as base:
        yield base


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launches the system Chromium (Playwright's own download is not used)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: scripts/test installs Debian's chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": {"width": 1400, "height": 1000}}


@pytest.fixture(scope="session")
def shots_dir(tmp_path_factory) -> Path:
    """Screenshots from browser tests land here (printed in the test output); look at them."""
    path = Path(os.environ.get("SHOTS_DIR") or tmp_path_factory.mktemp("screenshots"))
    path.mkdir(parents=True, exist_ok=True)
    return path


# Counts, in the page, when the app last asked for a script run (a `rerun_script` BackMsg on the websocket:
# protobuf field 11, so its first byte is 0x5A) and when a run last finished (stApp's script state turning
# `notRunning`). The app is idle once no run was asked for after the last one finished: a condition, not a sleep.
RUN_TRACKER = """
(() => {
  window.__lastRerunAt = -1; window.__lastIdleAt = -2; window.__lastFrameAt = -3;
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (!this.__tracked) {
      this.__tracked = true;
      this.addEventListener("message", () => { window.__lastFrameAt = performance.now(); });
    }
    const bytes = data instanceof ArrayBuffer ? new Uint8Array(data) : (ArrayBuffer.isView(data) ? data : null);
    if (bytes && bytes.length && bytes[0] === 0x5A) window.__lastRerunAt = performance.now();  // BackMsg.rerun_script
    return send.call(this, data);
  };
  let last = null;
  new MutationObserver(() => {
    const app = document.querySelector("[data-testid='stApp']");
    const state = app && app.getAttribute("data-test-script-state");
    if (state !== last && state === "notRunning") window.__lastIdleAt = performance.now();
    last = state;
  }).observe(document, {subtree: true, childList: true, attributes: true,
                        attributeFilter: ["data-test-script-state"]});
})();
"""
# Idle: a run was asked for (a page load always asks) and it ended. A run can end within one render, so the
# script-state attribute may never show it: the server having sent frames after the request and then been
# quiet for QUIET_MS also counts.
QUIET_MS = 300
IDLE = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute("data-test-connection-state") !== "CONNECTED"
      || app.getAttribute("data-test-script-state") !== "notRunning" || !(window.__lastRerunAt > 0)) return false;
  return window.__lastIdleAt > window.__lastRerunAt
    || (window.__lastFrameAt > window.__lastRerunAt && performance.now() - window.__lastFrameAt > QUIET_MS);
}""".replace("QUIET_MS", str(QUIET_MS))


@pytest.fixture
def page(page):
    """pytest-playwright's page, tracking the app's script runs so `wait_idle` waits on a condition."""
    page.add_init_script(RUN_TRACKER)
    return page


def rerun_mark(page) -> float:
    """When the app last asked for a script run: pass it to `wait_idle(after=...)` around an action."""
    return page.evaluate("() => window.__lastRerunAt")


def wait_idle(page, timeout_ms: int = 60_000, after: float | None = None) -> None:
    """Wait until the app is connected and the last script run it asked for has finished (see IDLE). A page
    load always asks for one, so "no run asked for yet" is not idle: between connecting and sending that
    request the app looks idle, and a loaded machine can poll inside that window. After an action, pass
    `after=rerun_mark(page)` taken before it: until the action's run is asked for, the previous run's end
    still looks idle (a loaded run read the old Mean CV score after a splitter change)."""
    if after is None:
        page.wait_for_function(IDLE, timeout=timeout_ms)
    else:
        page.wait_for_function(f"after => window.__lastRerunAt > after && ({IDLE})()", arg=after, timeout=timeout_ms)


def assert_no_exception(page) -> None:
    shown = page.locator("[data-testid='stException']").all_inner_texts()
    assert not shown, f"exception shown on the page: {shown}"


LIVE_CHARTS = """() => Object.fromEntries([...document.querySelectorAll("[data-testid='live-chart']")].map(c => {
  const same = c.__testMark === c.dataset.chart;  // marked by mark_live_charts: still the same DOM node
  c.__testMark = c.dataset.chart;
  return [c.dataset.chart, {same, updates: Number(c.dataset.updates || 0), drawn: !!c.querySelector(".main-svg")}];
}))"""


def live_charts(page) -> dict[str, dict]:
    """Per live chart (lib/ui/live_chart.py): {"same": the DOM node seen at the previous call, "updates": how many
    times it was drawn, "drawn": plotly has drawn it}. Every chart is marked, so the next call tells a chart
    updated in place from one created again."""
    return page.evaluate(LIVE_CHARTS)


def wait_live_charts_drawn(page, names: set[str], before: dict[str, dict] | None = None,
                           timeout_ms: int = 60_000) -> None:
    """Until every chart in `names` is drawn (more often than in `before`, a `live_charts` result)."""
    least = {n: (before[n]["updates"] if before else 0) for n in names}
    page.wait_for_function(
        "least => Object.entries(least).every(([n, k]) => {"
        " const c = document.querySelector(`[data-testid='live-chart'][data-chart='${n}']`);"
        " return c && Number(c.dataset.updates || 0) > k && c.querySelector('.main-svg'); })", arg=least,
        timeout=timeout_ms)
