"""`make book` in one place, used by the Makefile and by the tests' shared build.

Every notebook executes once: the HTML build reads (and so executes) every page; the single-page
build for the PDF then reuses that build's environment and doctrees (the same `_build/.doctrees`,
no `--all`), so it re-reads nothing and only assembles and writes. The PDF is printed from it, with
the charts drawn for paper beside the single-page build. Sphinx reads the pages in one process per CPU
(booktools/jupyter_book_jobs.py), so the notebooks run side by side.

Usage: python -m booktools.build [--path-output DIR] [--pdf FILE] [--no-pdf]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Callable

from analysis.paths import ROOT

BIN = Path(sys.executable).parent
# -W: any warning fails the build; -n: every cross-reference must resolve;
# --keep-going: report every problem, not just the first one.
STRICT = ("-W", "-n", "--keep-going")


def command(source: Path, output: Path, builder: str = "html", fresh: bool = True) -> list[str]:
    """One strict `jupyter-book build` of `source` into `output`/_build/<builder>; `fresh` reads every
    page again (and so executes every notebook)."""
    return [str(BIN / "python"), "-m", "booktools.jupyter_book_jobs", "build", str(source), *STRICT, "--builder", builder,
            "--path-output", str(output), *(["--all"] if fresh else [])]


def jupyter_book(source: Path, output: Path, *, builder: str = "html", fresh: bool = True,
                 env: dict | None = None, capture: bool = True) -> subprocess.CompletedProcess:
    """`env` is added to this process's environment."""
    return subprocess.run(command(source, output, builder, fresh), cwd=source, capture_output=capture,
                          text=True, timeout=1200, env={**os.environ, **(env or {})})


def build_book(source: Path, output: Path, pdf: Path | None, *, env: dict | None = None,
               capture: bool = True, on_site: Callable[[int], None] | None = None) -> tuple[int, str]:
    """The site into output/_build/html and, unless pdf is None, the PDF edition. (exit code, log).
    `on_site(exit code)` is called as soon as the site is written (the PDF still to come)."""
    env = {**os.environ, **(env or {})}
    start = time.perf_counter()
    result = jupyter_book(source, output, builder="html", fresh=True, env=env, capture=capture)
    logs = [_output(result) + _took("html", start, capture)]
    if on_site:
        on_site(result.returncode)
    if result.returncode != 0 or pdf is None:
        return result.returncode, "\n".join(logs)

    # The charts drawn for paper depend only on the site's pages: drawn beside the single-page build
    # (one process each; two CPUs), they are ready when the PDF is printed.
    start = time.perf_counter()
    prepared = output / "_build" / "print-charts.json"
    python = str(BIN / "python")
    charts = subprocess.Popen([python, "-m", "booktools.pdf", "--prepare", str(output / "_build" / "html"),
                               "--prepared", str(prepared)], cwd=source, env=env, text=True,
                              **({"stdout": subprocess.PIPE, "stderr": subprocess.STDOUT} if capture else {}))
    result = jupyter_book(source, output, builder="singlehtml", fresh=False, env=env, capture=capture)
    drawn, _ = charts.communicate(timeout=600)
    logs.append(_output(result) + (drawn or "") + _took("singlehtml, charts for print beside it", start, capture))
    if result.returncode != 0 or charts.returncode != 0:
        return result.returncode or charts.returncode, "\n".join(logs)

    start = time.perf_counter()
    index = output / "_build" / "singlehtml" / "index.html"
    result = subprocess.run([python, "-m", "booktools.pdf", "--prepared", str(prepared), str(index), str(pdf)],
                            cwd=source, capture_output=capture, text=True, timeout=600, env=env)
    logs.append(_output(result) + _took("PDF", start, capture))
    return result.returncode, "\n".join(logs)


def _output(result: subprocess.CompletedProcess) -> str:
    return (result.stdout or "") + (result.stderr or "")


def _took(step: str, start: float, captured: bool) -> str:
    line = f"booktools.build: {step} took {time.perf_counter() - start:.1f} s"
    if not captured:
        print(line, flush=True)
    return line


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--path-output", type=Path, default=ROOT, help="the build goes to DIR/_build")
    parser.add_argument("--pdf", type=Path, help="where the PDF goes (default: the site's briefing.pdf)")
    parser.add_argument("--no-pdf", action="store_true", help="the site only")
    args = parser.parse_args()
    pdf = None if args.no_pdf else (args.pdf or args.path_output / "_build" / "html" / "briefing.pdf")
    code, _ = build_book(ROOT, args.path_output, pdf, capture=False)
    sys.exit(code)


if __name__ == "__main__":
    main()
