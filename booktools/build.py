"""`make book` in one place, used by the Makefile and by the tests' shared build.

Every notebook executes once: the HTML build reads (and so executes) every page; the single-page
build for the PDF then reuses that build's environment and doctrees (the same `_build/.doctrees`,
no `--all`), so it re-reads nothing and only assembles and writes. It starts as soon as the site's
build has read every page, beside the drawing of the charts for paper, while the site is still being
written. The PDF is printed from it. Sphinx reads the pages in one process per CPU
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


# Set for the site's build: the file booktools.sphinx_ext creates once every page is read and the
# environment saved. The single-page build and the charts for print need nothing more, so they start
# then, while the site is still being written.
PAGES_READ_VARIABLE = "BRIEFING_PAGES_READ"


def build_book(source: Path, output: Path, pdf: Path | None, *, env: dict | None = None,
               capture: bool = True, on_site: Callable[[int], None] | None = None) -> tuple[int, str]:
    """The site into output/_build/html and, unless pdf is None, the PDF edition. (exit code, log).
    `on_site(exit code)` is called as soon as the site is written (the PDF still to come)."""
    env = {**os.environ, **(env or {})}
    build = output / "_build"
    build.mkdir(parents=True, exist_ok=True)
    pages_read = build / "pages-read"
    pages_read.unlink(missing_ok=True)
    python = str(BIN / "python")
    prepared = build / "print-charts.json"
    steps = {
        "html": command(source, output, "html", fresh=True),
        "singlehtml": command(source, output, "singlehtml", fresh=False),
        "charts for print": [python, "-m", "booktools.pdf", "--prepare", str(build / "jupyter_execute"),
                             "--prepared", str(prepared)],
    }
    start = time.perf_counter()
    running = {"html": _start("html", steps["html"], source, {**env, PAGES_READ_VARIABLE: str(pages_read)}, build,
                              capture)}
    if pdf is not None:
        while running["html"].poll() is None and not pages_read.exists():
            time.sleep(0.05)
        if pages_read.exists():
            running.update({name: _start(name, steps[name], source, env, build, capture) for name in steps if name != "html"})
    code = _finish(running["html"])
    logs = [_log(build, "html", capture) + _took("html", start, capture)]
    if on_site:
        on_site(code)
    if code != 0 or pdf is None:
        for process in running.values():
            process.kill()
            process.wait()
        return code, "\n".join(logs)
    # A build that read no page (nothing to start early for) still gets its single page and charts.
    for name in steps:
        if name not in running:
            running[name] = _start(name, steps[name], source, env, build, capture)
    for name in ("singlehtml", "charts for print"):
        code = _finish(running[name])
        logs.append(_log(build, name, capture) + _took(name, start, capture))
        if code != 0:
            return code, "\n".join(logs)

    start = time.perf_counter()
    index = build / "singlehtml" / "index.html"
    result = subprocess.run([python, "-m", "booktools.pdf", "--prepared", str(prepared), str(index), str(pdf)],
                            cwd=source, capture_output=capture, text=True, timeout=600, env=env)
    logs.append(_output(result) + _took("PDF", start, capture))
    return result.returncode, "\n".join(logs)


def _start(name: str, args: list[str], source: Path, env: dict, build: Path, capture: bool) -> subprocess.Popen:
    """A step as a process of its own. Captured output goes to a file (`name`.log), not a pipe: nobody
    reads a pipe while the steps run side by side, and a full one would stop its writer."""
    if not capture:
        return subprocess.Popen(args, cwd=source, env=env)
    with (build / f"{name}.log").open("w", encoding="utf-8") as log:
        return subprocess.Popen(args, cwd=source, env=env, stdout=log, stderr=subprocess.STDOUT)


def _finish(process: subprocess.Popen) -> int:
    try:
        return process.wait(timeout=1200)
    except subprocess.TimeoutExpired:
        process.kill()
        return -9


def _log(build: Path, name: str, capture: bool) -> str:
    return (build / f"{name}.log").read_text(encoding="utf-8") if capture else ""


def _output(result: subprocess.CompletedProcess) -> str:
    return (result.stdout or "") + (result.stderr or "")


def _took(step: str, start: float, captured: bool) -> str:
    """How long since `start`: for the side-by-side steps, since the site's build began."""
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
