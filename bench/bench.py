"""`make bench`: how long the book takes to build and to read, against the budgets of issue 8.

Builds (medians of --runs, default 3):
  cold     `make book` after `rm -rf _build` (the Vega bundle is regenerated too), then `make book`
           again (what authors run: it keeps the bundle, cached by version, and rebuilds everything else)
  floor    each page's code cells run as plain Python, one process per page, one after another
           (jupytext reads the .md, the code cells are concatenated into a temporary file, run from
           the page's directory as Jupyter Book runs the notebook)
  no-change rebuild   `make html` right after a build
  one-chapter rebuild `make html` after touching one chapter; the log must show that only it re-executed

Testing (once; --no-test leaves it out): `make test` with the environment already set up, as CI runs it
after its first `make setup`; the time pytest reports and its background builds' finishing times.

Reading (medians of --loads, default 5, each in a fresh headless-Chromium context, i.e. a first visit,
with a viewport tall enough to hold every chart), every page of _build/html served on 127.0.0.1:
  charts drawn   ms from navigation start until every `.briefing-chart` has `data-drawn` (a MutationObserver)
  first visit    sum of the gzip sizes (level 6, as a static host compresses; headers not counted) of
                 every resource the page fetched
  own bytes      the same for resources no other page fetches (the HTML page itself, for a start)
  chart specs    the size of each chart's embedded JSON spec and of its inline data

Then `make bench` runs `make lighthouse` (bench/lighthouse.py): Lighthouse's mobile audit of every page
against the budgets of issue 16.

This is a shared, noisy 2-core machine: compare the medians and the ratios, not single figures.
"""
from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

from analysis import chart_html
from booktools.browser import chromium, serve

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SITE = ROOT / "_build" / "html"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
KB = 1000

BUDGETS = {
    "build": 2.5,          # full build <= 2.5 x floor
    "rebuild": 0.10,       # no-change rebuild <= 10% of a cold build
    "draw_ms": 1000,       # every page draws all its charts within 1 s
    "first_visit": 800 * KB,  # first visit of any page <= 800 KB compressed
    "spec": 100 * KB,      # no chart spec over 100 KB
    "test": 150,           # make test (the environment already set up) <= 150 s
}

DRAWN_OBSERVER = """
window.__chartsDrawnAt = null;
(function () {
  function check() {
    const all = document.querySelectorAll('.%(chart)s').length;
    if (all && document.querySelectorAll('.%(chart)s[%(drawn)s]').length === all) {
      window.__chartsDrawnAt = performance.now();
      return true;
    }
    return false;
  }
  new MutationObserver((_, observer) => { if (check()) observer.disconnect(); })
    .observe(document, {subtree: true, attributes: true, attributeFilter: ['%(drawn)s']});
})();
""" % {"chart": chart_html.CHART, "drawn": chart_html.DRAWN_ATTRIBUTE}


def median(values):
    return statistics.median(values)


def run(cmd: list[str], **kw) -> tuple[float, str]:
    start = time.perf_counter()
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, **kw)
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed ({result.returncode}):\n{result.stdout[-4000:]}\n{result.stderr[-4000:]}")
    return elapsed, ANSI.sub("", result.stdout + result.stderr)


def executed(log: str) -> list[str]:
    return sorted(str(Path(p).relative_to(ROOT)) for p in re.findall(r"^(\S+\.md): Executing notebook", log, re.M))


def book_pages() -> list[Path]:
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    root = re.search(r"^root:\s*(\S+)", toc, re.M).group(1)
    return [ROOT / f"{name}.md" for name in [root, *re.findall(r"file:\s*(\S+)", toc)]]


def readers_of(path: Path) -> list[str]:
    """Pages whose code read `path` in the last build (e.g. the landing page's reading time reads
    every chapter), from the dependencies the build recorded."""
    import pickle

    with (ROOT / "_build" / ".doctrees" / "environment.pickle").open("rb") as handle:
        env = pickle.load(handle)
    return sorted(str(Path(env.doc2path(doc)).relative_to(ROOT)) for doc, deps in env.dependencies.items()
                  if any(Path(env.srcdir, d).resolve() == path.resolve() for d in deps))


def bundle_seconds() -> float:
    """What making the Vega bundle costs (once per environment), timed in a scratch directory."""
    with tempfile.TemporaryDirectory() as scratch:
        start = time.perf_counter()
        subprocess.run([str(BIN / "python"), "-c", "import sys; from pathlib import Path; "
                        "from booktools.vega_bundle import write_vega_bundle; write_vega_bundle(Path(sys.argv[1]))",
                        scratch], check=True)
        return time.perf_counter() - start


