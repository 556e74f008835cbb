"""The strict build: it succeeds on the book, and fails loudly, naming the place, on a broken one."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from analysis.paths import ROOT

from .conftest import run_build

pytestmark = pytest.mark.build


def site_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.parts)


def test_every_toc_page_is_built(built_site):
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    for name in re.findall(r"file:\s*(\S+)", toc) + ["index"]:
        assert (built_site / f"{name}.html").exists(), name


def test_pages_reference_no_other_host(built_site):
    """Static check; the browser test checks what is actually requested."""
    external = re.compile(r"""<(script|link|img|iframe|source)\b[^>]*\b(src|href)=["'](https?:)?//""", re.I)
    for page in site_pages(built_site):
        hits = [m.group(0) for m in external.finditer(page.read_text(encoding="utf-8"))
                if not re.search(r'rel=["\'](canonical|alternate)', m.group(0))]
        assert not hits, f"{page.relative_to(built_site)} loads from another host: {hits[:3]}"


def test_charts_are_published_with_their_parts(built_site):
    page = (built_site / "chapters" / "concept.html").read_text(encoding="utf-8")
    charts = re.findall(r'<div class="briefing-chart" id="chart-([a-z0-9-]+)"', page)
    assert len(charts) >= 2
    assert page.count('class="briefing-chart-spec"') == len(charts)
    assert page.count("Download this chart's data (CSV)") == len(charts)
    assert page.count("<summary>This chart as text and data</summary>") == len(charts)
    assert "vega-bundle.js" in page and "briefing-charts.js" in page
    # Every chart sits in a numbered figure with a caption.
    assert len(re.findall(r'<figcaption>', page)) >= len(charts)


def test_pages_without_charts_do_not_load_the_bundle(built_site):
    page = (built_site / "genindex.html").read_text(encoding="utf-8")
    assert "vega-bundle.js" not in page


def test_no_glue_placeholder_or_raw_role_left(built_site):
    for page in site_pages(built_site):
        text = page.read_text(encoding="utf-8")
        for marker in ("{glue:", "{cite}", "{numref}", "Traceback (most recent call last)"):
            assert marker not in text, f"{page.name} contains {marker!r}"


BROKEN_PAGE = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# Broken page

See {{numref}}`fig-that-does-not-exist`.

```{{code-cell}} ipython3
{code}
```
"""


def _broken_book(tmp_path: Path, code: str) -> Path:
    book = tmp_path / "book"
    book.mkdir()
    for name in ("_config.yml", "references.bib"):
        shutil.copy(ROOT / name, book / name)
    (book / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n  - file: broken\n", encoding="utf-8")
    (book / "index.md").write_text("# Index\n", encoding="utf-8")
    (book / "broken.md").write_text(BROKEN_PAGE.format(code=code), encoding="utf-8")
    return book


def test_raising_cell_fails_the_build_with_file_and_traceback(tmp_path):
    book = _broken_book(tmp_path, "1 + 1\nraise ValueError('deliberately broken cell')")
    result = run_build(book, tmp_path / "out")
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "broken.md" in log
    assert "deliberately broken cell" in log and "Traceback" in log


def test_broken_cross_reference_fails_the_build_naming_it(tmp_path):
    book = _broken_book(tmp_path, "1 + 1")
    result = run_build(book, tmp_path / "out")
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert re.search(r"broken\.md:\d+: WARNING: .*fig-that-does-not-exist", log), log[-3000:]


def test_bad_data_fails_the_build_naming_file_row_and_field(tmp_path):
    code = ("from analysis.schema import load_descriptor, validate_rows\n"
            "from analysis.paths import DATA_DIR\n"
            "import shutil, pathlib\n"
            "d = pathlib.Path('scratch'); d.mkdir(exist_ok=True)\n"
            "shutil.copy(DATA_DIR / 'command_decisions.yml', d)\n"
            "shutil.copy(DATA_DIR / 'shared.yaml', d)  # fields the descriptor uses\n"
            "text = (DATA_DIR / 'command_decisions.csv').read_text().splitlines()\n"
            "cells = text[1].split(','); cells[1] = '2025-02-30'; text[1] = ','.join(cells)\n"
            "(d / 'command_decisions.csv').write_text('\\n'.join(text) + '\\n')\n"
            "validate_rows(load_descriptor(d / 'command_decisions.yml'), set())")
    book = _broken_book(tmp_path, code)
    result = run_build(book, tmp_path / "out")
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "command_decisions.csv, row 2, field 'date': not a real date" in log
