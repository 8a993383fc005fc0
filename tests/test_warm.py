"""The replica's start command (scripts/serve.py, the Dockerfile's CMD): the server, and a warm-up pass that
runs every page's default view once, so the replica's first visitors find those caches warm."""
import asyncio
import os
import subprocess
import sys
import time

import pytest

from lib.pages import PAGES
from tests.conftest import ROOT, free_port, wait_healthy

sys.path.insert(0, str(ROOT / "scripts"))
import warm  # noqa: E402

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
        wait_healthy(base)
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


def test_the_warm_up_runs_every_default_view_without_an_error(replica):
    _, lines = replica
    assert lines and lines[-1].startswith("warm: every page's default view ran once"), lines
    reported = [line.split()[1] for line in lines[:-1]]
    assert reported == [f"/{page.url_path}" for page in PAGES.values()], lines
    assert not [line for line in lines if "errors:" in line], lines


def test_a_warmed_default_view_runs_from_the_caches(replica):
    base, _ = replica
    seconds, errors = asyncio.run(warm.run_page(base, "fitting"))  # cold: ~5 s of fits on this machine
    assert not errors
    assert seconds < 3, f"/fitting took {seconds:.1f} s after the warm-up"


def test_an_unknown_page_is_an_error_not_a_silent_success(replica):
    base, _ = replica
    with pytest.raises(LookupError, match="no page /no-such-page"):
        asyncio.run(warm.run_page(base, "no-such-page"))
