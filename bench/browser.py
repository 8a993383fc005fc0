"""Browser benchmark: how live the app is in a real browser, as ratios to a trivial Streamlit app.

Run:  .venv/bin/python bench/browser.py [--app-dir DIR] [--repeats N] [--concurrency] [--skip-first-views]

It starts this app (or the one in --app-dir, e.g. an older checkout, to compare) and a trivial app (one
slider, one metric) side by side, drives headless Chromium and prints, per page and control:
- step → numbers shown and step → page idle (median and p95 over N keyboard steps), and the ratio of each
  to the trivial app's step in the same run (these machines are shared: absolute times drift);
- bytes the server sent per step (websocket frames) and the updates seen during one mouse drag;
- first view of every page's default (a new browser context on a running server), cold and warm;
- a cold server's first deep link, and the import time of the app's modules;
- the server's CPU time per action (psutil over the server and its worker processes);
- with --concurrency: 10 and 20 browser contexts stepping the threshold every 2 s for 60 s: errors,
  p50/p95 step → idle, server RSS.
Figures, not pass/fail.
"""
from __future__ import annotations

import argparse
import contextlib
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, RUN_TRACKER, free_port, wait_healthy  # noqa: E402

TRIVIAL = """
import streamlit as st
value = st.slider("Value", 0, 100, 50, key="value")
st.metric("Value", value)
"""
DRAWN = """() => {
  const app = document.querySelector("[data-testid='stApp']");
  if (!app || app.getAttribute("data-test-script-state") !== "notRunning") return false;
  if (!(window.__lastIdleAt > window.__lastRerunAt)) return false;
  if (document.querySelector("[data-stale='true']")) return false;
  if (document.querySelector("[data-testid='stSkeleton']")) return false;  // an element whose code is still loading
  const components = [...document.querySelectorAll("[data-testid='stBidiComponentRegular']")];
  if (!components.every(c => c.querySelector("[data-metric], .lc-plot[data-updates], .tv-error")))
    return false;  // a live threshold view or live chart has not drawn yet
  const plots = [...document.querySelectorAll(".js-plotly-plot")];
  if (!plots.every(p => p.querySelector(".main-svg"))) return false;
  return !!document.querySelector("[data-testid='stMain'] [data-testid='stElementContainer']");  // (home has no metric)
}"""
METRIC = """label => {
  if (label.startsWith("testid:")) {  // an element by test id (the live view's threshold, set with its numbers)
    const el = document.querySelector(`[data-testid='${label.slice(7)}']`);
    return el ? el.innerText.trim() : null;
  }
  if (label.startsWith("text:")) {  // the text of the first paragraph that contains it (e.g. a caption)
    const el = [...document.querySelectorAll("[data-testid='stCaptionContainer'], p")]
      .find(e => e.innerText.includes(label.slice(5)));
    return el ? el.innerText.trim() : null;
  }
  const live = document.querySelector(`[data-metric='${label}']`);
  if (live) return live.innerText.trim();
  for (const card of document.querySelectorAll("[data-testid='stMetric']")) {
    const name = card.querySelector("[data-testid='stMetricLabel']");
    if (name && name.innerText.trim() === label) return card.querySelector("[data-testid='stMetricValue']").innerText;
  }
  return null;
}"""
STEP_CLOCK = "() => { window.__t0 = performance.now(); }"
QUIET_MS = 250  # no frame for this long after the step's last one: the step is over
RECEIVED: dict[int, list[int]] = {}  # per page: sizes of the websocket frames it received


class Meter:
    """A TCP relay in front of the app server counting the bytes it sends to the browser: what crosses the
    network after websocket compression (the frames Chromium reports are already decompressed)."""

    def __init__(self, target_port: int) -> None:
        self.target, self.sent, self._lock = target_port, 0, threading.Lock()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.base = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target))
            except OSError:  # the server is stopping
                client.close()
                continue
            threading.Thread(target=self._pipe, args=(upstream, client, True), daemon=True).start()
            threading.Thread(target=self._pipe, args=(client, upstream, False), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket, to_browser: bool) -> None:
        try:
            while data := source.recv(65536):
                if to_browser:
                    with self._lock:
                        self.sent += len(data)
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)