def floor_once() -> dict[str, float]:
    """Each notebook page's code as one plain Python process; seconds per page."""
    import jupytext

    times = {}
    for page in book_pages():
        notebook = jupytext.read(page)
        if "kernelspec" not in notebook.metadata:
            continue
        code = "\n\n".join(c.source for c in notebook.cells if c.cell_type == "code")
        # IPython magics and shell escapes are not Python; the chapters have none today.
        code = "\n".join(line for line in code.splitlines() if not line.lstrip().startswith(("%", "!")))
        with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as f:
            f.write(code)
        try:
            start = time.perf_counter()
            result = subprocess.run([str(BIN / "python"), f.name], cwd=page.parent, capture_output=True, text=True)
            times[str(page.relative_to(ROOT))] = time.perf_counter() - start
        finally:
            os.unlink(f.name)
        if result.returncode != 0:
            sys.exit(f"floor: {page} failed:\n{result.stderr[-3000:]}")
    return times


# --- reading ---------------------------------------------------------------------------------------

def site_pages() -> list[str]:
    return sorted(str(p.relative_to(SITE)) for p in SITE.rglob("*.html") if "_static" not in p.parts)


# Charts are drawn as they near the viewport (chart-loader.js): a viewport taller than any page puts
# every chart in view at once, so "charts drawn" stays the time to draw all of a page's charts.
READING_VIEWPORT = {"width": 1280, "height": 12000}


def load_once(browser, url: str) -> dict:
    context = browser.new_context(viewport=READING_VIEWPORT)
    page = context.new_page()
    page.add_init_script(DRAWN_OBSERVER)
    fetched: dict[str, int] = {}
    pending = []

    def on_response(response):
        if urlparse(response.url).scheme in ("http", "https"):
            pending.append(response)

    page.on("response", on_response)
    page.goto(url, wait_until="load")
    charts = page.locator(f".{chart_html.CHART}").count()
    drawn_ms = None
    if charts:
        page.wait_for_function("() => window.__chartsDrawnAt !== null", timeout=30000)
        drawn_ms = page.evaluate("window.__chartsDrawnAt")
        states = page.eval_on_selector_all(f".{chart_html.CHART}",
                                           f"els => els.map(e => e.getAttribute('{chart_html.DRAWN_ATTRIBUTE}'))")
        if any(s != "true" for s in states):
            sys.exit(f"{url}: chart states {states}")
    page.wait_for_load_state("networkidle")
    load_ms = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
    for response in pending:
        try:
            body = response.body()
        except Exception:  # redirects and aborted requests have no body
            continue
        key = urlparse(response.url)._replace(query="", fragment="").geturl()
        fetched[key] = len(gzip.compress(body, compresslevel=6))
    context.close()
    return {"charts": charts, "drawn_ms": drawn_ms, "load_ms": load_ms, "fetched": fetched}


def reading(loads: int) -> dict[str, dict]:
    results = {}
    with serve(SITE) as base, chromium() as browser:
        for rel in site_pages():
            url = f"{base}/{rel}"
            load_once(browser, url)  # warm-up: the server's and the OS's file caches, not the browser's
            runs = [load_once(browser, url) for _ in range(loads)]
            results[rel] = {
                "charts": runs[0]["charts"],
                "drawn_ms": median([r["drawn_ms"] for r in runs]) if runs[0]["charts"] else None,
                "drawn_all": [r["drawn_ms"] for r in runs] if runs[0]["charts"] else [],
                "load_ms": median([r["load_ms"] for r in runs]),
                "fetched": runs[-1]["fetched"],
            }
    return results


def chart_specs() -> list[tuple[str, str, int, int, int]]:
    """(page, chart, spec bytes, spec gzip bytes, inline data bytes) for every chart."""
    rows = []
    for rel in site_pages():
        for chart in chart_html.find_charts((SITE / rel).read_text(encoding="utf-8")):
            raw = chart.spec_text.encode("utf-8")
            data = chart.spec.get("datasets", {})
            data_bytes = len(json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()) if data else 0
            rows.append((rel, chart.name, len(raw), len(gzip.compress(raw, 6)), data_bytes))
    return rows


# --- report ----------------------------------------------------------------------------------------

