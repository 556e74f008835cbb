"""Shared fixtures. The site is built once per test session, into a temporary directory."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.paths import ROOT

BIN = Path(sys.executable).parent


def run_build(source: Path, output: Path, *targets: str, env: dict | None = None,
              builder: str = "html") -> subprocess.CompletedProcess:
    """The strict build exactly as `make book` runs it, into `output` (extra environment in `env`)."""
    cmd = [str(BIN / "jupyter-book"), "build", *(targets or (str(source),)), "-W", "-n", "--keep-going",
           "--all", "--builder", builder, "--path-output", str(output)]
    return subprocess.run(cmd, cwd=source, capture_output=True, text=True, timeout=1200,
                          env={**os.environ, **(env or {})})


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """_build/html of a fresh strict build of the repository."""
    output = tmp_path_factory.mktemp("site")
    result = run_build(ROOT, output)
    if result.returncode != 0:
        pytest.fail(f"strict build failed (exit {result.returncode}):\n{result.stdout[-8000:]}\n{result.stderr[-8000:]}")
    return output / "_build" / "html"


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A scratch copy of data/ and references.bib that a test may corrupt."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copy(ROOT / "references.bib", tmp_path / "references.bib")
    return tmp_path


def chromium_path() -> str:
    return os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def pdf_edition(tmp_path_factory) -> Path:
    """The PDF edition, built exactly as `make book` builds it."""
    output = tmp_path_factory.mktemp("print")
    result = run_build(ROOT, output, builder="singlehtml")
    if result.returncode != 0:
        pytest.fail(f"single-page build failed:\n{result.stdout[-6000:]}\n{result.stderr[-6000:]}")
    pdf = output / "briefing.pdf"
    done = subprocess.run([sys.executable, "-m", "booktools.pdf", str(output / "_build" / "singlehtml" / "index.html"),
                           str(pdf)], capture_output=True, text=True, timeout=600,
                          env={**os.environ, "CHROMIUM": chromium_path()})
    if done.returncode != 0:
        pytest.fail(f"PDF printing failed:\n{done.stdout}\n{done.stderr}")
    return pdf


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site on a local port (one server for every browser test)."""
    from booktools.shots import serve

    with serve(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for every browser test: Playwright's sync API allows one per thread."""
    from playwright.sync_api import sync_playwright

    from booktools.shots import launch

    if not Path(chromium_path()).exists():
        pytest.fail(f"Chromium not found at {chromium_path()}: run 'make test', which installs it")
    with sync_playwright() as p:
        browser = launch(p)
        yield browser
        browser.close()