METER: Meter | None = None  # the app server's meter, while one runs (steps count its bytes)


@contextlib.contextmanager
def server(script: str, cwd: Path, env: dict | None = None, metered: bool = False, replica: bool = False,
           warmed: bool = True):
    """A Streamlit server for `script`: (its URL, its process, a byte meter in front of it when `metered`).
    Steps go through the meter (both apps alike); first views go to the server itself (a relay in this
    process would slow the frontend's few MB of JavaScript). `replica`: started as the Dockerfile starts
    it (scripts/serve.py, which warms every page's default view), and yielded once the warm-up is over
    (`warmed`) or as soon as it answers its health check."""
    port = free_port()
    flags = ["--server.headless=true", "--server.address=127.0.0.1", "--browser.gatherUsageStats=false",
             "--server.fileWatcherType=none"]
    command = ([sys.executable, "scripts/serve.py", *flags] if replica
               else [sys.executable, "-m", "streamlit", "run", script, f"--server.port={port}", *flags])
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE if replica else subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        text=True, env={**os.environ, "PLAYGROUND_THRESHOLD_VIEW": "live", "PORT": str(port), **(env or {})})
    base = f"http://127.0.0.1:{port}"
    wait_healthy(base, 120)
    if replica and warmed:
        for line in process.stdout:  # scripts/warm.py reports each page, then the whole pass
            if line.startswith("warm: every page"):
                print(f"  (started with scripts/serve.py; {line.strip()[6:]})")
                break
    if replica:
        threading.Thread(target=process.stdout.read, daemon=True).start()  # keep its pipe from filling
    meter = Meter(port) if metered else None
    try:
        yield base, psutil.Process(process.pid), meter
    finally:
        if meter:
            meter.listener.close()
        process.terminate()
        process.wait(20)


def cpu_seconds(proc: psutil.Process) -> float:
    total = 0.0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            t = p.cpu_times()
            total += t.user + t.system
    return total


def stats(values: list[float]) -> str:
    if not values:
        return "—"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return f"median {statistics.median(values):7.0f} ms  p95 {p95:7.0f} ms"


class Browser:
    def __init__(self, playwright) -> None:
        self.browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

    def page(self, width: int = 1400, height: int = 1000):
        context = self.browser.new_context(viewport={"width": width, "height": height})
        page = context.new_page()
        page.add_init_script(RUN_TRACKER)  # also keeps __lastFrameAt: when the server last sent anything
        received = RECEIVED.setdefault(id(page), [])  # bytes of websocket frames from the server
        page.on("websocket", lambda ws: ws.on("framereceived", lambda data: received.append(
            len(data) if isinstance(data, (bytes, str)) else 0)))
        return page


def wait_drawn(page, timeout_ms: int = 300_000) -> None:
    page.wait_for_function(DRAWN, timeout=timeout_ms, polling=50)


def first_view(browser: Browser, url: str) -> float:
    page = browser.page()
    start = time.perf_counter()
    page.goto(url)
    wait_drawn(page)
    elapsed = (time.perf_counter() - start) * 1000
    page.context.close()
    return elapsed


def control(page, where: str):
    """A slider: the live view's own (`live`), else the Streamlit slider whose label contains `where`."""
    if where == "live":
        return page.locator("[data-testid='threshold-view-slider']").first
    return page.locator("[data-testid='stSlider']").filter(has_text=where).get_by_role("slider").first


