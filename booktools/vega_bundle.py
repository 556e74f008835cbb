"""The Vega, Vega-Lite and vega-embed bundle, built offline by vl-convert and cached by version.

Altair and vl-convert are imported only when the bundle has to be (re)built: importing them costs
about half a second on every build, a large share of a no-change rebuild.
"""
from __future__ import annotations

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
    target.write_text(f"/* {tag} */\n(function () {{\n{code}\n}})();\n", encoding="utf-8")
    stamp.write_text(cache_key())
    return target
