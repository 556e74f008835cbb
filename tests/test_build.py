"""The strict build: it succeeds on the book, and fails loudly, naming the place, on a broken one."""
from __future__ import annotations

import base64
import pickle
import re
import shutil
from pathlib import Path

import pytest

from analysis import chart_html
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
    charts = chart_html.find_charts(page)
    assert len(charts) >= 2
    assert all(chart.spec["description"] for chart in charts)
    assert page.count(chart_html.DOWNLOAD_LABEL) == len(charts)
    assert page.count(f"<summary>{chart_html.TEXT_SUMMARY}</summary>") == len(charts)
    # The loader fetches the Vega bundle and the drawing code when a chart nears the viewport.
    assert "chart-loader.js" in page
    # Every chart sits in a numbered figure with a caption.
    assert len(re.findall(r'<figcaption>', page)) >= len(charts)


def test_pages_without_charts_do_not_load_the_bundle(built_site):
    page = (built_site / "genindex.html").read_text(encoding="utf-8")
    assert "vega-bundle.js" not in page and "chart-loader.js" not in page


def test_no_glue_placeholder_or_raw_role_left(built_site):
    for page in site_pages(built_site):
        text = page.read_text(encoding="utf-8")
        for marker in ("{glue:", "{cite}", "{numref}", "Traceback (most recent call last)"):
            assert marker not in text, f"{page.name} contains {marker!r}"


def test_pages_depend_on_the_data_they_read_and_no_other(book):
    """What makes a data change re-execute (and re-date) exactly the pages that use it."""
    with (book.doctrees / "environment.pickle").open("rb") as handle:
        env = pickle.load(handle)
    deps = {doc: {Path(d).resolve().relative_to(ROOT).as_posix() for d in env.dependencies.get(doc, ())}
            for doc in env.found_docs}
    assert {"data/coalition_countries.csv", "data/coalition_countries.yml", "references.bib",
            "analysis/coalition.py"} <= deps["chapters/coalition"]
    assert "data/coalition_countries.csv" not in deps["chapters/us"]
    assert not deps["chapters/glossary"]  # no code, no dependencies


PAGE = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# {title}

{text}

```{{code-cell}} ipython3
{code}
```
"""


def _scratch_book(tmp_path: Path, pages: dict[str, tuple[str, str]]) -> Path:
    """A book of the given pages (name: (text, code)) with the real configuration and extension."""
    book = tmp_path / "book"
    book.mkdir()
    for name in ("_config.yml", "references.bib", "booktools/static/favicon.svg"):
        (book / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, book / name)
    toc = "".join(f"  - file: {name}\n" for name in pages)
    (book / "_toc.yml").write_text(f"format: jb-book\nroot: index\nchapters:\n{toc}", encoding="utf-8")
    (book / "index.md").write_text("# Index\n", encoding="utf-8")
    for name, (text, code) in pages.items():
        (book / f"{name}.md").write_text(PAGE.format(title=name.title(), text=text, code=code), encoding="utf-8")
    return book


BAD_DATA = ("from analysis.schema import load_descriptor, validate_rows\n"
            "from analysis.paths import DATA_DIR\n"
            "import shutil, pathlib\n"
            "d = pathlib.Path('scratch'); d.mkdir(exist_ok=True)\n"
            "shutil.copy(DATA_DIR / 'command_decisions.yml', d)\n"
            "shutil.copy(DATA_DIR / 'shared.yaml', d)  # fields the descriptor uses\n"
            "text = (DATA_DIR / 'command_decisions.csv').read_text().splitlines()\n"
            "cells = text[1].split(','); cells[1] = '2025-02-30'; text[1] = ','.join(cells)\n"
            "(d / 'command_decisions.csv').write_text('\\n'.join(text) + '\\n')\n"
            "validate_rows(load_descriptor(d / 'command_decisions.yml'), set())")


def _bad_data_build(tmp_path: Path) -> tuple[int, str]:
    book = _scratch_book(tmp_path, {"broken": ("Text.", BAD_DATA)})
    result = run_build(book, tmp_path / "out")
    return result.returncode, result.stdout + result.stderr


def _careless_build(tmp_path: Path) -> tuple[int, str, Path]:
    """One build of a book with every fault that does not stop the build at once (--keep-going)."""
    (tmp_path / "pixel.png").write_bytes(base64.b64decode(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/x8AAwMCAO+ip1sAAAAASUVORK5CYII="))
    book = _scratch_book(tmp_path, {
        "xref": ("See {numref}`fig-that-does-not-exist`.", "1 + 1"),
        "injected": ('<script>alert("injected")</script>\n\nProse.', "2 + 2"),
        "pictured": ("![](pixel.png)\n\n![A single white pixel](pixel.png)", "3 + 3"),
    })
    shutil.copy(tmp_path / "pixel.png", book / "pixel.png")
    # A page an author wrote but did not put in _toc.yml.
    (book / "forgotten.md").write_text("# Forgotten\n\nA page nobody can reach.\n", encoding="utf-8")
    result = run_build(book, tmp_path / "out")
    return result.returncode, result.stdout + result.stderr, tmp_path / "out" / "_build" / "html"


def _data_change_builds(tmp_path: Path):
    """A book built, one file its code reads changed, and built again as `make html` does."""
    reads = "import pathlib\nprint(pathlib.Path('table.csv').read_text())"
    book = _scratch_book(tmp_path, {"reader": ("Reads the table.", reads), "other": ("Does not.", "1 + 1")})
    (book / "table.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    first = run_build(book, tmp_path / "out")
    (book / "table.csv").write_text("a,b\n1,3\n", encoding="utf-8")
    again = run_build(book, tmp_path / "out", fresh=False) if first.returncode == 0 else None
    return first, again, tmp_path / "out" / "_build" / "html"


# Started at the beginning of the session, beside the book's build (conftest.background).
BACKGROUND_JOBS = {"bad-data-book": _bad_data_build, "careless-book": _careless_build,
                   "data-change-book": _data_change_builds}


def test_bad_data_fails_the_build_naming_page_file_row_and_field_with_traceback(background):
    """A raising cell stops the build; the log names the page and carries the cell's traceback."""
    code, log = background["bad-data-book"].result()
    assert code != 0
    assert "broken.md" in log and "Traceback" in log
    assert "command_decisions.csv, row 2, field 'date': not a real date" in log


