"""The publication around the pages: downloads, PDF, sitemap, 404, metadata, citation."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from analysis import chart_html, load_edition, table_names
from analysis.paths import DATA_DIR, ROOT
from analysis.schema import load_descriptor

from .corrupt import rewrite_cell

pytestmark = pytest.mark.build


# The page "Evidence for every number" and the evidence page of each chapter listed under it.
EVIDENCE_PAGES = "chapters/evidence"


def toc_pages() -> list[str]:
    return ["index"] + re.findall(r"file:\s*(\S+)", (ROOT / "_toc.yml").read_text(encoding="utf-8"))


def test_every_csv_download_matches_its_table(built_site):
    for name in table_names():
        for suffix in (".csv", ".yml"):
            published = built_site / "data" / f"{name}{suffix}"
            expected = (DATA_DIR / f"{name}{suffix}").read_bytes().removeprefix(b"\xef\xbb\xbf")
            assert published.read_bytes() == expected, published.name


def test_data_package_holds_every_table_description_and_the_bibliography(built_site):
    with zipfile.ZipFile(built_site / "data" / "briefing-data.zip") as bundle:
        names = set(bundle.namelist())
        package = json.loads(bundle.read("briefing-data/datapackage.json"))
        assert bundle.read("briefing-data/references.bib") == (ROOT / "references.bib").read_bytes()
    for name in table_names():
        assert {f"briefing-data/{name}.csv", f"briefing-data/{name}.yml"} <= names
    assert [r["name"] for r in package["resources"]] == table_names() + ["sources"]
    assert package["version"] == load_edition().version
    for resource in package["resources"][:-1]:
        spec, schema = load_descriptor(DATA_DIR / f"{resource['name']}.yml"), resource["schema"]
        assert [f["name"] for f in schema["fields"]] == spec.field_names and schema["primaryKey"], spec.name
        assert sorted(k["fields"][0] for k in schema["foreignKeys"] if k["reference"]["resource"] == "sources") \
            == sorted(spec.source_fields) != [], spec.name


def frictionless(package: Path) -> dict:
    """`frictionless validate` on a package, as any reader of the download could run it."""
    done = subprocess.run([str(Path(sys.executable).parent / "frictionless"), "validate", "--json", package.name],
                          cwd=package.parent, capture_output=True, text=True, timeout=300)
    report = json.loads(done.stdout)
    assert (done.returncode == 0) == report["valid"], done.stderr[-2000:]
    return report


def test_the_downloaded_package_is_a_valid_standard_data_package_and_a_bad_cell_is_named(built_site, tmp_path):
    with zipfile.ZipFile(built_site / "data" / "briefing-data.zip") as bundle:
        bundle.extractall(tmp_path)
    package = tmp_path / "briefing-data" / "datapackage.json"
    report = frictionless(package)
    assert report["valid"], [e["message"] for t in report["tasks"] for e in t["errors"]][:5]
    assert len(report["tasks"]) == len(table_names()) + 1 and all(t["stats"]["rows"] for t in report["tasks"])

    rewrite_cell(package.parent / "command_decisions.csv", 3, "date", "2025-02-30")
    report = frictionless(package)
    errors = [(t["name"], e.get("rowNumber"), e.get("fieldName"), e["type"])
              for t in report["tasks"] for e in t["errors"]]
    assert errors == [("command_decisions", 3, "date", "type-error")]


def test_data_page_links_every_download(built_site):
    page = (built_site / "chapters" / "data.html").read_text(encoding="utf-8")
    for name in table_names():
        assert f'href="../data/{name}.csv"' in page and f'href="../data/{name}.yml"' in page
    assert 'href="../data/briefing-data.zip"' in page


def test_sitemap_lists_every_page_with_a_date(built_site):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    for page in toc_pages():
        assert re.search(rf"<loc>[^<]*{re.escape(page)}\.html</loc><lastmod>\d{{4}}-\d{{2}}-\d{{2}}</lastmod>", sitemap), page


def test_every_page_has_social_metadata_and_a_last_updated_date(built_site):
    for page in toc_pages():
        text = (built_site / f"{page}.html").read_text(encoding="utf-8")
        title = re.search(r'<meta property="og:title" content="([^"]*)"', text)
        assert title and "<" not in title.group(1) and "&lt;" not in title.group(1), page
        assert re.search(r"Last updated on \d{4}-\d{2}-\d{2}", text), page


def test_page_dates_follow_the_data_they_read(book, tmp_path):
    """A correction committed to a table moves the date of the pages that read it, and only theirs."""
    import pickle

    from booktools.publication import last_changed, page_inputs

    with (book.doctrees / "environment.pickle").open("rb") as handle:
        env = pickle.load(handle)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True, timeout=120)
    pages = {"dependent": "chapters/coalition", "unrelated": "chapters/us"}
    assert "data/coalition_countries.csv" in page_inputs(env, pages["dependent"])
    assert "data/coalition_countries.csv" not in page_inputs(env, pages["unrelated"])
    before = {role: last_changed(page_inputs(env, doc), str(clone)) for role, doc in pages.items()}

    spec = load_descriptor(clone / "data" / "coalition_countries.yml")
    free_text = next(f.name for f in spec.fields if f.type == "string" and not (f.enum or f.pattern or f.unique))
    rewrite_cell(clone / "data" / "coalition_countries.csv", 2, free_text, "a corrected value")
    when = "2031-03-04T12:00:00+00:00"
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "commit", "--quiet", "-am",
                    "Correct a row"], cwd=clone, check=True, timeout=60,
                   env={"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when, "PATH": os.environ["PATH"]})
    last_changed.cache_clear()  # a build asks once per page and commit; this test asks again after one
    after = {role: last_changed(page_inputs(env, doc), str(clone)) for role, doc in pages.items()}
    assert before["dependent"] != "2031-03-04" and after["dependent"] == "2031-03-04"
    assert after["unrelated"] == before["unrelated"]


def test_not_found_page_links_home(built_site):
    page = (built_site / "404.html").read_text(encoding="utf-8")
    assert "Page not found" in page and "index.html" in page


def test_landing_page_has_edition_citation_reading_time_and_pdf(built_site):
    page = (built_site / "index.html").read_text(encoding="utf-8")
    edition = load_edition()
    assert edition.version in page
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))
    assert "How to cite" in text and re.search(r"Reading time of the briefing: about \d+ minutes", text)
    assert 'href="briefing.pdf"' in page


def test_every_printed_chart_was_drawn_while_the_site_was_written(book):
    """make book draws the charts for paper beside the site's writing (booktools/build.py); a chart the
    PDF step had to draw itself (its glued spec and its printed spec differ) would quietly cost time."""
    found = re.search(r"\((\d+) charts as images, (\d+) of them drawn beforehand\)", book.log)
    assert found, book.log[-3000:]
    assert int(found.group(1)) > 0 and found.group(1) == found.group(2), found.group(0)


@dataclass(frozen=True)
class Printed:
    pages: list[str]  # each page's text, runs of white space as one space
    images: list[int]  # each page's number of images
    links: list[str]  # every link's target

    @property
    def text(self) -> str:
        return " ".join(self.pages)


@pytest.fixture(scope="module")
def printed(pdf_edition) -> Printed:
    """The PDF as its reader gets it, read once: extracting its text is the slowest step of these tests."""
    from pypdf import PdfReader

    reader = PdfReader(pdf_edition)
    links = [str(action["/URI"]) for page in reader.pages for annotation in page.get("/Annots") or []
             if "/URI" in (action := annotation.get_object().get("/A") or {})]
    return Printed([re.sub(r"\s+", " ", page.extract_text() or "") for page in reader.pages],
                   [_images(page) for page in reader.pages], links)


def _images(page) -> int:
    """The images drawn on a PDF page, counted in its resources (as pypdf's `page.images` counts them,
    without preparing each image for extraction, which takes seconds)."""
    xobjects = (page.get("/Resources") or {}).get("/XObject") or {}
    return sum(1 for xobject in xobjects.values() if xobject.get_object().get("/Subtype") == "/Image")


def test_pdf_has_every_chapter_and_every_chart_as_an_image(printed, built_site):
    text = printed.text
    for page in toc_pages():
        if page.startswith(EVIDENCE_PAGES):
            continue  # left on the web, with the page listing them (checked in test_pdf_is_a_print_edition)
        html = (built_site / f"{page}.html").read_text(encoding="utf-8")
        title = re.sub(r"<[^>]+>", "", re.search(r"<h1>(.*?)</h1>", html, re.S).group(1))
        title = re.sub(r"\s+", " ", title.replace("#", "")).strip()
        words = title.split()[-3:]  # the end of the title survives any section numbering
        assert " ".join(words) in text, f"PDF lacks the page '{title}'"
    charts = sum(len(chart_html.find_charts((built_site / f"{p}.html").read_text(encoding="utf-8")))
                 for p in toc_pages())
    images = sum(printed.images)
    assert charts > 0 and images >= charts, f"{images} images in the PDF for {charts} charts"


def test_every_chapter_opens_with_key_points_ends_with_what_to_watch_and_links_the_glossary():
    for page in toc_pages():
        if not page.startswith("chapters/") or page.startswith(EVIDENCE_PAGES) or page in (
                "chapters/glossary", "chapters/methods", "chapters/data", "chapters/changelog"):
            continue
        if page.startswith("chapters/annex_"):
            continue  # an annex holds its chapter's detail; the chapter has the key points and what to watch
        text = (ROOT / f"{page}.md").read_text(encoding="utf-8")
        body = text.split("\n# ", 1)[1]
        first_block = re.sub(r"```\{code-cell\}.*?```", "", body, flags=re.S).split("\n## ", 1)[0]
        assert "Key points" in first_block, f"{page} does not open with key points"
        assert re.findall(r"^## (.+)$", text, re.M)[-1] == "What to watch", f"{page} does not end with What to watch"
        assert "{term}`" in text, f"{page} links no glossary term"


# The print edition (issue 12): what a reader of the paper copy gets.
PRINT_MAX_PAGES = 80
POINTER_WORDS = re.compile(r"hover|slider|click", re.I)


def chapter_titles(built_site) -> list[str]:
    """The titles of the chapters ("The briefing" part of the table of contents), as their pages show them."""
    briefing_part = (ROOT / "_toc.yml").read_text(encoding="utf-8").split("caption:")[1]
    titles = []
    for page in re.findall(r"file:\s*(\S+)", briefing_part):
        html = (built_site / f"{page}.html").read_text(encoding="utf-8")
        title = re.sub(r"<[^>]+>", "", re.search(r"<h1>(.*?)</h1>", html, re.S).group(1))
        titles.append(re.sub(r"\s+", " ", title.replace("#", "")).strip())
    return titles


def test_pdf_is_a_print_edition(printed, built_site):
    pages = printed.pages
    assert len(pages) <= PRINT_MAX_PAGES, f"the PDF has {len(pages)} pages (at most {PRINT_MAX_PAGES})"
    blank = [n for n, (text, images) in enumerate(zip(pages, printed.images), 1) if not text.strip() and not images]
    assert not blank, f"blank pages: {blank}"

    text = " ".join(pages)
    pointer = [text[max(m.start() - 60, 0):m.end() + 60] for m in POINTER_WORDS.finditer(text)]
    assert not pointer, f"the PDF asks for a pointer: {pointer}"

    # The cover: edition and the date sources were last searched, as the landing page prints them.
    edition = load_edition()
    cover = pages[0]
    assert f"Edition {edition.version}" in cover, cover[:300]
    assert f"Sources last searched on {edition.as_of:%-d %B %Y}" in cover, cover[:300]
    assert "Bottom line" in cover and "How to cite" in cover

    # Every chapter, each starting a page of its own.
    for title in chapter_titles(built_site):
        starts = [n for n, page in enumerate(pages, 1) if title in page[:len(title) + 12]]
        assert starts, f"no page of the PDF starts with the chapter '{title}'"

    # Left on the web: the evidence page's one entry per number and the data page's field definitions.
    assert "Evidence for every number" in text and "Not printed" in text
    assert "in the order the page's code computes them" not in text and "Evidence: the concept" not in text

    charts = sum(len(chart_html.find_charts((built_site / f"{p}.html").read_text(encoding="utf-8")))
                 for p in toc_pages())
    images = sum(printed.images)
    assert charts > 0 and images >= charts, f"{images} images in the PDF for {charts} charts"


def test_pdf_links_lead_inside_it_or_to_the_web(printed):
    """No link in the PDF points at a file: a number's link to its evidence goes to the web edition or
    is plain text, never to a page the PDF does not contain."""
    assert printed.links, "the PDF has no links at all: were they read?"
    local = [t for t in printed.links if not t.startswith(("https://", "http://", "mailto:"))]
    assert not local, f"links to nowhere on paper: {local[:5]}"


def test_pdf_prints_what_each_chart_shows_on_pointing_at_a_mark(printed, built_site):
    """Every chart that lists its tooltips' values in print (booktools/print_labels.py) has that table in
    the PDF, with its rows: on paper nothing can be pointed at."""
    from booktools.print_edition import clean_chart_spec
    from booktools.print_labels import SHORT, value_tables

    text = printed.text
    tables = []
    for page in toc_pages():
        for block in chart_html.find_charts((built_site / f"{page}.html").read_text(encoding="utf-8")):
            tables += [(block.name, t) for t in value_tables(clean_chart_spec(block.spec))]
    charts = {name for name, _ in tables}
    assert len(charts) >= 10, f"only {len(charts)} charts list their values in print"
    assert text.count("The chart's values, mark by mark") == len(charts)
    for name, table in tables:
        # A short first cell stays on one line, so the PDF's text holds it whole.
        short = [row[0] for row in table.rows if 3 <= len(row[0]) <= SHORT]
        assert all(value in text for value in short), f"{name}: rows of its table are not in the PDF"
