"""Run the app as a hosted replica does: the Streamlit server, and in a thread beside it one warm-up pass over
every page's default view (scripts/warm.py), so that the replica's first visitors find those caches warm.

    python scripts/serve.py [streamlit options, e.g. --server.address=0.0.0.0]

The port is $PORT (default 8501). One process: the warm-up thread ends after its pass, nothing to reap. The
app's modules are imported before the server starts, so its health check answers once they are loaded.
"""
import importlib
import os
import pkgutil
import sys
import threading
from pathlib import Path

from streamlit.web import cli

sys.path.insert(0, str(Path(__file__).resolve().parent))
import warm  # noqa: E402


def import_the_app() -> int:
    """Import every module of lib/ (scikit-learn, plotly, statsmodels with them) before the server answers, so
    the replica's first request does not wait ~2 s for imports; returns how many."""
    import lib
    names = [m.name for m in pkgutil.walk_packages(lib.__path__, "lib.")]
    for name in names:
        importlib.import_module(name)
    return len(names)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    import_the_app()
    port = os.environ.get("PORT", "8501")
    threading.Thread(target=warm.main, args=[f"http://127.0.0.1:{port}"], name="warm-up", daemon=True).start()
    sys.argv = ["streamlit", "run", str(Path(__file__).resolve().parent.parent / "app.py"), f"--server.port={port}",
                *sys.argv[1:]]
    sys.exit(cli.main())
