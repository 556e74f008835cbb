"""Charts as readers see them: a PNG of every chart at desktop and phone width, and what is wrong with it.

`make shots` writes `_build/shots/` (one PNG per chart and width, and an index.html to look at them);
`tests/test_chart_pictures.py` runs the same measurements at three widths and fails on any problem:
a drawn chart wider than its column, text of a chart drawn over other text, a title, label or
legend cut (ending in Vega's "…", or drawn outside the chart's box), and two legends for one field.

    python -m booktools.shots _build/html _build/shots
"""
from __future__ import annotations

import html
import sys
from pathlib import Path

from analysis import chart_html

from .browser import chromium, serve

SHOT_WIDTHS = {"desktop": 1280, "phone": 390}
# Text boxes may touch (a label's box includes its line gap); only overlaps larger than this count.
OVERLAP_PX = 2

# Runs in the page once every chart is drawn. Boxes are measured on the screen, so they include any
# transform Vega applied; hidden text (zero-size boxes) is left out.
MEASURE_CHARTS = """
(overlapPx) => [...document.querySelectorAll('.CHART')].map(chart => {
  const canvas = chart.querySelector('.CANVAS');
  const svg = canvas.querySelector('svg');
  const result = {id: chart.id, drawn: chart.getAttribute('data-drawn'), column: chart.clientWidth,
                  width: 0, overflow: 0, overlaps: [], cut: [], outside: [], legends: []};
  if (!svg) return result;
  // The column is the chart's block in the text flow; it may itself be pushed past the screen's edge.
  const box = svg.getBoundingClientRect(), column = chart.getBoundingClientRect();
  const right = Math.min(column.right, document.documentElement.clientWidth);
  result.legends = [...svg.querySelectorAll('g.role-legend-title text')].map(t => t.textContent.trim());
  result.width = Math.round(box.width);
  result.overflow = Math.round(Math.max(box.right - right, box.width - chart.clientWidth, 0));
  // Vega hides labels it has thinned out (labelOverlap) with opacity 0 instead of removing them.
  const shown = t => { for (let e = t; e && e !== svg; e = e.parentElement) {
    const s = getComputedStyle(e); if (s.opacity === '0' || s.visibility === 'hidden' || s.display === 'none') return false; }
    return true; };
  const texts = [...svg.querySelectorAll('text')].filter(shown)
    .map(t => ({text: t.textContent.trim(), r: t.getBoundingClientRect()}))
    .filter(t => t.text && t.r.width > 0 && t.r.height > 0);
  texts.forEach((a, i) => {
    if (a.text.endsWith('\u2026')) result.cut.push(a.text);
    if (a.r.left < box.left - 1 || a.r.right > box.right + 1 || a.r.top < box.top - 1 || a.r.bottom > box.bottom + 1)
      result.outside.push(a.text);
    texts.slice(i + 1).forEach(b => {
      const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
      const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
      if (w > overlapPx && h > overlapPx) result.overlaps.push(`"${a.text}" / "${b.text}"`);
    });
  });
  return result;
})
""".replace(".CHART", f".{chart_html.CHART}").replace(".CANVAS", f".{chart_html.CANVAS}").replace(
    "data-drawn", chart_html.DRAWN_ATTRIBUTE)


def chart_pages(site: Path) -> list[str]:
    """Pages (relative to the site) that hold at least one chart."""
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html")
                  if "_static" not in p.parts and chart_html.has_charts(p.read_text(encoding="utf-8")))


def draw_every_chart(page, timeout: int = 20000) -> bool:
    """Bring each chart into view, as a reader scrolling would (chart-loader.js draws charts as they
    near the viewport); whether every chart was drawn within `timeout` ms."""
    charts = page.locator(f".{chart_html.CHART}")
    for i in range(charts.count()):
        charts.nth(i).scroll_into_view_if_needed()
    try:
        page.wait_for_function(
            f"() => [...document.querySelectorAll('.{chart_html.CHART}')]"
            f".every(c => c.getAttribute('{chart_html.DRAWN_ATTRIBUTE}') === 'true')", timeout=timeout)
    except Exception:  # Playwright's TimeoutError
        return False
    return True


