"""Warm a running app's caches: open every page's default view once, as a browser's first visit would.

    python scripts/warm.py [http://127.0.0.1:8501]

A hosted replica starts with empty caches, so without this its first visitor to /fitting or /validation
waits for every fit of the default view (bench/browser.py, "first views"). Streamlit has no start-up hook
and its caches live in the server process, so the warm-up is a client: it speaks Streamlit's own websocket
protocol (the protobuf messages in the streamlit package), asks for one run of each page and waits for the
run to finish, one page at a time, so that a real visitor's run is never queued behind more than one.
scripts/serve.py runs it in a thread beside the server; it ends when every page has run once.
"""
from __future__ import annotations

import asyncio
import sys
import time
import urllib.request
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from lib.pages import PAGES  # noqa: E402

RUN_TIMEOUT_S = 300  # the slowest default view (cold /fitting) takes ~20 s on one core


def wait_healthy(base: str, timeout_s: float = 120) -> None:
    """Poll a Streamlit server's health endpoint until it answers `ok` (a condition, not a guessed sleep)."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"the app did not become healthy in {timeout_s:.0f} s") from None
            time.sleep(0.3)


async def run_page(base: str, url_path: str) -> tuple[float, list[str]]:
    """One run of the page at `url_path` ("" for home): (seconds, exception messages the page showed)."""
    start, errors = time.perf_counter(), []
    async with connect(base.replace("http", "ws", 1) + "/_stcore/stream", subprotocols=["streamlit"],
                       max_size=None) as socket:
        message = BackMsg()
        message.rerun_script.query_string = ""
        message.rerun_script.page_name = url_path
        await socket.send(message.SerializeToString())
        while True:
            raw = await asyncio.wait_for(socket.recv(), RUN_TIMEOUT_S)
            forward = ForwardMsg()
            forward.ParseFromString(raw)
            kind = forward.WhichOneof("type")
            if kind == "page_not_found":
                raise LookupError(f"the server has no page /{url_path}")
            if kind == "delta" and forward.delta.new_element.WhichOneof("type") == "exception":
                errors.append(forward.delta.new_element.exception.message)
            elif kind == "script_finished" and forward.script_finished != ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY:
                return time.perf_counter() - start, errors


async def warm(base: str) -> list[str]:
    problems = []
    for page in PAGES.values():
        seconds, errors = await run_page(base, page.url_path)
        print(f"warm: /{page.url_path:<20} {seconds:6.1f} s" + (f"  errors: {errors}" if errors else ""), flush=True)
        problems += [f"/{page.url_path}: {e}" for e in errors]
    return problems


def main(base: str = "http://127.0.0.1:8501") -> int:
    base = base.rstrip("/")
    wait_healthy(base)
    start = time.perf_counter()
    problems = asyncio.run(warm(base))
    print(f"warm: every page's default view ran once in {time.perf_counter() - start:.1f} s", flush=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
