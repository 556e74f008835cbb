"""Two clean builds of the same commit write byte-identical sites.

One extra build, compared with the session's `built_site`. It runs in another directory, at another
time, with another hash seed, time zone and locale, so that paths, clocks, set ordering and locale
formatting would all show up as differences if they leaked into the output.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from analysis.paths import ROOT

from .conftest import run_build

pytestmark = pytest.mark.build

# Nothing is excluded: every file of _build/html, .buildinfo and searchindex.js included.
NOISY_ENV = {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Kiritimati", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"}


def digests(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def first_difference(a: bytes, b: bytes) -> str:
    i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
    return f"at byte {i}: {a[max(0, i - 80):i + 80]!r} vs {b[max(0, i - 80):i + 80]!r}"


def test_two_clean_builds_are_byte_identical(built_site, tmp_path_factory):
    output = tmp_path_factory.mktemp("second-site")
    result = run_build(ROOT, output, env=NOISY_ENV)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    second = output / "_build" / "html"

    a, b = digests(built_site), digests(second)
    assert sorted(a) == sorted(b), f"file sets differ: only first {sorted(set(a) - set(b))[:5]}, " \
                                   f"only second {sorted(set(b) - set(a))[:5]}"
    assert any(name.endswith(".html") for name in a)
    differing = [name for name in a if a[name] != b[name]]
    details = [f"{name} {first_difference((built_site / name).read_bytes(), (second / name).read_bytes())}"
               for name in differing[:3]]
    assert not differing, f"{len(differing)} files differ:\n" + "\n".join(details)