def keyboard_steps(page, focus: str, label: str, repeats: int, key: str = "ArrowRight",
                   proc: psutil.Process | None = None) -> dict[str, list[float]]:
    """Press `key` on the slider `focus` (see `control`) `repeats` times; per step: ms until the number
    `label` changes, ms until the page is idle after the step's run, bytes received, server CPU ms."""
    shown_ms, idle_ms, sent, wire, cpu = [], [], [], [], []
    if focus == "live":  # the view redraws every number at every step; one metric may keep its value
        label = "testid:threshold-view-value"
    control_ = control(page, focus)
    control_.scroll_into_view_if_needed()
    for i in range(repeats):
        control_.focus()
        before_value = page.evaluate(METRIC, label)
        before_bytes, before_cpu = len(RECEIVED[id(page)]), cpu_seconds(proc) if proc else 0.0
        before_wire = METER.sent if METER and proc else 0
        page.evaluate(STEP_CLOCK)
        page.keyboard.press(key if i % 8 < 4 else ("ArrowLeft" if key == "ArrowRight" else "ArrowRight"))
        shown = page.wait_for_function(
            "([label, old]) => { const v = (" + METRIC + ")(label); return v !== null && v !== old ? "
            "performance.now() - window.__t0 : false; }", arg=[label, before_value], polling="raf", timeout=120_000)
        shown_ms.append(shown.json_value())
        idle = page.wait_for_function(  # the step's last server frame, once the socket has been quiet a while
            "quiet => { const app = document.querySelector(\"[data-testid='stApp']\");"
            " const done = app && app.getAttribute('data-test-script-state') === 'notRunning'"
            " && window.__lastFrameAt > window.__t0 && performance.now() - window.__lastFrameAt > quiet;"
            " return done ? window.__lastFrameAt - window.__t0 : false; }", arg=QUIET_MS, polling=20,
            timeout=120_000)
        idle_ms.append(idle.json_value())
        sent.append(sum(RECEIVED[id(page)][before_bytes:]))
        if proc:
            cpu.append((cpu_seconds(proc) - before_cpu) * 1000)
            if METER:
                wire.append(METER.sent - before_wire)
    return {"shown": shown_ms, "idle": idle_ms, "bytes": sent, "wire": wire, "cpu": cpu}


def burst(page, proc: psutil.Process, presses: int = 10, gap_ms: int = 60) -> tuple[float, float, float]:
    """`presses` arrow keys on the live slider at a typing pace (each sooner than the view's 300 ms settle), then
    wait until the settled run is over: (KiB of frames received, KiB on the wire, server CPU ms), each per press."""
    slider = control(page, "live")
    slider.focus()
    before_bytes, before_cpu, before_wire = len(RECEIVED[id(page)]), cpu_seconds(proc), METER.sent if METER else 0
    page.evaluate(STEP_CLOCK)
    for _ in range(presses):
        page.keyboard.press("ArrowRight")
        page.wait_for_timeout(gap_ms)
    page.wait_for_function(
        "quiet => { const app = document.querySelector(\"[data-testid='stApp']\");"
        " return app && app.getAttribute('data-test-script-state') === 'notRunning'"
        " && window.__lastFrameAt > window.__t0 && performance.now() - window.__lastFrameAt > quiet; }",
        arg=1000, polling=50, timeout=120_000)
    kib = sum(RECEIVED[id(page)][before_bytes:]) / 1024
    wire = (METER.sent - before_wire) / 1024 if METER else float("nan")
    return kib / presses, wire / presses, (cpu_seconds(proc) - before_cpu) * 1000 / presses


def drag_updates(page, selector: str, label: str) -> int:
    """Distinct values of `label` seen while the mouse drags the slider `selector`, before release."""
    if selector == "live":
        label = "testid:threshold-view-value"
    slider = control(page, selector)
    slider.scroll_into_view_if_needed()
    box = slider.bounding_box()
    y = box["y"] + box["height"] / 2
    page.evaluate("label => { window.__seen = new Set(); const tick = () => { const v = (" + METRIC + ")(label);"
                  " if (v) window.__seen.add(v); if (window.__dragging) requestAnimationFrame(tick); };"
                  " window.__dragging = true; requestAnimationFrame(tick); }", label)
    page.mouse.move(box["x"] + box["width"] * 0.15, y)
    page.mouse.down()
    for k in range(1, 21):
        page.mouse.move(box["x"] + box["width"] * (0.15 + 0.035 * k), y)
        page.wait_for_timeout(30)  # a hand's pace: the drag itself, not a wait for the app
    seen = page.evaluate("() => { window.__dragging = false; return window.__seen.size; }")
    page.mouse.up()
    return max(0, seen - 1)


