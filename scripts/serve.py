"""Run the app as a hosted replica does: the Streamlit server, and in a thread beside it one warm-up pass over
every page's default view (scripts/warm.py), so that the replica's first visitors find those caches warm.

    python scripts/serve.py [streamlit options, e.g. --server.address=0.0.0.0]

The port is $PORT (default 8501). One process: the warm-up thread ends after its pass, nothing to reap.
"""
import os
import sys
import threading
from pathlib import Path

from streamlit.web import cli

sys.path.insert(0, str(Path(__file__).resolve().parent))
import warm  # noqa: E402

if __name__ == "__main__":
    port = os.environ.get("PORT", "8501")
    threading.Thread(target=warm.main, args=[f"http://127.0.0.1:{port}"], name="warm-up", daemon=True).start()
    sys.argv = ["streamlit", "run", str(Path(__file__).resolve().parent.parent / "app.py"), f"--server.port={port}",
                *sys.argv[1:]]
    sys.exit(cli.main())
