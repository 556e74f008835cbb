"""`jupyter-book build`, with Sphinx reading (and so executing) pages in several processes at once.

Jupyter Book 1's command line has no option for Sphinx's `-j`, although its `build_sphinx` takes
`jobs`. Most of a cold build is notebook execution, one page after another; reading pages in one
process per CPU runs the kernels side by side. Every extension the book loads declares itself safe
for parallel reading (booktools' own merges its per-page records: claims.py `_merge`).

Usage: python -m booktools.jupyter_book_jobs <the arguments of `jupyter-book build`>
BRIEFING_JOBS sets the number of processes (default: the number of CPUs).
"""
from __future__ import annotations

import functools
import os

import jupyter_book.sphinx
from jupyter_book.cli.main import main

JOBS_VARIABLE = "BRIEFING_JOBS"


def jobs() -> int:
    value = os.environ.get(JOBS_VARIABLE, "")
    if not value:
        return os.cpu_count() or 1
    if not value.isdigit() or int(value) < 1:
        raise SystemExit(f"{JOBS_VARIABLE}={value!r}: give a whole number of processes, 1 or more")
    return int(value)


if __name__ == "__main__":
    # The command line imports build_sphinx from this module when it runs, so the patched one is used.
    jupyter_book.sphinx.build_sphinx = functools.partial(jupyter_book.sphinx.build_sphinx, jobs=jobs())
    main(prog_name="jupyter-book")
