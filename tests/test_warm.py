"""The replica's start command (scripts/serve.py, the Dockerfile's CMD): the server, and a warm-up pass that
runs every page's default view once, so the replica's first visitors find those caches warm."""
import asyncio
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from lib.pages import PAGES
from scripts import warm
from tests.conftest import ROOT, free_port

pytestmark = pytest.mark.slow  # a server of its own, every default view computed from cold (~15 s)


@pytest.fixture(scope="module")
def replica():
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "scripts/serve.py", "--server.headless=true", "--server.address=127.0.0.1",
         "--browser.gatherUsageStats=false", "--server.fileWatcherType=none"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env={**os.environ, "PORT": str(port), "PLAYGROUND_THRESHOLD_VIEW": "live"})
    base = f"http://127.0.0.1:{port}"
    try:
        warm.wait_healthy(base)
        lines, deadline = [], time.monotonic() + 300
        for line in process.stdout:  # the server's own lines too
            if line.startswith("warm: "):
                lines.append(line.strip())
            if line.startswith("warm: every page") or time.monotonic() > deadline:
                break
        yield base, lines
    finally:
        process.terminate()
        process.wait(20)


def run_page(base: str, url_path: str):
    """warm.run_page in a thread of its own: a worker that ran Playwright's sync API has an event loop running."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, warm.run_page(base, url_path)).result()


# One test, one replica: a module fixture would start a replica in each xdist worker that runs a test of it.
def test_the_replica_start_warms_every_default_view(replica):
    base, lines = replica
    assert lines and lines[-1].startswith("warm: every page's default view ran once"), lines
    reported = [line.split()[1] for line in lines[:-1]]
    assert reported == [f"/{page.url_path}" for page in PAGES.values()], lines
    assert not [line for line in lines if "errors:" in line], lines

    seconds, errors = run_page(base, "fitting")  # cold: ~5 s of fits on this machine
    assert not errors
    assert seconds < 3, f"/fitting took {seconds:.1f} s after the warm-up"

    with pytest.raises(LookupError, match="no page /no-such-page"):  # an error, not a silent success
        run_page(base, "no-such-page")
