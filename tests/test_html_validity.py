"""Every page of the site is valid HTML: zero errors from the Nu HTML checker (vnu.jar, offline).

`make test` installs the checker (`make vnu`: the npm package pinned in package-lock.json, run with
Debian's Java). Missing, it fails the test rather than skipping it.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from analysis.paths import ROOT

pytestmark = pytest.mark.build

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Two errors the checker found on the first edition, written into a page of its own: if this page
# ever passes, the checker is not checking.
KNOWN_BAD = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>known bad</title></head>
<body><h1>Title</h1><h3>Skipped a level</h3><div><style scoped>p {}</style></div></body></html>
"""


def site_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)


def run_vnu(pages: list[Path]) -> dict[Path, list[str]]:
    """Errors per page, from one run of the checker over all of them (one JVM start)."""
    java = shutil.which("java")
    if not java or not VNU_JAR.is_file():
        pytest.fail(f"the Nu HTML checker is not installed (java: {java}, {VNU_JAR}): run `make vnu`")
    result = subprocess.run([java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout",
                             *map(str, pages)], capture_output=True, text=True, timeout=300)
    try:
        messages = json.loads(result.stdout)["messages"]
    except (json.JSONDecodeError, KeyError):
        pytest.fail(f"the checker did not report (exit {result.returncode}):\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    errors: dict[Path, list[str]] = {}
    for message in messages:
        page = Path(unquote(urlparse(message.get("url", "")).path))
        errors.setdefault(page, []).append(f"line {message.get('lastLine', '?')}: {message.get('message')}")
    return errors


def test_every_page_has_zero_errors_from_the_nu_html_checker(built_site, tmp_path):
    pages = site_pages(built_site)
    assert len(pages) >= 10 and built_site / "404.html" in pages
    known_bad = tmp_path / "known-bad.html"
    known_bad.write_text(KNOWN_BAD, encoding="utf-8")

    errors = run_vnu([*pages, known_bad])

    assert any("heading" in e for e in errors.pop(known_bad.resolve(), [])), "the checker missed a known error"
    report = [f"{page.relative_to(built_site)} {e}" for page, found in sorted(errors.items()) for e in found]
    assert not report, f"{len(report)} errors:\n" + "\n".join(report[:20])
