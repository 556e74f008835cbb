"""The PDF edition: the single-page build, every chart swapped for a static image, printed by Chromium.

Usage: python -m booktools.pdf SINGLEHTML_INDEX OUTPUT_PDF
"""
from __future__ import annotations

import base64
import html
import sys
from pathlib import Path

from analysis import chart_html

from .browser import chromium


def static_charts(page: str) -> tuple[str, int]:
    """Replace each chart's canvas and spec with a PNG of it (alt text kept); return the page and the count."""
    import vl_convert as vlc

    def to_image(block: chart_html.ChartBlock) -> str:
        spec = block.spec
        png = vlc.vegalite_to_png(spec, scale=2)
        alt = html.escape(spec.get("description", ""), quote=True)
        return (f'<div class="{chart_html.STATIC}" id="{chart_html.ID_PREFIX}{block.name}">'
                f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}" alt="{alt}" '
                f'style="max-width:100%;height:auto">')

    return chart_html.replace_charts(page, to_image)


def print_pdf(page: Path, output: Path) -> None:
    with chromium() as browser:
        tab = browser.new_page()
        # Nothing may come from another host, in print as on screen.
        tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
        tab.goto(page.resolve().as_uri(), wait_until="load")
        tab.emulate_media(media="print")
        tab.pdf(path=str(output), format="A4", print_background=True, outline=True, tagged=True,
                margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"})


def main(index: str, output: str) -> None:
    source = Path(index)
    page, count = static_charts(source.read_text(encoding="utf-8"))
    if count == 0:
        sys.exit(f"{index}: no charts found to render; the PDF would silently lack them")
    printable = source.with_name("print.html")
    printable.write_text(page, encoding="utf-8")
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    print_pdf(printable, Path(output))
    print(f"PDF edition: {output} ({count} charts as images)")


if __name__ == "__main__":
    main(*sys.argv[1:3])
