"""The Vega, Vega-Lite and vega-embed bundle, built offline by vl-convert and cached by version.

It depends only on the installed vl-convert and Altair, so it is kept with them, in the environment
(`environment_cache`), made once when `make setup` installs them, not once per build. A build that finds
it missing or stale makes it again.

Altair and vl-convert are imported only when the bundle has to be (re)built: importing them costs
about half a second on every build, a large share of a no-change rebuild.

Usage: python -m booktools.vega_bundle   (make it in the environment's cache; `make setup` runs this)
"""
from __future__ import annotations

import os
import sys
import tempfile
from importlib.metadata import version
from pathlib import Path

EXPORT = "window.vegaEmbed = vegaEmbed; window.vega = vega; window.vegaLite = vegaLite;"


def cache_key() -> str:
    """Changes whenever the bundle could: a new vl-convert, or an Altair writing another Vega-Lite."""
    return f"vl-convert-python {version('vl-convert-python')}, altair {version('altair')}, scoped"


def vega_lite_version() -> str:
    """vl-convert wants "MAJOR.MINOR" of the Vega-Lite that Altair writes specs for."""
    import altair as alt

    return ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])


def environment_cache() -> Path:
    """Beside the packages the bundle is made from: the virtual environment's share/ directory."""
    return Path(sys.prefix) / "share" / "briefing-vega-bundle"


def _write_atomically(path: Path, text: str) -> None:
    # Several builds (the tests run some side by side) may find the bundle stale at once: each writes a
    # whole file and renames it into place, so none reads a half-written one.
    with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=path.parent, delete=False) as handle:
        handle.write(text)
    os.chmod(handle.name, 0o644)  # as any other file the site serves, not the temporary file's 0600
    os.replace(handle.name, path)


def write_vega_bundle(directory: Path) -> Path:
    """Write vega-bundle.js into `directory` unless an identical build is already there."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / "vega-bundle.js"
    stamp = directory / "vega-bundle.version"
    if target.exists() and stamp.exists() and stamp.read_text() == cache_key():
        return target
    import vl_convert as vlc

    vega_lite = vega_lite_version()
    code = vlc.javascript_bundle(EXPORT, vl_version=vega_lite)
    # The bundle declares short top-level names (`_`, `e`, ...) that clash with Sphinx's own globals
    # when loaded as a classic script; a function scope keeps them private.
    tag = f"vl-convert {vlc.__version__}, vega-lite {vega_lite}, scoped"
    _write_atomically(target, f"/* {tag} */\n(function () {{\n{code}\n}})();\n")
    _write_atomically(stamp, cache_key())
    return target


if __name__ == "__main__":
    print(f"Vega bundle: {write_vega_bundle(environment_cache())}")