def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="builds of each kind (median reported)")
    parser.add_argument("--loads", type=int, default=5, help="page loads per page (median reported)")
    parser.add_argument("--chapter", default="chapters/methods.md", help="the chapter touched for the rebuild")
    parser.add_argument("--reading-only", action="store_true", help="only the browser part, on the existing _build/html")
    parser.add_argument("--no-test", action="store_true", help="leave out the timing of make test")
    args = parser.parse_args()
    if args.reading_only:
        return report_reading(args, [])
    budgets = []
    print(f"make bench: {time.strftime('%Y-%m-%d %H:%M:%S')}, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.2f} (a shared machine: read medians and ratios)")

    print(f"\n== Building ({args.runs} runs each; seconds) ==")
    # Builds and the floor are interleaved, run by run, so that a change in the machine's load hits both
    # sides of the ratio alike.
    cold, book, in_kernels, floors, executions = [], [], [], [], []
    for _ in range(args.runs):
        floors.append(floor_once())
        subprocess.run(["rm", "-rf", str(ROOT / "_build")], check=True)
        elapsed, log = run(["make", "book"])
        cold.append(elapsed)
        executions.append(executed(log))
        in_kernels.append(sum(map(float, re.findall(r"Executed notebook in ([0-9.]+) seconds", log))))
        # The Vega bundle lives in the environment (made at `make setup`), so both builds find it.
        book.append(run(["make", "book"])[0])
    print(f"cold full build (rm -rf _build; make book): median {median(cold):6.1f}   runs {fmt(cold)}")
    print(f"full build again (make book): median {median(book):6.1f}   runs {fmt(book)}")
    print(f"  not in either: the Vega bundle, made once per environment by `make setup`: {bundle_seconds():.1f} s")
    print(f"  of the cold build: notebook execution (kernel start included, from the log) median "
          f"{median(in_kernels):.1f}; everything else (Sphinx, bundle, writing) {median(cold) - median(in_kernels):.1f}")

    floor_totals = [sum(f.values()) for f in floors]
    for page in floors[0]:
        print(f"  floor {page:28s} median {median([f[page] for f in floors]):6.1f}")
    floor = median(floor_totals)
    print(f"floor (pages' code as plain Python, one process each): median {floor:6.1f}   runs {fmt(floor_totals)}")
    ratio = median(cold) / floor
    per_run = [c / f for c, f in zip(cold, floor_totals)]
    print(f"ratio cold build / floor: {ratio:.2f} (per run: {' '.join(f'{r:.2f}' for r in per_run)});  "
          f"make book again / floor: {median(book) / floor:.2f}")
    once = all(len(ran) == len(set(ran)) for ran in executions)
    print(f"notebooks executed by one make book (site and PDF): {len(executions[0])} executions of "
          f"{len(set(executions[0]))} pages")
    budgets.append(("make book executes each notebook once", f"{len(executions[0])} executions, "
                    f"{len(set(executions[0]))} pages", once))
    budgets.append(("full build <= 2.5 x floor", f"{ratio:.2f} x ({median(cold):.1f} s / {floor:.1f} s)",
                    ratio <= BUDGETS["build"]))

    # Reading is measured on the fresh site the cold builds left.
    report_reading(args, budgets)
    if not args.no_test:
        test_suite(budgets)
    rebuilds(args, budgets, cold)


def test_suite(budgets) -> None:
    print("\n== Testing (make test, environment set up; seconds) ==")
    elapsed, log = run(["make", "test"], env={**os.environ, "PYTEST_ADDOPTS": "-q"})
    summary = re.findall(r"^=* ?(\d+ passed.*)$", log, re.M)
    finished = re.findall(r"^background builds finished at.*$", log, re.M)
    print(f"make test: {elapsed:.1f} s wall   pytest: {summary[-1] if summary else '?'}")
    if finished:
        print(f"  {finished[-1]}")
    budgets.append(("make test <= 150 s", f"{elapsed:.1f} s", elapsed <= BUDGETS["test"]))


