"""Charts as readers see them, at a desktop, a tablet and a phone width: no chart wider than its column,
no text drawn over other text, no title, label or legend cut off. `make shots` saves the pictures."""
from __future__ import annotations

import pytest

from booktools.shots import chart_pages, measure, open_drawn, problems

from .reading import SETUPS

pytestmark = [pytest.mark.build, pytest.mark.browser]

@pytest.mark.parametrize("setup", list(SETUPS))
def test_every_chart_fits_and_is_readable(readings, setup):
    """At each reader setup's width (a desktop, a tablet, a phone), from that setup's reading."""
    found, measured = [], 0
    width = SETUPS[setup].width
    for rel, visit in readings[setup].result().items():
        measured += len(visit.measured)
        found += problems(rel, width, visit.measured, visit.scroll_width)
    assert measured >= 20, f"only {measured} charts measured: the pages changed, or charts were not found"
    assert not found, f"{len(found)} problems a reader would see:\n" + "\n".join(found)


def test_the_measurements_catch_what_they_look_for(browser, site_url, built_site):
    """The checks above can fail: a chart forced wider than its column, a label drawn over another and a
    label Vega cut short are each reported."""
    rel = chart_pages(built_site)[0]
    context, page = open_drawn(browser, f"{site_url}/{rel}", 390)
    page.evaluate("""() => {
      const chart = document.querySelector('.briefing-chart');
      const svg = chart.querySelector('svg');
      svg.setAttribute('width', '2000');
      svg.style.width = '2000px';
      const ns = 'http://www.w3.org/2000/svg';
      for (const text of ['Overlapping one', 'Overlapping two', 'Cut short\\u2026']) {
        const t = document.createElementNS(ns, 'text');
        t.setAttribute('x', '20'); t.setAttribute('y', '40'); t.textContent = text;
        svg.appendChild(t);
      }
    }""")
    first = measure(page)[0]
    context.close()
    assert first["overflow"] > 0
    assert any("Overlapping one" in pair and "Overlapping two" in pair for pair in first["overlaps"])
    assert "Cut short\u2026" in first["cut"]


def test_charts_are_redrawn_when_the_column_narrows(browser, site_url, built_site):
    """A window made narrower (a phone turned, a sidebar opened) gets its charts redrawn to fit."""
    rel = chart_pages(built_site)[0]
    context, page = open_drawn(browser, f"{site_url}/{rel}", 1280)
    wide = measure(page)
    page.set_viewport_size({"width": 390, "height": 900})
    page.wait_for_function(
        "() => [...document.querySelectorAll('.briefing-chart')].every(c => c.getAttribute('data-drawn') === 'true'"
        " && Number(c.getAttribute('data-drawn-width')) < 400)", timeout=20000)
    narrow = measure(page)
    context.close()
    assert all(n["width"] < w["width"] for n, w in zip(narrow, wide)), "charts kept their desktop width"
    assert not [c["id"] for c in narrow if c["overflow"] > 0]
