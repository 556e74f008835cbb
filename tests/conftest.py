"""Shared fixtures. The book (site and PDF) is built once per test session, exactly as `make book`
builds it, into a temporary directory; the reproducibility test's second build runs alongside it."""
from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from analysis.paths import ROOT
from booktools.browser import chromium, serve
from booktools.build import build_book, command, jupyter_book

# The second build runs in another directory, at another time, with another hash seed, time zone and
# locale, so that paths, clocks, set ordering and locale formatting would all show up as differences.
NOISY_ENV = {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}
REPRODUCIBLE_TEST = "test_two_clean_builds_are_byte_identical"


def run_build(source: Path, output: Path, env: dict | None = None, fresh: bool = True) -> subprocess.CompletedProcess:
    """A strict HTML build of `source` (a scratch book) into `output`, as `make book` runs it;
    `fresh=False` as `make html` does (only changed pages)."""
    return jupyter_book(source, output, env=env, fresh=fresh)


@dataclass(frozen=True)
class Book:
    site: Path  # _build/html
    pdf: Path
    doctrees: Path
    log: str  # both builders' and the PDF printer's output


def _second_build(tmp_path_factory) -> tuple[subprocess.Popen, Path, Path] | None:
    """Start the reproducibility test's build in the background (2 cores: it overlaps the first)."""
    output = tmp_path_factory.mktemp("second-site")
    log = output / "build.log"
    with log.open("w") as handle:
        process = subprocess.Popen(command(ROOT, output), cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT,
                                   env={**os.environ, **NOISY_ENV})
    return process, output, log


@pytest.fixture(scope="session")
def second_build_handle(request, tmp_path_factory):
    wanted = any(item.name == REPRODUCIBLE_TEST for item in request.session.items)
    handle = _second_build(tmp_path_factory) if wanted else None
    yield handle
    if handle and handle[0].poll() is None:
        handle[0].kill()


@pytest.fixture(scope="session")
def book(tmp_path_factory, second_build_handle) -> Book:
    output = tmp_path_factory.mktemp("book")
    pdf = output / "briefing.pdf"
    code, log = build_book(ROOT, output, pdf)
    if code != 0:
        pytest.fail(f"`make book` failed (exit {code}):\n{log[-12000:]}")
    return Book(output / "_build" / "html", pdf, output / "_build" / ".doctrees", log)


@pytest.fixture(scope="session")
def built_site(book) -> Path:
    """_build/html of the session's strict build of the repository."""
    return book.site


@pytest.fixture(scope="session")
def pdf_edition(book) -> Path:
    return book.pdf


@pytest.fixture(scope="session")
def second_site(second_build_handle) -> Path:
    """_build/html of the second, independent clean build (see NOISY_ENV)."""
    process, output, log = second_build_handle
    if process.wait(timeout=1200) != 0:
        pytest.fail(f"second build failed:\n{log.read_text()[-8000:]}")
    return output / "_build" / "html"


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
