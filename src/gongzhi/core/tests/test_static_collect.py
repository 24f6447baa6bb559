"""Static files are collected when their sources changed, and only then: `gongzhi serve` no longer hashes and
compresses every file on each start, and `make run` collects while the demo loads (`gongzhi static`)."""

from __future__ import annotations

import io
import json
import os

import pytest
from django.core.management import call_command

from gongzhi.core import staticcollect


@pytest.fixture
def static_world(settings, tmp_path, monkeypatch):
    """One source folder of our own instead of the apps' 1,200 files; collectstatic recorded and imitated."""
    source = tmp_path / "source"
    source.mkdir()
    (source / "app.css").write_text("body { color: #b22; }")
    settings.STATICFILES_DIRS = [source]
    settings.INSTALLED_APPS = [app for app in settings.INSTALLED_APPS if app != "django.contrib.admin"]
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}}
    runs: list[str] = []

    def collectstatic(name, **options):
        runs.append(name)
        settings.STATIC_ROOT.mkdir(exist_ok=True)
        (settings.STATIC_ROOT / "staticfiles.json").write_text(json.dumps({"paths": {}}))

    monkeypatch.setattr(staticcollect, "call_command", collectstatic)
    return source, runs


def test_collected_once_then_not_again_until_a_source_changes(static_world):
    source, runs = static_world
    assert staticcollect.collect_if_changed() is True
    assert staticcollect.collect_if_changed() is False
    assert runs == ["collectstatic"]

    stat = (source / "app.css").stat()
    os.utime(source / "app.css", ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert staticcollect.collect_if_changed() is True
    (source / "new.js").write_text("console.log(1);")
    assert staticcollect.collect_if_changed() is True
    assert staticcollect.collect_if_changed() is False
    assert runs == ["collectstatic"] * 3


def test_a_missing_manifest_or_changed_setting_collects_again(static_world, settings):
    _source, runs = static_world
    staticcollect.collect_if_changed()
    (settings.STATIC_ROOT / "staticfiles.json").unlink()
    assert staticcollect.collect_if_changed() is True  # served pages would fail without the manifest

    settings.WHITENOISE_SKIP_COMPRESS_EXTENSIONS = ["png"]
    assert staticcollect.collect_if_changed() is True
    assert len(runs) == 3


def test_a_failed_collection_leaves_no_fingerprint(static_world, monkeypatch, settings):
    staticcollect.collect_if_changed()

    def broken(name, **options):
        raise OSError("disk full")

    (static_world[0] / "app.css").write_text("body { color: #000; }")
    monkeypatch.setattr(staticcollect, "call_command", broken)
    with pytest.raises(OSError):
        staticcollect.collect_if_changed()
    assert not staticcollect.fingerprint_path().exists()


def test_the_static_command_says_what_it_did(static_world):
    out = io.StringIO()
    call_command("static", stdout=out)
    call_command("static", stdout=out)
    assert out.getvalue().splitlines() == ["Static files collected.", "Static files unchanged since the last collection."]


def test_source_maps_are_not_compressed(settings):
    assert "map" in settings.WHITENOISE_SKIP_COMPRESS_EXTENSIONS
    assert {"png", "woff2", "gz"} <= set(settings.WHITENOISE_SKIP_COMPRESS_EXTENSIONS)
