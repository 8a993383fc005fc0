"""The live threshold view's own files are served from static/ under their content's hash, and an earlier
version of a file is removed when a new one is written."""
import hashlib

from lib.ui import linked


def test_assets_are_named_by_content_and_replace_their_earlier_versions(tmp_path, monkeypatch):
    monkeypatch.setattr(linked, "STATIC", tmp_path)
    linked.asset_url.cache_clear()
    stale = tmp_path / "threshold_view-000000000000.js"
    stale.write_text("an earlier version")
    try:
        url = linked.asset_url("threshold_view.js")
    finally:
        linked.asset_url.cache_clear()  # the real static/ again for other tests
    source = (linked.ASSETS / "threshold_view.js").read_bytes()
    name = url.removeprefix("app/static/")
    assert name == f"threshold_view-{hashlib.sha256(source).hexdigest()[:12]}.js"
    assert (tmp_path / name).read_bytes() == source
    assert not stale.exists()
