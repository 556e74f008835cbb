"""The PDF edition: the single-page build, every chart swapped for a static image, printed by Chromium.

Usage: python -m booktools.pdf SINGLEHTML_INDEX OUTPUT_PDF
"""
from __future__ import annotations

import base64
import html
import json
import re
import sys
from pathlib import Path

import vl_convert as vlc

CHART = re.compile(
    r'<div class="briefing-chart" id="chart-(?P<name>[a-z0-9-]+)"[^>]*>'
    r'<div class="briefing-chart-canvas"></div>'
    r'<script type="application/json" class="briefing-chart-spec">(?P<spec>.*?)</script>', re.S)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def static_charts(page: str) -> tuple[str, int]:
    """Replace each chart's spec with a PNG of it (alt text kept); return the page and the count."""
    count = 0

    def to_image(match: re.Match) -> str:
        nonlocal count
        spec = json.loads(match.group("spec").replace("<\\/", "</").replace("<\\!--", "<!--"))
        png = vlc.vegalite_to_png(spec, scale=2)
        count += 1
        alt = html.escape(spec.get("description", ""), quote=True)
        return (f'<div class="briefing-chart-static" id="chart-{match.group("name")}">'
                f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}" alt="{alt}" '
                f'style="max-width:100%;height:auto">')

    return CHART.sub(to_image, page), count


def print_pdf(page: Path, output: Path, chromium: str = "/usr/bin/chromium") -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS, headless=True)
        tab = browser.new_page()
        # Nothing may come from another host, in print as on screen.
        tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
        tab.goto(page.resolve().as_uri(), wait_until="load")
        tab.emulate_media(media="print")
        tab.pdf(path=str(output), format="A4", print_background=True, outline=True, tagged=True,
                margin={"top": "18mm", "bottom": "18mm", "left": "16mm", "right": "16mm"})
        browser.close()


def main(index: str, output: str) -> None:
    source = Path(index)
    page, count = static_charts(source.read_text(encoding="utf-8"))
    if count == 0:
        sys.exit(f"{index}: no charts found to render; the PDF would silently lack them")
    printable = source.with_name("print.html")
    printable.write_text(page, encoding="utf-8")
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    import os
    print_pdf(printable, Path(output), os.environ.get("CHROMIUM", "/usr/bin/chromium"))
    print(f"PDF edition: {output} ({count} charts as images)")


if __name__ == "__main__":
    main(*sys.argv[1:3])