def report_reading(args, budgets) -> None:
    print(f"\n== Reading: headless Chromium on loopback, fresh context per load, median of {args.loads} ==")
    pages = reading(args.loads)
    users: dict[str, int] = {}
    for r in pages.values():
        for key in r["fetched"]:
            users[key] = users.get(key, 0) + 1
    print(f"{'page':24s} {'charts':>6s} {'drawn ms':>9s} {'load ms':>8s} {'first visit KB':>15s} {'own KB':>7s}"
          f"  requests")
    worst_draw, worst_visit = 0.0, 0
    for rel, r in pages.items():
        total = sum(r["fetched"].values())
        own = sum(size for key, size in r["fetched"].items() if users[key] == 1)
        drawn = f"{r['drawn_ms']:9.0f}" if r["drawn_ms"] is not None else f"{'-':>9s}"
        print(f"{rel:24s} {r['charts']:6d} {drawn} {r['load_ms']:8.0f} {total / KB:15.1f} {own / KB:7.1f}"
              f"  {len(r['fetched'])}")
        if r["drawn_all"]:
            print(f"{'':24s} {'':6s} runs " + " ".join(f"{v:.0f}" for v in r["drawn_all"]))
        worst_draw = max(worst_draw, r["drawn_ms"] or 0)
        worst_visit = max(worst_visit, total)
    biggest = {}
    for r in pages.values():
        biggest.update(r["fetched"])
    print("largest resources (gzip KB): " + ", ".join(
        f"{urlparse(k).path.rsplit('/', 1)[-1]} {v / KB:.0f}" for k, v in sorted(biggest.items(), key=lambda kv: -kv[1])[:6]))
    budgets.append(("every page draws its charts <= 1 s", f"slowest page median {worst_draw:.0f} ms",
                    worst_draw <= BUDGETS["draw_ms"]))
    budgets.append(("first visit <= 800 KB gzip", f"heaviest page {worst_visit / KB:.0f} KB",
                    worst_visit <= BUDGETS["first_visit"]))

    specs = chart_specs()
    print(f"\n{'chart spec':44s} {'bytes':>8s} {'gzip':>7s} {'data':>8s}")
    for rel, name, raw, gz, data in specs:
        print(f"{rel + ' #' + name:44s} {raw:8d} {gz:7d} {data:8d}")
    largest = max((s[2] for s in specs), default=0)
    budgets.append(("no chart spec > 100 KB", f"largest {largest / KB:.1f} KB", largest <= BUDGETS["spec"]))
    if args.reading_only:
        print_budgets(budgets)


def rebuilds(args, budgets, cold) -> None:
    print(f"\n== Rebuilding ({args.runs} runs each; seconds) ==")
    nochange = []
    for _ in range(args.runs):
        elapsed, log = run(["make", "html"])
        nochange.append(elapsed)
        if executed(log):
            print(f"  warning: no-change rebuild executed {executed(log)}")
    # What no rebuild can go below: starting Python and importing the toolchain Jupyter Book loads.
    imports = [run([str(BIN / "python"), "-c", "import jupyter_book.cli.main, jupyter_book.sphinx, sphinx.application, "
                    "myst_nb.sphinx_ext, sphinx_book_theme, pydata_sphinx_theme, sphinxcontrib.bibtex, "
                    "sphinx_design, sphinx_togglebutton, sphinx_copybutton, sphinx_thebe, sphinx_comments, "
                    "sphinx_external_toc, sphinx_multitoc_numbering, sphinx_jupyterbook_latex, booktools.sphinx_ext"])[0]
               for _ in range(args.runs)]
    print(f"  toolchain start-up alone (python -c 'import jupyter_book, sphinx, myst_nb, the theme and the "
          f"extensions'): median {median(imports):.1f}   runs {fmt(imports)}")
    share = median(nochange) / median(cold)
    print(f"no-change rebuild (make html): median {median(nochange):6.1f}   runs {fmt(nochange)}   "
          f"= {share:.0%} of a cold build")
    budgets.append(("no-change rebuild <= 10% of cold", f"{share:.1%} ({median(nochange):.1f} s / {median(cold):.1f} s)",
                    share <= BUDGETS["rebuild"]))

    touched, only = [], True
    chapter = ROOT / args.chapter
    expected = sorted({args.chapter, *readers_of(chapter)})
    for _ in range(args.runs):
        os.utime(chapter)  # an edit, as Sphinx sees it; the content stays as committed
        elapsed, log = run(["make", "html"])
        touched.append(elapsed)
        ran = executed(log)
        only = only and ran == expected
    print(f"rebuild after touching {args.chapter}: median {median(touched):6.1f}   runs {fmt(touched)}   "
          f"re-executed: {ran} ({'only it and the pages whose code reads it' if only else f'NOT only {expected}'})")
    budgets.append(("one-chapter edit re-executes only it and its readers", ", ".join(ran), only))
    print_budgets(budgets)


def print_budgets(budgets) -> None:
    print("\n== Budgets (issue 8) ==")
    for name, figure, ok in budgets:
        print(f"{verdict(ok)}  {name:40s} {figure}")


def fmt(values) -> str:
    return " ".join(f"{v:.1f}" for v in values)


if __name__ == "__main__":
    main()
