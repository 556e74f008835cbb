"""Every chapter executes top to bottom in a fresh kernel, outside the book build."""
from __future__ import annotations

from pathlib import Path

import jupytext
import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from analysis.paths import ROOT

PAGES = [ROOT / "index.md", *sorted((ROOT / "chapters").glob("*.md"))]
NOTEBOOKS = [p for p in PAGES if "kernelspec:" in p.read_text(encoding="utf-8")[:1000]]


def execute(path: Path) -> nbformat.NotebookNode:
    notebook = jupytext.read(path)
    NotebookClient(notebook, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    return notebook


def test_chapters_are_myst_notebooks():
    for path in sorted((ROOT / "chapters").glob("*.md")):
        head = path.read_text(encoding="utf-8")[:1000]
        assert "format_name: myst" in head, f"{path.name} has no jupytext MyST header"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_executes_in_fresh_kernel(path):
    notebook = execute(path)
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.get("outputs", [])
              if o.get("output_type") == "error"]
    assert not errors


def test_a_raising_cell_fails_with_its_source(tmp_path):
    broken = tmp_path / "broken.md"
    broken.write_text(NOTEBOOKS[0].read_text(encoding="utf-8").split("---", 2)[0] + "---" +
                      NOTEBOOKS[0].read_text(encoding="utf-8").split("---", 2)[1] + "---\n\n"
                      "```{code-cell} ipython3\nraise RuntimeError('deliberate failure')\n```\n",
                      encoding="utf-8")
    with pytest.raises(CellExecutionError, match="deliberate failure"):
        execute(broken)
