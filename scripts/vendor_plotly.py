"""Vendor plotly.js's cartesian bundle at the version the installed plotly package ships.

    python scripts/vendor_plotly.py

The live charts and the threshold view draw with `plotly.js-cartesian-dist-min` (npm), the official partial
bundle of plotly.js: in Chromium it loads and evaluates in ~0.7 s against ~1.7 s for the full bundle the
Python package ships (measured on this 2-core machine), and a page's first view pays that once. No pip
package ships it, so the built file is kept in lib/ui/assets/vendor/; tests/test_live_chart.py fails when
it no longer matches the installed plotly's plotly.js, and this script fetches the matching one from the npm
registry (checked against the registry's sha512).
"""
from __future__ import annotations

import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path

import plotly

PACKAGE = "plotly.js-cartesian-dist-min"
VENDOR = Path(__file__).resolve().parent.parent / "lib" / "ui" / "assets" / "vendor"


def main() -> int:
    version = plotly.offline.get_plotlyjs_version()
    with urllib.request.urlopen(f"https://registry.npmjs.org/{PACKAGE}/{version}", timeout=60) as response:
        dist = json.load(response)["dist"]
    with urllib.request.urlopen(dist["tarball"], timeout=120) as response:
        tarball = response.read()
    algorithm, _, expected = dist["integrity"].partition("-")
    if base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode() != expected:
        print(f"{PACKAGE} {version}: the tarball does not match the registry's {algorithm}", file=sys.stderr)
        return 1
    with tarfile.open(fileobj=io.BytesIO(tarball)) as archive:
        for member, name in (("package/plotly-cartesian.min.js", "plotly-cartesian.min.js"),
                             ("package/LICENSE", "plotly-cartesian.LICENSE")):
            (VENDOR / name).write_bytes(archive.extractfile(member).read())
    print(f"vendored {PACKAGE} {version} in {VENDOR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