def report(name: str, result: dict[str, list[float]], floor: dict[str, float]) -> None:
    shown, idle = result["shown"], result["idle"]
    ratio_shown = statistics.median(shown) / floor["shown"] if shown else float("nan")
    ratio_idle = statistics.median(idle) / floor["idle"] if idle else float("nan")
    kib = statistics.median(result["bytes"]) / 1024 if result["bytes"] else float("nan")
    wire = f" ({statistics.median(result['wire']) / 1024:5.1f} on the wire)" if result.get("wire") else ""
    cpu = f"   server CPU {statistics.median(result['cpu']):5.0f} ms/step" if result["cpu"] else ""
    print(f"  {name:<44} shown {stats(shown)} ({ratio_shown:4.1f}×)   idle {stats(idle)} ({ratio_idle:4.1f}×)   "
          f"{kib:6.1f} KiB/step{wire}{cpu}")


def concurrency(browser: Browser, base: str, proc: psutil.Process, contexts: int, seconds: int = 60,
                period: float = 2.0) -> None:
    """`contexts` sessions on /classification, each pressing an arrow key on the live threshold every `period`
    seconds (all pressed together, not one after another); per step, the ms until that session's settled run
    sent its last frame, read in the page. A step not over by the next press counts as late."""
    pages, errors, load_ms = [], 0, []
    for _ in range(contexts):
        page = browser.page()
        page.goto(f"{base}/classification")
        pages.append(page)
    start = time.perf_counter()
    for page in pages:
        try:
            wait_drawn(page, 120_000)
            page.wait_for_selector("[data-testid='threshold-view-slider']", timeout=60_000)
            load_ms.append((time.perf_counter() - start) * 1000)
        except Exception:  # noqa: BLE001 - counted, not raised: the figure is how many sessions failed
            errors += 1
    latencies: list[float] = []
    late = 0
    cpu_before, rounds = cpu_seconds(proc), 0
    deadline = time.time() + seconds
    while time.time() < deadline:
        round_start = time.perf_counter()
        for n, page in enumerate(pages):
            try:
                page.evaluate(STEP_CLOCK)
                control(page, "live").focus()
                page.keyboard.press("ArrowRight" if (rounds + n) % 8 < 4 else "ArrowLeft")
            except Exception:  # noqa: BLE001
                errors += 1
        rounds += 1
        time.sleep(max(0.0, period - (time.perf_counter() - round_start)))
        for page in pages:
            try:
                ms = page.evaluate("() => window.__lastFrameAt > window.__t0 && performance.now() - "
                                   "window.__lastFrameAt > 100 ? window.__lastFrameAt - window.__t0 : null")
            except Exception:  # noqa: BLE001
                errors += 1
                continue
            if ms is None:
                late += 1
            else:
                latencies.append(ms)
    cpu_per_step = (cpu_seconds(proc) - cpu_before) * 1000 / max(1, rounds * len(pages))
    exceptions = sum(p.locator("[data-testid='stException']").count() for p in pages)
    rss = sum(p.memory_info().rss for p in [proc, *proc.children(recursive=True)]) / 2**20
    print(f"  {contexts} sessions, one step each every {period:g} s for {seconds} s: all loaded in "
          f"{max(load_ms, default=float('nan')) / 1000:.1f} s; {rounds * len(pages)} steps, {late} not settled "
          f"within {period:g} s, errors {errors + exceptions}; step → settled {stats(latencies)}; server CPU "
          f"{cpu_per_step:.0f} ms/step; server RSS {rss:,.0f} MiB")
    for page in pages:
        page.context.close()


