"""The PDF edition: the single-page build made fit for paper (booktools/print_edition.py), every chart
swapped for a static image, printed by Chromium.

Usage: python -m booktools.pdf [--prepared FILE] SINGLEHTML_INDEX OUTPUT_PDF
       python -m booktools.pdf --prepare EXECUTED --prepared FILE   (draw the charts only, ahead of time)
"""
from __future__ import annotations

import argparse
import base64
import hashlib
import html
import json
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


def printed_chart(block: chart_html.ChartBlock) -> str:
    """The chart as paper shows it: a PNG (alt text kept) in place of its canvas and spec. On paper a
    chart's title cannot ask for a pointer, and an interactive chart shows its defaults; what its
    tooltips show on screen is printed as labels in the chart and a table under it, as the chart
    declares (booktools/print_labels.py)."""
    import vl_convert as vlc

    spec = clean_chart_spec(block.spec)
    png = vlc.vegalite_to_png(printed_spec(spec), scale=SCALE)
    width, height = png_size(png)
    alt = html.escape(spec.get("description", ""), quote=True)
    note = f'<p class="{INTERACTIVE_NOTE}">{INTERACTIVE_NOTE_TEXT}</p>' if is_interactive(spec) else ""
    return (f'<div class="{chart_html.STATIC}" id="{chart_html.ID_PREFIX}{block.name}">'
            f'<img src="data:image/png;base64,{base64.b64encode(png).decode()}" alt="{alt}" '
            f'width="{width // SCALE}" height="{height // SCALE}" style="max-width:100%;height:auto">{note}'
            + tables_html(value_tables(spec)))


def chart_key(block: chart_html.ChartBlock) -> str:
    """A chart's name and spec, as one key: the same chart as the notebook glued it and in the single page."""
    return block.name + ":" + hashlib.sha256(block.spec_text.encode("utf-8")).hexdigest()


def prepare_charts(executed: Path, prepared: Path) -> int:
    """Every chart the notebooks glued (MyST-NB keeps each page's glued outputs in
    `executed`/**/*.glue.json as soon as the page is read), as paper shows it, by chart_key, into the
    JSON file `prepared`. `make book` runs this while the site is still being written, so that drawing
    the charts costs no time of its own; returns the number of charts."""
    charts = {}
    for glued in sorted(executed.rglob("*.glue.json")):
        for output in json.loads(glued.read_text(encoding="utf-8")).values():
            for block in chart_html.find_charts(output.get("data", {}).get("text/html", "")):
                charts.setdefault(chart_key(block), block)
    prepared.write_text(json.dumps({key: printed_chart(block) for key, block in charts.items()}), encoding="utf-8")
    return len(charts)


def static_charts(page: str, prepared: dict[str, str] | None = None) -> tuple[str, int, int]:
    """Replace each chart by its printed version (from `prepared` where it is there); return the page,
    the number of charts and how many of them were prepared."""
    prepared = prepared or {}
    found = 0

    def replacement(block: chart_html.ChartBlock) -> str:
        nonlocal found
        if (ready := prepared.get(chart_key(block))) is not None:
            found += 1
            return ready
        return printed_chart(block)

    page, count = chart_html.replace_charts(page, replacement)
    return page, count, found


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


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--prepare", metavar="EXECUTED", type=Path, help="only draw the charts the notebooks "
                        "executed into EXECUTED (_build/jupyter_execute) glued, into the file given as --prepared")
    parser.add_argument("--prepared", type=Path, help="charts already drawn (JSON written by --prepare)")
    parser.add_argument("paths", nargs="*", help="SINGLEHTML_INDEX OUTPUT_PDF")
    args = parser.parse_args(argv)
    if args.prepare:
        if not args.prepared:
            parser.error("--prepare needs --prepared FILE")
        print(f"PDF edition: {prepare_charts(args.prepare, args.prepared)} charts drawn for print")
        return
    if len(args.paths) != 2:
        parser.error("give SINGLEHTML_INDEX and OUTPUT_PDF")
    source, output = Path(args.paths[0]), Path(args.paths[1])
    prepared = json.loads(args.prepared.read_text(encoding="utf-8")) if args.prepared else None
    page, count, ready = static_charts(source.read_text(encoding="utf-8"), prepared)
    if count == 0:
        sys.exit(f"{source}: no charts found to render; the PDF would silently lack them")
    page, dropped = printable_page(page, book_base_url(), STYLESHEET.read_text(encoding="utf-8"))
    for sentence in dropped:
        # Said in the log: the web text may want rewording so that print and web say the same.
        print(f"PDF edition: left out (it asks for a pointer): {sentence}")
    printable = source.with_name("print.html")
    printable.write_text(page, encoding="utf-8")
    output.parent.mkdir(parents=True, exist_ok=True)
    print_pdf(printable, output)
    blank = drop_blank_pages(output)
    if blank:
        print(f"PDF edition: removed blank page(s) {blank}")
    print(f"PDF edition: {output} ({count} charts as images, {ready} of them drawn beforehand)")


if __name__ == "__main__":
    main(sys.argv[1:])
