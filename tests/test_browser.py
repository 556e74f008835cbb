"""Every page in a real browser: nothing from other hosts, no JS errors, no Content-Security-Policy
violation, every chart drawn, axe clean."""
from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlparse

import pytest

from analysis import chart_html
from booktools.browser import chromium, serve

pytestmark = [pytest.mark.build, pytest.mark.browser]

SERIOUS = {"serious", "critical"}
# Injected by Playwright through the DevTools protocol, so the page's policy does not apply to it.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", e => window.__cspViolations.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile || ""}:${e.lineNumber || ""})`));
"""


def pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html")
                  if "_static" not in p.parts and p.name not in ("search.html",))


def visit(browser, url: str, **context_options):
    """Open a page; return (page, external requests, JS errors). Dialogs and CSP violations count as errors:
    Chromium's console messages ("Refused to ...") at once, securitypolicyviolation events via
    csp_violations(page)."""
    context = browser.new_context(**context_options)
    page = context.new_page()
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    external, errors = [], []

    def route(r):
        host = urlparse(r.request.url).hostname
        if r.request.url.startswith(("data:", "blob:")) or host == "127.0.0.1":
            r.continue_()
        else:
            external.append(r.request.url)
            r.abort()

    def dialog(d):
        # An alert, confirm or prompt is never ours: it is injected script, or a bug.
        errors.append(f"dialog ({d.type}): {d.message}")
        d.dismiss()

    page.route("**/*", route)
    page.on("dialog", dialog)
    page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))
    page.on("console", lambda msg: errors.append(f"console.{msg.type}: {msg.text}")
            if msg.type == "error" or "Content Security Policy" in msg.text or "Refused to" in msg.text else None)
    page.goto(url, wait_until="load")
    return context, page, external, errors


# Two Chromiums, one per CPU, each checking half of the pages: the page checks are independent, and
# Playwright's synchronous API belongs to the thread that started it, so each thread starts its own.
BROWSERS = 2


def on_every_page(site: Path, check) -> list[str]:
    """The problems `check(browser, page)` reports for every page of the site, pages shared out
    between BROWSERS browsers."""
    every = pages(site)

    def run(share: list[str]) -> list[str]:
        with chromium() as browser:
            return [problem for rel in share for problem in check(browser, rel)]

    with ThreadPoolExecutor(BROWSERS) as pool:
        return [problem for found in pool.map(run, [every[i::BROWSERS] for i in range(BROWSERS)]) for problem in found]


def settle(page) -> None:
    """Until the fonts are in and two frames have been painted: what the reader sees is laid out."""
    page.evaluate("() => document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => "
                  "requestAnimationFrame(r))))")


def csp_violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations || []")


def draw_every_chart(page, timeout: int = 15000) -> None:
    """Charts are drawn as they near the viewport: bring each into view, as a reader scrolling would."""
    charts = page.locator(".briefing-chart")
    for i in range(charts.count()):
        charts.nth(i).scroll_into_view_if_needed()
        try:
            page.wait_for_function("el => el.hasAttribute('data-drawn')", arg=charts.nth(i).element_handle(),
                                   timeout=timeout)
        except Exception:
            return  # the caller reports the charts left undrawn


def test_every_page_loads_only_from_this_site_without_errors(site_url, built_site):
    def check(browser, rel: str) -> list[str]:
        problems = []
        context, page, external, errors = visit(browser, f"{site_url}/{rel}")
        page.wait_for_timeout(300)  # time for a late script error to surface
        # Use the theme's controls too: the mode switcher and the search button must work under the policy.
        for selector in (".theme-switch-button", ".search-button__button"):
            button = page.locator(selector).first
            if button.count() and button.is_visible():
                button.click()
                page.keyboard.press("Escape")
        page.wait_for_timeout(100)
        if external:
            problems.append(f"{rel}: requests to other hosts {external[:3]}")
        if errors:
            problems.append(f"{rel}: JS errors {errors[:3]}")
        if violations := csp_violations(page):
            problems.append(f"{rel}: Content-Security-Policy violations {violations[:3]}")
        context.close()
        return problems

    problems = on_every_page(built_site, check)
    assert not problems, "\n".join(problems)


def test_a_dialog_counts_as_an_error(browser, tmp_path):
    (tmp_path / "alert.html").write_text("<!DOCTYPE html><title>t</title><script>alert('injected')</script>")
    with serve(tmp_path) as url:
        context, _, _, errors = visit(browser, f"{url}/alert.html")
        context.close()
    assert errors == ["dialog (alert): injected"]


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


def test_every_chart_draws(browser, site_url, built_site):
    problems, drawn = [], 0
    for rel in pages(built_site):
        if not chart_html.has_charts((built_site / rel).read_text(encoding="utf-8")):
            continue
        context, page, _, errors = visit(browser, f"{site_url}/{rel}")
        charts = page.locator(f".{chart_html.CHART}")
        count = charts.count()
        draw_every_chart(page)
        try:
            page.wait_for_function(
                f"n => document.querySelectorAll('.{chart_html.CHART}[{chart_html.DRAWN_ATTRIBUTE}]').length === n",
                arg=count, timeout=15000)
        except Exception:
            problems.append(f"{rel}: not every chart finished drawing; errors: {errors[:3]}")
        if errors or csp_violations(page):
            problems.append(f"{rel}: errors {errors[:3]}, CSP violations {csp_violations(page)[:3]}")
        for i in range(count):
            chart = charts.nth(i)
            name = chart.get_attribute("id")
            state = chart.get_attribute(chart_html.DRAWN_ATTRIBUTE)
            marks = chart.locator("svg g.mark-rule path, svg g.mark-symbol path, svg g.mark-rect path, "
                                  "svg g.mark-line path, svg g.mark-text text").count()
            if state != "true" or marks == 0:
                problems.append(f"{rel}: chart {name} state={state} marks={marks}")
            else:
                drawn += 1
        context.close()
    assert not problems, "\n".join(problems)
    assert drawn >= 4


# A desktop in light mode and a phone in dark mode: the theme shows other controls and colours in each.
READER_SETUPS = {
    "desktop-light": {"viewport": {"width": 1300, "height": 900}, "color_scheme": "light"},
    "phone-dark": {"viewport": {"width": 380, "height": 800}, "color_scheme": "dark"},
}


@pytest.mark.parametrize("setup", list(READER_SETUPS))
def test_no_accessibility_violations(site_url, built_site, setup):
    """axe finds nothing on any page, of any impact: minor problems are still problems for someone."""
    from axe_playwright_python.sync_playwright import Axe

    def check(browser, rel: str) -> list[str]:
        context, page, _, _ = visit(browser, f"{site_url}/{rel}", **READER_SETUPS[setup])
        draw_every_chart(page)  # so that axe checks the drawn charts and their menus too
        settle(page)
        results = Axe().run(page)
        context.close()
        return [f"{rel}: {v['id']} ({v['impact']}, {len(v['nodes'])} elements): {v['help']} at "
                f"{[n['target'] for n in v['nodes']][:3]}" for v in results.response["violations"]]

    problems = on_every_page(built_site, check)
    assert not problems, "\n".join(problems)


def test_charts_load_only_near_the_viewport_and_move_nothing(browser, site_url, built_site):
    """On a phone, a chart page fetches no Vega bundle until a chart nears the viewport, and each chart's
    placeholder reserves at least the chart's height at its spec width, so the page never collapses."""
    bundle = "() => performance.getEntriesByType('resource').some(e => e.name.includes('vega-bundle.js'))"
    checked = 0
    for rel in pages(built_site):
        if "briefing-chart-spec" not in (built_site / rel).read_text(encoding="utf-8"):
            continue
        context, page, _, errors = visit(browser, f"{site_url}/{rel}", viewport={"width": 412, "height": 823})
        page.wait_for_timeout(300)
        charts = page.locator(".briefing-chart")
        if charts.first.bounding_box()["y"] > 2 * 823:  # beyond the loader's look-ahead of one screen
            assert not page.evaluate(bundle), f"{rel}: the Vega bundle loaded before any chart was near"
            checked += 1
        placeholders = [charts.nth(i).locator(".briefing-chart-canvas").bounding_box()["height"]
                        for i in range(charts.count())]
        draw_every_chart(page)
        assert page.evaluate(bundle), f"{rel}: the Vega bundle never loaded"
        for i, before in enumerate(placeholders):
            chart = charts.nth(i)
            after = chart.locator(".briefing-chart-canvas").bounding_box()["height"]
            assert chart.get_attribute("data-drawn") == "true", f"{rel}: {chart.get_attribute('id')} not drawn"
            assert before >= 100, f"{rel}: {chart.get_attribute('id')} has no placeholder height ({before} px)"
            # The placeholder is Vega's own layout at build time (vl-convert, at the spec's width). In
            # the browser a chart is redrawn for its column (labels wrapped, panels stacked on a phone),
            # which can make it taller, never much shorter: it is drawn a screen before it is reached,
            # so the growth happens out of sight (Lighthouse's layout-shift budget is the measure of
            # that: make lighthouse). A placeholder much taller than the chart would leave a gap.
            assert after >= before - max(2, 0.02 * before), \
                f"{rel}: drawing {chart.get_attribute('id')} shrank it from {before} to {after} px"
        assert not errors, f"{rel}: {errors[:3]}"
        context.close()
    assert checked >= 1