@pytest.fixture(scope="module")
def careless_build(background):
    return background["careless-book"].result()


def test_broken_cross_reference_fails_the_build_naming_it(careless_build):
    code, log, _ = careless_build
    assert code != 0
    assert re.search(r"xref\.md:\d+: WARNING: .*fig-that-does-not-exist", log), log[-3000:]


def test_a_page_left_out_of_the_table_of_contents_fails_the_build_naming_it(careless_build):
    code, log, _ = careless_build
    assert code != 0
    assert re.search(r"forgotten\.md: WARNING: document isn't included in any toctree", log), log[-3000:]


def test_script_in_a_page_fails_the_build_and_is_not_allowed_by_the_policy(careless_build):
    code, log, site = careless_build
    assert code != 0
    assert re.search(r"injected\.md: WARNING: a script in the page's content is not allowed: "
                     r"<script alert\(\"injected\"\)", log), log[-3000:]
    page = (site / "injected.html").read_text(encoding="utf-8")
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page).group(1)
    from booktools.sphinx_ext import _inline_script_hashes

    # The theme's own inline scripts are allowed by hash; the injected one is not.
    allowed = _inline_script_hashes(page)
    injected = _inline_script_hashes('<script>alert("injected")</script>')[0]
    assert injected in allowed and injected not in policy
    assert len(allowed) - 1 == policy.count("'sha256-")


def test_image_without_alt_text_fails_the_build_naming_it(careless_build):
    code, log, _ = careless_build
    assert code != 0
    warnings = re.findall(r"pictured\.md:\d+: WARNING: image '[^']*' has no text alternative", log)
    assert len(warnings) == 1, log[-3000:]  # the image with a description passes


def test_data_change_re_executes_only_the_pages_that_read_it(background):
    first, again, site = background["data-change-book"].result()
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    assert again.returncode == 0, again.stdout[-3000:] + again.stderr[-3000:]
    executed = re.findall(r"(\w+)\.md: Executing notebook", re.sub(r"\x1b\[[0-9;]*m", "", again.stdout))
    assert executed == ["reader"]
    assert "1,3" in (site / "reader.html").read_text(encoding="utf-8")