def open_drawn(browser, url: str, width: int):
    """A page at `width` px, once every chart on it has been drawn; returns (context, page)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(url, wait_until="load")
    if not draw_every_chart(page):
        raise TimeoutError(f"{url} at {width} px: not every chart was drawn")
    return context, page


def measure(page) -> list[dict]:
    return page.evaluate(MEASURE_CHARTS, OVERLAP_PX)


def problems(page_name: str, width: int, charts: list[dict], page_scroll_width: int) -> list[str]:
    """What a reader would see broken, one line per problem."""
    out = []
    if page_scroll_width > width:
        out.append(f"{page_name} @{width}px: the page scrolls sideways ({page_scroll_width}px wide)")
    for c in charts:
        where = f"{page_name} @{width}px {c['id']}"
        if c["drawn"] != "true":
            out.append(f"{where}: not drawn ({c['drawn']})")
        if c["overflow"] > 0:
            out.append(f"{where}: {c['width']}px wide in a {c['column']}px column ({c['overflow']}px cut)")
        for pair in c["overlaps"][:5]:
            out.append(f"{where}: text over text {pair}")
        for text in c["cut"][:5]:
            out.append(f"{where}: cut label {text!r}")
        for text in c["outside"][:5]:
            out.append(f"{where}: text outside the chart {text!r}")
        for title in sorted({t for t in c["legends"] if c["legends"].count(t) > 1}):
            out.append(f"{where}: two legends titled {title!r} (one field, one legend)")
    return out


def write_shots(site: Path, out: Path) -> list[str]:
    out.mkdir(parents=True, exist_ok=True)
    found, rows = [], []
    with chromium() as browser, serve(site) as url:
        for rel in chart_pages(site):
            for label, width in SHOT_WIDTHS.items():
                context, page = open_drawn(browser, f"{url}/{rel}", width)
                charts = measure(page)
                found += problems(rel, width, charts, page.evaluate("document.documentElement.scrollWidth"))
                for c in charts:
                    name = f"{c['id'].removeprefix('chart-')}-{label}.png"
                    # What the screen shows of the chart: its height, the screen's width (a chart
                    # wider than the screen is shown cut, as a reader would see it).
                    box = page.locator(f"#{c['id']} .{chart_html.CANVAS}").bounding_box()
                    # The box is where the chart is on the screen; a full-page picture counts from the
                    # top of the page, and the page is scrolled to its last chart.
                    top = box["y"] + page.evaluate("window.scrollY")
                    page.screenshot(path=str(out / name), full_page=True,
                                    clip={"x": 0, "y": top, "width": width, "height": box["height"]})
                    rows.append((rel, c["id"], label, name))
                context.close()
    items = "\n".join(f'<figure><figcaption>{html.escape(rel)} · {html.escape(cid)} · {label}</figcaption>'
                      f'<img src="{html.escape(name)}" alt="{html.escape(cid)} at {label} width" loading="lazy"></figure>'
                      for rel, cid, label, name in rows)
    listed = "".join(f"<li>{html.escape(p)}</li>" for p in found) or "<li>none</li>"
    (out / "index.html").write_text(
        "<!doctype html><meta charset=utf-8><title>Charts as readers see them</title>"
        "<style>body{font-family:system-ui;margin:1rem} figure{margin:1rem 0;border-top:1px solid #ccc}"
        "img{max-width:100%;border:1px solid #eee}</style>"
        f"<h1>Charts as readers see them</h1><h2>Problems found</h2><ul>{listed}</ul>{items}\n",
        encoding="utf-8")
    return found


def main(argv: list[str]) -> int:
    site = Path(argv[0]) if argv else Path("_build/html")
    out = Path(argv[1]) if len(argv) > 1 else Path("_build/shots")
    if not (site / "index.html").exists():
        print(f"No site at {site}: run 'make book' (or 'make html') first")
        return 2
    found = write_shots(site, out)
    print(f"wrote {out}/index.html; {len(found)} problems" + "".join(f"\n  {p}" for p in found))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
