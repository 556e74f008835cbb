"""Every page read once per reader setup, in a real browser; the browser tests assert on what was seen.

Opening a page, drawing its charts and running axe cost most of the suite's time, and every browser
check needs the same opened, drawn page. So each page is visited once per reader setup and everything
the checks look at is recorded in one `Visit`: requests to other hosts, script errors, policy
violations, the lazy loading of the charts, how each chart drew, its measurements (booktools.shots) and
axe's findings. The visits start as soon as the site is written (conftest.SITE_WRITTEN), beside the
tests that need no browser, in two Chromiums (one per CPU); each test waits for the setups it reads.
"""
from __future__ import annotations

import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

from analysis import chart_html
from booktools.browser import chromium, serve
from booktools.shots import chart_pages, draw_every_chart, measure

# Injected through the DevTools protocol, so the page's policy does not apply to it.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", e => window.__cspViolations.push(
  `${e.effectiveDirective} blocked ${e.blockedURI || "inline"} (${e.sourceFile || ""}:${e.lineNumber || ""})`));
"""
BUNDLE_FETCHED = "() => performance.getEntriesByType('resource').some(e => e.name.includes('vega-bundle.js'))"
MARKS = ("svg g.mark-rule path, svg g.mark-symbol path, svg g.mark-rect path, svg g.mark-line path, "
         "svg g.mark-text text")


@dataclass(frozen=True)
class Setup:
    width: int
    height: int
    color_scheme: str
    axe: bool  # run axe on every page
    controls: bool = False  # use the theme's mode switcher and search button on every page
    chart_pages_only: bool = False  # a setup only for the chart measurements

    @property
    def context_options(self) -> dict:
        return {"viewport": {"width": self.width, "height": self.height}, "color_scheme": self.color_scheme}


# A desktop in light mode and a phone in dark mode (the theme shows other controls and colours in
# each), every page, axe included; a tablet in between for the chart measurements only.
SETUPS = {
    "desktop-light": Setup(1280, 900, "light", axe=True, controls=True),
    "tablet-light": Setup(768, 1024, "light", axe=False, chart_pages_only=True),
    "phone-dark": Setup(390, 800, "dark", axe=True),
}
BROWSERS = 2


@dataclass
class Chart:
    id: str
    drawn: str | None
    marks: int
    placeholder: float  # px reserved before drawing
    height: float  # px once drawn


@dataclass
class Visit:
    page: str
    setup: str
    external: list[str] = field(default_factory=list)  # requests to another host (refused)
    errors: list[str] = field(default_factory=list)  # script errors, dialogs, policy violations
    bundle_before_near: bool | None = None  # the Vega bundle was fetched with no chart near (None: a chart was)
    charts: list[Chart] = field(default_factory=list)
    measured: list[dict] = field(default_factory=list)  # booktools.shots.measure
    scroll_width: int = 0  # the page's width, each chart's text and data opened
    axe: list[dict] = field(default_factory=list)  # violations


def pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html")
                  if "_static" not in p.parts and p.name not in ("search.html",))


class Tab:
    """One browser tab in one reader setup, taken from page to page as a reader clicking through would
    (a new tab per page costs a new renderer process, half again the suite's browser time). Requests
    to other hosts are refused and recorded; a dialog, an uncaught exception, a console error and a
    policy violation each count as an error of the page open at the time."""

    def __init__(self, browser, setup: Setup):
        self.context = browser.new_context(**setup.context_options)
        self.page = self.context.new_page()
        self.page.add_init_script(RECORD_CSP_VIOLATIONS)
        self.external: list[str] = []
        self.errors: list[str] = []
        self.page.route("**/*", self._route)
        self.page.on("dialog", self._dialog)
        self.page.on("pageerror", lambda exc: self.errors.append(f"uncaught: {exc}"))
        self.page.on("console", lambda msg: self.errors.append(f"console.{msg.type}: {msg.text}")
                     if msg.type == "error" or "Content Security Policy" in msg.text or "Refused to" in msg.text
                     else None)

    def _route(self, r) -> None:
        if r.request.url.startswith(("data:", "blob:")) or urlparse(r.request.url).hostname == "127.0.0.1":
            r.continue_()
        else:
            self.external.append(r.request.url)
            r.abort()

    def _dialog(self, d) -> None:
        # An alert, confirm or prompt is never ours: it is injected script, or a bug.
        self.errors.append(f"dialog ({d.type}): {d.message}")
        d.dismiss()

    def open(self, url: str):
        """The page at `url`, with fresh lists of external requests and errors; returns the page."""
        self.external, self.errors = [], []
        self.page.goto(url, wait_until="load")
        return self.page

    def close(self) -> None:
        self.context.close()


def settle(page) -> None:
    """Until the fonts are in and two frames have been painted: what the reader sees is laid out."""
    page.evaluate("() => document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => "
                  "requestAnimationFrame(r))))")


def csp_violations(page) -> list[str]:
    return page.evaluate("window.__cspViolations || []")


def read(tab: Tab, url: str, rel: str, name: str, setup: Setup) -> Visit:
    """One reader's visit: load, look before scrolling, draw every chart, measure, axe, use the controls."""
    from axe_playwright_python.sync_playwright import Axe

    page = tab.open(f"{url}/{rel}")
    visit = Visit(rel, name, tab.external, tab.errors)
    errors = tab.errors
    settle(page)
    charts = page.locator(f".{chart_html.CHART}")
    count = charts.count()
    if count:
        # The loader fetches the bundle when a chart comes within one screen of the viewport.
        if charts.first.bounding_box()["y"] > 2 * setup.height:
            visit.bundle_before_near = page.evaluate(BUNDLE_FETCHED)
        placeholders = [charts.nth(i).locator(f".{chart_html.CANVAS}").bounding_box()["height"]
                        for i in range(count)]
        draw_every_chart(page)  # the checks report each chart left undrawn
        if not page.evaluate(BUNDLE_FETCHED):
            errors.append("the Vega bundle was never fetched")
        for i, before in enumerate(placeholders):
            chart = charts.nth(i)
            visit.charts.append(Chart(chart.get_attribute("id"), chart.get_attribute(chart_html.DRAWN_ATTRIBUTE),
                                      chart.locator(MARKS).count(), before,
                                      chart.locator(f".{chart_html.CANVAS}").bounding_box()["height"]))
        visit.measured = measure(page)
    if setup.axe:
        settle(page)
        # Only violations: axe then skips collecting the passing elements, which halves its time here.
        errors_before = len(errors)
        visit.axe = Axe().run(page, options={"resultTypes": ["violations"]}).response["violations"]
        # axe's own requests (it fetches stylesheets to read them) are not the page's.
        del errors[errors_before:]
    if setup.controls:
        # The theme's controls must work under the policy: the mode switcher and the search button.
        for selector in (".theme-switch-button", ".search-button__button"):
            button = page.locator(selector).first
            if button.count() and button.is_visible():
                button.click()
                page.keyboard.press("Escape")
        settle(page)
    # A reader may open each chart's text and data: its table must not push the page sideways.
    visit.scroll_width = page.evaluate(
        f"() => {{ document.querySelectorAll('details.{chart_html.TEXT}').forEach(d => d.open = true); "
        "return document.documentElement.scrollWidth; }")
    errors.extend(f"Content-Security-Policy: {v}" for v in csp_violations(page))
    # The mode switcher stores its choice: the next page must open in this setup's colour scheme.
    page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
    return visit


def _shares(site: Path, every: list[str]) -> list[list[str]]:
    """The pages shared out between the browsers, heaviest first, so that both finish together."""
    shares = [[] for _ in range(BROWSERS)]
    loads = [0] * BROWSERS
    for rel in sorted(every, key=lambda rel: -(site / rel).stat().st_size):
        lightest = loads.index(min(loads))
        shares[lightest].append(rel)
        loads[lightest] += (site / rel).stat().st_size
    return shares


def read_site(site: Path) -> dict[str, Future]:
    """setup name -> Future of {page: Visit}; every page read in every setup, starting now."""
    every = pages(site)
    with_charts = set(chart_pages(site))
    results: dict[str, Future] = {name: Future() for name in SETUPS}
    found: dict[str, dict[str, Visit]] = {name: {} for name in SETUPS}
    remaining = {name: BROWSERS for name in SETUPS}
    lock = threading.Lock()

    def run(share: list[str]) -> None:
        try:
            with serve(site) as url, chromium() as browser:
                for name, setup in SETUPS.items():
                    tab = Tab(browser, setup)
                    for rel in share:
                        if rel in with_charts or not setup.chart_pages_only:
                            try:
                                found[name][rel] = read(tab, url, rel, name, setup)
                            except Exception as exc:
                                raise RuntimeError(f"reading {rel} as {name}: {exc}") from exc
                    tab.close()
                    with lock:
                        remaining[name] -= 1
                        if remaining[name] == 0:
                            results[name].set_result(dict(sorted(found[name].items())))
        except BaseException as exc:  # noqa: BLE001 - handed to every test still waiting
            with lock:
                for future in results.values():
                    if not future.done():
                        future.set_exception(exc)

    pool = ThreadPoolExecutor(BROWSERS, thread_name_prefix="reader")
    for share in _shares(site, every):
        pool.submit(run, share)
    pool.shutdown(wait=False)
    return results
