"""Shared fixtures. The book (site and PDF) is built once per test session, exactly as `make book`
builds it, into a temporary directory.

Builds are slow and mostly wait (kernels starting, Chromium printing), so every build the selected
tests need starts at the beginning of the session, side by side in threads: the book, the
reproducibility test's second build, and the scratch books a test module lists in its
`BACKGROUND_JOBS` ({name: function(tmp_dir) -> result}). A test waits for the result it needs.
"""
from __future__ import annotations

import importlib
import shutil
import subprocess
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest

from analysis import load_tables
from analysis.landing import CHAPTERS
from analysis.paths import ROOT
from booktools.browser import chromium, serve
from booktools.build import build_book, jupyter_book

from .reading import read_site

# The second build runs in another directory, at another time, with another hash seed, time zone and
# locale, so that paths, clocks, set ordering and locale formatting would all show up as differences.
NOISY_ENV = {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
REPRODUCIBLE_TEST = "test_two_clean_builds_are_byte_identical"


def run_build(source: Path, output: Path, env: dict | None = None, fresh: bool = True) -> subprocess.CompletedProcess:
    """A strict HTML build of `source` (a scratch book) into `output`, as `make book` runs it;
    `fresh=False` as `make html` does (only changed pages)."""
    # Not at a lower priority than the book's build, though the browsers wait only for the book: on a
    # busy machine a lowered build's kernels were starved past their 60 s start-up timeout.
    return jupyter_book(source, output, env=env, fresh=fresh)


@dataclass(frozen=True)
class Book:
    site: Path  # _build/html
    pdf: Path
    doctrees: Path
    log: str  # both builders' and the PDF printer's output
    code: int


# Set as soon as the book's site is written: the browser tests need not wait for the PDF.
SITE_WRITTEN: Future = Future()
# The browsers' readings of every page (tests/reading.py), started as soon as the site is written when
# a selected test reads them: {setup name: Future of {page: Visit}}.
READINGS: Future = Future()
WANT_READINGS: list[bool] = [False]

# When each background job finished, in seconds from the session's start: reported at the end, so that
# whoever wants the suite faster sees which build it waits for.
SESSION_START = time.monotonic()
FINISHED: dict[str, float] = {}


def _timed(name: str, job):
    def run(tmp_dir: Path):
        try:
            return job(tmp_dir)
        finally:
            FINISHED[name] = time.monotonic() - SESSION_START
    return run


def pytest_terminal_summary(terminalreporter) -> None:
    if FINISHED:
        terminalreporter.write_line("background builds finished at (s from the start): " + ", ".join(
            f"{name} {at:.0f}" for name, at in sorted(FINISHED.items(), key=lambda item: item[1])))


def _book(output: Path) -> Book:
    def on_site(code: int) -> None:
        FINISHED["site"] = time.monotonic() - SESSION_START
        site = output / "_build" / "html"
        if code == 0 and WANT_READINGS[0]:
            READINGS.set_result(read_site(site))
        SITE_WRITTEN.set_result((code, site))

    try:
        code, log = build_book(ROOT, output, output / "briefing.pdf", on_site=on_site)
    finally:
        if not SITE_WRITTEN.done():
            SITE_WRITTEN.set_result((-1, None))
    return Book(output / "_build" / "html", output / "briefing.pdf", output / "_build" / ".doctrees", log, code)


def _second_build(output: Path) -> tuple[subprocess.CompletedProcess, Path]:
    return run_build(ROOT, output, env=NOISY_ENV), output / "_build" / "html"


def pytest_collection_modifyitems(items) -> None:
    """The tests that need no build run first, while the session's builds (started with the first
    test, see `background`) are under way on the other CPU; then the other build tests, while the
    browsers read the site; then the browser tests, which check what the browsers saw. The order
    within each group is kept."""
    def group(item) -> int:
        return 2 if item.get_closest_marker("browser") else 1 if item.get_closest_marker("build") else 0
    items.sort(key=group)


@pytest.fixture(scope="session", autouse=True)
def background(request, tmp_path_factory) -> dict[str, Future]:
    """name -> Future of every build the selected tests need, all started now."""
    items = request.session.items
    WANT_READINGS[0] = any("readings" in item.fixturenames for item in items)
    jobs = {}
    if any(item.get_closest_marker("build") for item in items):
        jobs["book"] = _book
    if any(item.name == REPRODUCIBLE_TEST for item in items):
        jobs["second-build"] = _second_build
    for module in dict.fromkeys(item.module for item in items):
        jobs.update(getattr(module, "BACKGROUND_JOBS", {}))
    if not jobs:
        yield {}
        return
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        yield {name: pool.submit(_timed(name, job), tmp_path_factory.mktemp(name)) for name, job in jobs.items()}


@pytest.fixture(scope="session")
def chapter_values() -> dict[str, dict]:
    """{chapter: every value and chart it glues}, as each chapter's notebook computes them: once per
    session, for every test that checks them."""
    values = {}
    for chapter in CHAPTERS:
        name = CHAPTERS[chapter]
        module = importlib.import_module(f"analysis.{name}")
        values[chapter] = getattr(module, f"{name}_values")(load_tables(module.TABLES))
    return values


@pytest.fixture(scope="session")
def book(background) -> Book:
    book = background["book"].result()
    if book.code != 0:
        pytest.fail(f"`make book` failed (exit {book.code}):\n{book.log[-12000:]}")
    return book


@pytest.fixture(scope="session")
def built_site(background) -> Path:
    """_build/html of the session's strict build of the repository (the PDF may still be printing)."""
    code, site = SITE_WRITTEN.result()
    if code != 0:
        book = background["book"].result()
        pytest.fail(f"the site's build failed (exit {code}):\n{book.log[-12000:]}")
    return site


@pytest.fixture(scope="session")
def pdf_edition(book) -> Path:
    return book.pdf


@pytest.fixture(scope="session")
def second_site(background) -> Path:
    """_build/html of the second, independent clean build (see NOISY_ENV)."""
    result, site = background["second-build"].result()
    if result.returncode != 0:
        pytest.fail(f"second build failed:\n{result.stdout[-6000:]}\n{result.stderr[-6000:]}")
    return site


@pytest.fixture(scope="session")
def readings(built_site) -> dict[str, Future]:
    """{reader setup: Future of {page: Visit}}: every page as the browsers read it (tests/reading.py)."""
    return READINGS.result()


@pytest.fixture(scope="session")
def site_url(built_site):
    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    try:
        with chromium() as browser:
            yield browser
    except FileNotFoundError as exc:
        pytest.fail(str(exc))


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A scratch copy of data/ and references.bib that a test may corrupt."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copy(ROOT / "references.bib", tmp_path / "references.bib")
    return tmp_path
