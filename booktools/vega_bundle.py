"""The Vega, Vega-Lite and vega-embed bundle, built offline by vl-convert and cached by version."""
from __future__ import annotations

from pathlib import Path

import altair as alt
import vl_convert as vlc

# vl-convert wants "MAJOR.MINOR" of the Vega-Lite that Altair writes specs for.
VEGA_LITE = ".".join(alt.SCHEMA_VERSION.lstrip("v").split(".")[:2])
EXPORT = "window.vegaEmbed = vegaEmbed; window.vega = vega; window.vegaLite = vegaLite;"


def bundle_tag() -> str:
    return f"vl-convert {vlc.__version__}, vega-lite {VEGA_LITE}, scoped"


def write_vega_bundle(directory: Path) -> Path:
    """Write vega-bundle.js into `directory` unless an identical build is already there."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / "vega-bundle.js"
    stamp = directory / "vega-bundle.version"
    if target.exists() and stamp.exists() and stamp.read_text() == bundle_tag():
        return target
    code = vlc.javascript_bundle(EXPORT, vl_version=VEGA_LITE)
    # The bundle declares short top-level names (`_`, `e`, ...) that clash with Sphinx's own globals
    # when loaded as a classic script; a function scope keeps them private.
    target.write_text(f"/* {bundle_tag()} */\n(function () {{\n{code}\n}})();\n", encoding="utf-8")
    stamp.write_text(bundle_tag())
    return target
