"""The PDF edition: the single-page build made fit for paper (booktools/print_edition.py), every chart
swapped for a static image, printed by Chromium.

Usage: python -m booktools.pdf SINGLEHTML_INDEX OUTPUT_PDF
"""
from __future__ import annotations

import base64
import html
import re
import struct
import sys
from pathlib import Path

from analysis import chart_html

from .browser import chromium
from .print_edition import INTERACTIVE_NOTE, INTERACTIVE_NOTE_TEXT, clean_chart_spec, is_interactive, printable_page
from .print_labels import printed_spec, tables_html, value_tables
from .publication import book_base_url

STYLESHEET = Path(__file__).with_name("print_edition.css")
# vl-convert draws at twice the chart's size, so the image is sharp on paper at the chart's own size.
SCALE = 2


def png_size(png: bytes) -> tuple[int, int]:
    """Width and height in pixels, from the PNG's header."""
    return struct.unpack(">II", png[16:24])


def static_charts(page: str) -> tuple[str, int]:
    """Replace each chart's canvas and spec with a PNG of it (alt text kept); return the page and the count.
    On paper a chart's title cannot ask for a pointer, and an interactive chart shows its defaults; what
    its tooltips show on screen is printed as labels in the chart and a table under it, as the chart
    declares (booktools/print_labels.py)."""
    import vl_convert as vlc

    def to_image(block: chart_html.ChartBlock) -> str:
        spec = clean_chart_spec(block.spec)
        png = vlc.vegalite_to_png(printed_spec(spec), scale=SCALE)
        width, height = png_size(png)
        alt = html.escape(spec.get("description", ""), quote=True)
        note = f'<p class="{INTERACTIVE_NOTE}">{INTERACTIVE_NOTE_TEXT}</p>' if is_interactive(spec) else ""
        return (f'<div class="{chart_html.STATIC}" id="{chart_html.ID_PREFIX}{block.name}">'
                f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}" alt="{alt}" '
                f'width="{width // SCALE}" height="{height // SCALE}" style="max-width:100%;height:auto">{note}'
                + tables_html(value_tables(spec)))

    return chart_html.replace_charts(page, to_image)


def print_pdf(page: Path, output: Path) -> None:
    with chromium() as browser:
        tab = browser.new_page()
        # Nothing may come from another host, in print as on screen.
        tab.route("**/*", lambda r: r.continue_() if r.request.url.startswith(("file:", "data:")) else r.abort())
        tab.goto(page.resolve().as_uri(), wait_until="load")
        tab.emulate_media(media="print")
        tab.pdf(path=str(output), format="A4", print_background=True, outline=True, tagged=True,
                margin={"top": "16mm", "bottom": "16mm", "left": "15mm", "right": "15mm"})


# A page marks the paper only by showing text (TJ, Tj) or painting an image or form (Do). Reading the
# operators is a hundred times faster than extracting each page's text, and gives the same pages.
MARKING_OPERATOR = re.compile(rb"(?:TJ|Tj|Do)\b")


def has_marks(page) -> bool:
    contents = page.get_contents()
    return contents is not None and MARKING_OPERATOR.search(contents.get_data()) is not None


def drop_blank_pages(pdf: Path) -> list[int]:
    """Remove pages with neither text nor image; return their numbers (1-based).

    Chromium leaves one when a chapter's last block ends at the foot of a page and a trailing margin
    spills over just before the next chapter's page break: a reader turns over an empty sheet.
    """
    from pypdf import PdfReader, PdfWriter

    reader = PdfReader(pdf)
    blank = [i for i, page in enumerate(reader.pages) if not has_marks(page)]
    if blank:
        writer = PdfWriter(clone_from=reader)
        for i in reversed(blank):
            writer.remove_page(i)
        writer.write(pdf)
    return [i + 1 for i in blank]


def main(index: str, output: str) -> None:
    source = Path(index)
    page, count = static_charts(source.read_text(encoding="utf-8"))
    if count == 0:
        sys.exit(f"{index}: no charts found to render; the PDF would silently lack them")
    page, dropped = printable_page(page, book_base_url(), STYLESHEET.read_text(encoding="utf-8"))
    for sentence in dropped:
        # Said in the log: the web text may want rewording so that print and web say the same.
        print(f"PDF edition: left out (it asks for a pointer): {sentence}")
    printable = source.with_name("print.html")
    printable.write_text(page, encoding="utf-8")
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    print_pdf(printable, Path(output))
    blank = drop_blank_pages(Path(output))
    if blank:
        print(f"PDF edition: removed blank page(s) {blank}")
    print(f"PDF edition: {output} ({count} charts as images)")


if __name__ == "__main__":
    main(*sys.argv[1:3])