def import_time(app_dir: Path, view: str = "views/classification.py") -> float:
    """ms to import what a first run of `view` imports: the app's entry point's and the view's own imports
    (each module's top-level `import`/`from` lines, which pull in scikit-learn, plotly, lib.*), and the
    question bank every page's Rehearse panel reads."""
    lines = [line for name in ("app.py", view) for line in (app_dir / name).read_text().splitlines()
             if line.startswith(("import ", "from ")) and "__future__" not in line]
    code = ("import time; t = time.perf_counter()\n" + "\n".join(lines) +
            "\nimport lib.questions; lib.questions.bank(); print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], cwd=app_dir, capture_output=True, text=True, check=True)
    return float(out.stdout.strip()) * 1000


PAGES = ["", "classification", "imbalance", "fitting", "clustering", "practice", "regression", "validation", "bayes",
         "gradient-descent", "pca"]


def first_views(trivial_dir: Path, app_dir: Path, replica: bool) -> None:
    """Each page's default view in a new browser context: its first visit, then the median of two more."""
    with sync_playwright() as playwright, server("trivial.py", trivial_dir) as (trivial, _, _), \
            server("app.py", app_dir, replica=replica) as (base, proc, _):
        browser = Browser(playwright)
        if not replica:
            first_view(browser, base)  # home imports the app's modules (the cold server is measured below); no caches
        floor_first = statistics.median(first_view(browser, trivial) for _ in range(3))
        print(f"  trivial app                      {floor_first:7.0f} ms")
        first = "first visit" if replica else "cold caches"
        for page_path in PAGES:
            url = f"{base}/{page_path}"
            before = cpu_seconds(proc)
            try:
                cold = first_view(browser, url)
            except Exception as exc:  # noqa: BLE001 - a page this checkout lacks
                print(f"  /{page_path:<30} not measured ({type(exc).__name__})")
                continue
            cold_cpu = (cpu_seconds(proc) - before) * 1000
            before = cpu_seconds(proc)
            warm = statistics.median(first_view(browser, url) for _ in range(2))
            warm_cpu = (cpu_seconds(proc) - before) * 1000 / 2
            print(f"  /{page_path:<30} {first} {cold:6.0f} ms ({cold / floor_first:4.1f}×)   warm {warm:6.0f} ms "
                  f"({warm / floor_first:4.1f}×)   server CPU {first} {cold_cpu:5.0f} ms, warm {warm_cpu:5.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--app-dir", type=Path, default=ROOT)
    parser.add_argument("--repeats", type=int, default=12)
    parser.add_argument("--concurrency", action="store_true")
    parser.add_argument("--skip-first-views", action="store_true")
    parser.add_argument("--only", default="", help="comma-separated parts: threshold, knobs, first, replica, cold")
    args = parser.parse_args()
    only = set(filter(None, args.only.split(",")))
    wanted = lambda part: not only or part in only  # noqa: E731
    trivial_dir = Path(tempfile.mkdtemp())
    (trivial_dir / "trivial.py").write_text(TRIVIAL)

    global METER
    with sync_playwright() as playwright, server("trivial.py", trivial_dir, metered=True) as (trivial, _, floor_meter), \
            server("app.py", args.app_dir, metered=True) as (base, proc, METER):
        browser = Browser(playwright)
        print(f"app: {args.app_dir}")
        page = browser.page()
        page.goto(floor_meter.base)
        wait_drawn(page)
        floor_steps = keyboard_steps(page, "Value", "Value", args.repeats)
        floor = {"shown": statistics.median(floor_steps["shown"]), "idle": statistics.median(floor_steps["idle"])}
        print("\n== keyboard steps (ratio to the trivial app in this run)")
        report("trivial app (floor)", floor_steps, floor)
        page.context.close()

        views = [
            ("classification: threshold", "classification?threshold=0.5", "Precision"),
            ("classification, 20,000 rows: threshold", "classification?dataset=classification&n_samples=20000"
             "&threshold=0.3", "Precision"),
            ("imbalance: threshold", "imbalance?threshold=0.5", "Recall"),
        ]
        for name, path, label in views if wanted("threshold") else []:
            page = browser.page()
            page.goto(f"{METER.base}/{path}")
            wait_drawn(page)
            try:  # the live view mounts after the page's first run
                page.wait_for_selector("[data-testid='threshold-view-slider']", timeout=30_000)
                live = True
            except Exception:  # noqa: BLE001 - an older checkout without it: measured as server-drawn
                live = False
            selector = "live" if live else "Decision threshold"
            report(name + ("" if live else " (server-drawn)"), keyboard_steps(
                page, selector, label, args.repeats, proc=proc), floor)
            print(f"    mouse drag: {drag_updates(page, selector, label)} updates shown before release")
            if live:
                kib, wire, cpu = burst(page, proc)
                print(f"    10 presses 60 ms apart (one settle at the end): {kib:5.1f} KiB ({wire:4.1f} on the wire) "
                      f"and {cpu:4.0f} ms server CPU per press")
            page.context.close()

        for name, path, selector, label in [
            ("fitting: knob C to a computed value", "fitting?C=1", "C (inverse", "text:Marker at"),
            ("clustering: k to a computed value", "clustering?dataset=blobs&n_clusters=3", "Number of clusters",
             "text:clusters found"),  # "4 clusters found. …": a score can repeat from one k to the next
            ("pca: n_components to a computed value", "pca?dataset=breast_cancer&n_components=3", "Components kept", "Cumulative explained variance"),
            ("bayes: prevalence", "bayes", "Prevalence", "PPV"),  # nothing to fit: figures only
            ("gradient descent: learning rate", "gradient-descent?learning_rate=0.01", "Learning rate", "Final loss"),
        ] if wanted("knobs") else []:
            page = browser.page()
            page.goto(f"{METER.base}/{path}")
            wait_drawn(page)
            try:
                keyboard_steps(page, selector, label, 8, proc=proc)  # visit the values the steps go to: computed
                report(name, keyboard_steps(page, selector, label, args.repeats, proc=proc), floor)
            except Exception as exc:  # noqa: BLE001 - one view's failure must not hide the other figures
                print(f"  {name:<44} not measured ({type(exc).__name__}: {str(exc).splitlines()[0][:80]})")
            page.context.close()

    if not args.skip_first_views and wanted("first"):
        print("\n== first views (new browser context, a server started for them: the first visit finds the view's "
              "caches cold; ratio to the trivial app's first view)")
        first_views(trivial_dir, args.app_dir, replica=False)
    if not args.skip_first_views and wanted("replica"):
        print("\n== first views on a replica as the Dockerfile starts it (its default views warmed at start)")
        first_views(trivial_dir, args.app_dir, replica=True)
    if not args.skip_first_views and wanted("cold"):
        print("\n== a cold server's first deep link")
        with sync_playwright() as playwright, server("app.py", args.app_dir) as (base, _, _):
            browser = Browser(playwright)
            cold = first_view(browser, f"{base}/classification")
            warm = first_view(browser, f"{base}/classification")
            print(f"  /classification on a just-started server {cold:7.0f} ms, then {warm:7.0f} ms "
                  f"(difference {cold - warm:6.0f} ms); import time of the app's modules {import_time(args.app_dir):6.0f} ms")
        with sync_playwright() as playwright, server("app.py", args.app_dir, replica=True, warmed=False) as (base, _, _):
            browser = Browser(playwright)  # asked as soon as the health check answers: the warm-up is running
            cold = first_view(browser, f"{base}/classification")
            warm = first_view(browser, f"{base}/classification")
            print(f"  the same on a replica (scripts/serve.py: modules imported before it answers, warm-up beside) "
                  f"{cold:7.0f} ms, then {warm:7.0f} ms (difference {cold - warm:6.0f} ms)")
    if args.concurrency:
        print("\n== concurrency (threshold steps every 2 s per session)")
        with sync_playwright() as playwright, server("app.py", args.app_dir) as (base, proc, _):
            browser = Browser(playwright)
            for n in (10, 20):
                concurrency(browser, base, proc, n)


if __name__ == "__main__":
    threading.stack_size(64 * 1024 * 1024)
    main()
