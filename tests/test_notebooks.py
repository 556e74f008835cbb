"""Every chapter is a MyST notebook, and the session's one build of the book (site and PDF) executed
each notebook page exactly once, without errors."""
from __future__ import annotations

import json
import re

import pytest

from analysis.paths import ROOT

PAGES = [ROOT / "index.md", *sorted((ROOT / "chapters").glob("*.md"))]
NOTEBOOKS = [p for p in PAGES if "{code-cell}" in p.read_text(encoding="utf-8")]


def test_chapters_are_myst_notebooks():
    for path in sorted((ROOT / "chapters").glob("*.md")):
        head = path.read_text(encoding="utf-8")[:1000]
        assert "format_name: myst" in head, f"{path.name} has no jupytext MyST header"


@pytest.mark.build
def test_each_notebook_executes_once_per_book_without_errors(book):
    """The HTML build executes; the single-page build for the PDF reuses its results."""
    log = re.sub(r"\x1b\[[0-9;]*m", "", book.log)
    executed = re.findall(r"^(\S+\.md): Executing notebook", log, re.M)
    expected = sorted(str(p) for p in NOTEBOOKS)
    assert sorted(executed) == expected, f"executed {sorted(executed)}, expected each of {expected} once"
    for path in NOTEBOOKS:
        rel = path.relative_to(ROOT).with_suffix(".ipynb")
        notebook = json.loads((book.site.parent / "jupyter_execute" / rel).read_text(encoding="utf-8"))
        errors = [o for c in notebook["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])
                  if o.get("output_type") == "error"]
        assert not errors, f"{rel}: {errors[0]}"
