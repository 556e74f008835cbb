"""`make lighthouse`: Lighthouse on every page of _build/html, as a reader on a phone would load it.

Every page is served on 127.0.0.1 by Python's http.server, which compresses text (HTML, CSS,
JavaScript, JSON, SVG) with gzip as the static hosts the site is published on do, GitHub Pages among
them (--plain serves every file as it is). Lighthouse (pinned in bench/lighthouse/package-lock.json)
drives Debian's Chromium: mobile form factor, Lighthouse's default simulated throttling (a slow 4G
network, a CPU four times slower than this machine's). It prints the four category scores, first and
largest contentful paint, total blocking time and cumulative layout shift per page, names the audits
that cost a page its points, and exits non-zero when a page misses a budget:

  performance >= 90, accessibility 100, best practices 100, SEO 100, cumulative layout shift <= 0.05.

Scores move by several points from run to run on a shared machine (the simulation scales the CPU
time it observes); --runs 3 reports the median run of three.

The full reports (JSON) are kept in _build/lighthouse/ for a closer look.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from booktools.browser import CHROMIUM_ARGS, serve

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "_build" / "html"
REPORTS = ROOT / "_build" / "lighthouse"
LIGHTHOUSE = ROOT / "bench" / "lighthouse" / "node_modules" / ".bin" / "lighthouse"
# --headless=new: the old headless mode paints differently and Lighthouse warns about it. The rest are
# the flags every Chromium here is started with (booktools.browser).
CHROME_FLAGS = ["--headless=new", *CHROMIUM_ARGS]
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
# Minimum category scores (0-100) and the largest cumulative layout shift, for every page.
BUDGETS = {"performance": 90, "accessibility": 100, "best-practices": 100, "seo": 100}
MAX_CLS = 0.05


# The not-found page is left out: a host serves it with status 404, and Lighthouse's SEO category
# fails every page served with an error status, by design (such a page must not be indexed).
NOT_AUDITED = {"404.html"}


def site_pages(site: Path) -> list[str]:
    return sorted(rel for p in site.rglob("*.html")
                  if "_static" not in p.parts and (rel := str(p.relative_to(site))) not in NOT_AUDITED)


def audit(url: str, output: Path) -> dict:
    """Run Lighthouse once on `url`; its JSON report, also written to `output`."""
    cmd = [str(LIGHTHOUSE), url, "--output=json", f"--output-path={output}", "--quiet",
           f"--only-categories={','.join(CATEGORIES)}", "--form-factor=mobile",
           "--no-enable-error-reporting", f"--chrome-flags={' '.join(CHROME_FLAGS)}"]
    env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
    for attempt in (1, 2):
        output.unlink(missing_ok=True)
        result = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=600)
        if result.returncode == 0 and output.exists():
            break
        # On a loaded machine Chromium sometimes starts too slowly for Lighthouse to connect to it
        # ("Failed to fetch browser webSocket URL"): that is no measurement, so try once more.
        print(f"  lighthouse failed on {url} (attempt {attempt}, exit {result.returncode})", file=sys.stderr)
    else:
        sys.exit(f"lighthouse failed on {url} (exit {result.returncode}):\n{result.stderr[-3000:]}")
    report = json.loads(output.read_text(encoding="utf-8"))
    if report.get("runtimeError"):
        sys.exit(f"lighthouse could not audit {url}: {report['runtimeError']}")
    return report


def summary(report: dict) -> dict:
    """Scores as 0-100, FCP and LCP in seconds, CLS, and the audits that lost points per category."""
    audits = report["audits"]
    row = {name: round(100 * report["categories"][name]["score"]) for name in CATEGORIES}
    row["fcp"] = audits["first-contentful-paint"]["numericValue"] / 1000
    row["lcp"] = audits["largest-contentful-paint"]["numericValue"] / 1000
    row["tbt"] = audits["total-blocking-time"]["numericValue"]
    row["cls"] = audits["cumulative-layout-shift"]["numericValue"]
    row["lost"] = {}
    for name in CATEGORIES:
        weighted = [ref["id"] for ref in report["categories"][name]["auditRefs"]
                    if ref["weight"] > 0 and audits[ref["id"]]["score"] is not None
                    and audits[ref["id"]]["score"] < 1]
        if weighted and row[name] < 100:
            row["lost"][name] = weighted
    return row


def misses(row: dict) -> list[str]:
    found = [f"{name} {row[name]} < {floor}" for name, floor in BUDGETS.items() if row[name] < floor]
    if row["cls"] > MAX_CLS:
        found.append(f"CLS {row['cls']:.3f} > {MAX_CLS}")
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("pages", nargs="*", help="pages of _build/html to audit (default: every page)")
    parser.add_argument("--site", type=Path, default=SITE, help="the built site (default: _build/html)")
    parser.add_argument("--plain", action="store_true", help="serve files uncompressed (no gzip)")
    parser.add_argument("--runs", type=int, default=1,
                        help="audits per page; the run with the median performance score is reported "
                             "(Lighthouse's scores vary from run to run on a loaded machine)")
    args = parser.parse_args()
    if not LIGHTHOUSE.exists():
        sys.exit(f"{LIGHTHOUSE} is missing: run 'make lighthouse', which installs it")
    if not (args.site / "index.html").exists():
        sys.exit(f"No site in {args.site}: run 'make html' first")
    pages = args.pages or site_pages(args.site)

    REPORTS.mkdir(parents=True, exist_ok=True)
    print(f"== Lighthouse (mobile, simulated throttling) on {len(pages)} pages of {args.site}, served "
          f"{'uncompressed' if args.plain else 'gzip-compressed'} ==")
    print(f"{'page':28s} {'perf':>4s} {'a11y':>4s} {'best':>4s} {'seo':>4s} {'FCP s':>6s} {'LCP s':>6s}"
          f" {'TBT ms':>6s} {'CLS':>6s}  budget")
    with serve(args.site, compress=not args.plain) as base:
        failed = [rel for rel in pages if not audit_page(base, rel, args.runs)]
    print(f"budgets: performance >= {BUDGETS['performance']}, accessibility, best practices and SEO "
          f"{BUDGETS['seo']}, CLS <= {MAX_CLS}; reports in {REPORTS.relative_to(ROOT)}/")
    if failed:
        print(f"MISS  {len(failed)} of {len(pages)} pages below budget: {', '.join(failed)}")
        return 1
    print(f"PASS  every page ({len(pages)}) within budget")
    return 0


def audit_page(base: str, rel: str, runs: int) -> bool:
    """Audit one page `runs` times, print the median run's row; whether it is within budget."""
    name = rel.replace("/", "-").removesuffix(".html")
    rows = [summary(audit(f"{base}/{rel}", REPORTS / (f"{name}-{i + 1}.json" if runs > 1 else f"{name}.json")))
            for i in range(runs)]
    row = sorted(rows, key=lambda r: r["performance"])[len(rows) // 2]
    missed = misses(row)
    print(f"{rel:28s} {row['performance']:4d} {row['accessibility']:4d} {row['best-practices']:4d}"
          f" {row['seo']:4d} {row['fcp']:6.1f} {row['lcp']:6.1f} {row['tbt']:6.0f} {row['cls']:6.3f}"
          f"  {'MISS: ' + '; '.join(missed) if missed else 'PASS'}", flush=True)
    for category, ids in row["lost"].items():
        print(f"{'':28s}   {category} lost points on: {', '.join(ids)}")
    return not missed


if __name__ == "__main__":
    sys.exit(main())
