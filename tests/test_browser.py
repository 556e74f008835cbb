"""Every page in a real browser: nothing from other hosts, no JS errors, no Content-Security-Policy
violation, every chart drawn and lazily loaded, axe clean. Each page is read once per reader setup
(tests/reading.py); the tests here check what those readings saw."""
from __future__ import annotations

import re

import pytest

from booktools.browser import serve

from .reading import SETUPS, Tab, pages

pytestmark = [pytest.mark.build, pytest.mark.browser]

# The setups that read every page (the tablet reads only the chart pages).
EVERY_PAGE = [name for name, setup in SETUPS.items() if not setup.chart_pages_only]


def test_every_page_loads_only_from_this_site_without_errors(readings, built_site):
    """In every setup: nothing requested from another host, no script error, no dialog, no policy
    violation, while loading, drawing the charts, and using the theme's mode switcher and search button."""
    problems = []
    for name in SETUPS:
        visits = readings[name].result()
        for rel, visit in visits.items():
            if visit.external:
                problems.append(f"{rel} ({name}): requests to other hosts {visit.external[:3]}")
            if visit.errors:
                problems.append(f"{rel} ({name}): errors {visit.errors[:3]}")
    assert set(readings["desktop-light"].result()) == set(pages(built_site)), "a page was not read"
    assert not problems, "\n".join(problems)


def test_a_dialog_counts_as_an_error(browser, tmp_path):
    (tmp_path / "alert.html").write_text("<!DOCTYPE html><title>t</title><script>alert('injected')</script>")
    with serve(tmp_path) as url:
        tab = Tab(browser, SETUPS["desktop-light"])
        tab.open(f"{url}/alert.html")
        tab.close()
    assert tab.errors == ["dialog (alert): injected"]


def test_every_page_declares_a_strict_policy(built_site):
    """Static check of the <meta> policy; the tests above check that the browser reports no violation."""
    for rel in pages(built_site):
        text = (built_site / rel).read_text(encoding="utf-8")
        head = text[text.index("<head>"):]
        first = re.match(r'<head>\s*<meta charset="utf-8" />\s*<meta http-equiv="Content-Security-Policy" '
                         r'content="([^"]*)" />', head)
        assert first, f"{rel}: the policy is not first in <head> (after the charset)"
        policy = dict((d.split(" ", 1) + [""])[:2] for d in first.group(1).split("; "))
        assert policy["default-src"] == "'self'"
        assert "unsafe" not in policy["script-src"] and "http" not in first.group(1), f"{rel}: {first.group(1)}"
        assert text.count('http-equiv="Content-Security-Policy"') == 1


def test_every_chart_draws(readings):
    """In every setup, every chart finished drawing and drew marks."""
    problems, drawn = [], 0
    for name in SETUPS:
        for rel, visit in readings[name].result().items():
            for chart in visit.charts:
                if chart.drawn != "true" or chart.marks == 0:
                    problems.append(f"{rel} ({name}): chart {chart.id} state={chart.drawn} marks={chart.marks}")
                else:
                    drawn += 1
    assert not problems, "\n".join(problems)
    assert drawn >= 4 * len(SETUPS)


@pytest.mark.parametrize("setup", EVERY_PAGE)
def test_no_accessibility_violations(readings, setup):
    """axe finds nothing on any page, with every chart drawn (so it checks the charts and their menus
    too), of any impact: minor problems are still problems for someone."""
    problems = [f"{rel}: {v['id']} ({v['impact']}, {len(v['nodes'])} elements): {v['help']} at "
                f"{[n['target'] for n in v['nodes']][:3]}"
                for rel, visit in readings[setup].result().items() for v in visit.axe]
    assert not problems, "\n".join(problems)


def test_charts_load_only_near_the_viewport_and_move_nothing(readings):
    """On a phone, a chart page fetches no Vega bundle until a chart nears the viewport, and each chart's
    placeholder reserves at least the chart's height at its spec width, so the page never collapses."""
    checked, problems = 0, []
    for rel, visit in readings["phone-dark"].result().items():
        if visit.bundle_before_near is not None:
            checked += 1
            if visit.bundle_before_near:
                problems.append(f"{rel}: the Vega bundle loaded before any chart was near")
        for chart in visit.charts:
            if chart.placeholder < 100:
                problems.append(f"{rel}: {chart.id} has no placeholder height ({chart.placeholder} px)")
            # The placeholder is Vega's own layout at build time (vl-convert, at the spec's width). In
            # the browser a chart is redrawn for its column (labels wrapped, panels stacked on a phone),
            # which can make it taller, never much shorter: it is drawn a screen before it is reached,
            # so the growth happens out of sight (Lighthouse's layout-shift budget is the measure of
            # that: make lighthouse). A placeholder much taller than the chart would leave a gap.
            if chart.height < chart.placeholder - max(2, 0.02 * chart.placeholder):
                problems.append(f"{rel}: drawing {chart.id} shrank it from {chart.placeholder} to {chart.height} px")
    assert not problems, "\n".join(problems)
    assert checked >= 1
