"""Two clean builds of the same commit write byte-identical sites.

The second build (conftest's `second_site`, started alongside the session's `built_site`) runs in
another directory, with another hash seed, time zone and locale (conftest.NOISY_ENV).
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

pytestmark = pytest.mark.build


def digests(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def first_difference(a: bytes, b: bytes) -> str:
    i = next((k for k in range(min(len(a), len(b))) if a[k] != b[k]), min(len(a), len(b)))
    return f"at byte {i}: {a[max(0, i - 80):i + 80]!r} vs {b[max(0, i - 80):i + 80]!r}"


def test_two_clean_builds_are_byte_identical(built_site, second_site):
    # Nothing is excluded: every file of _build/html, .buildinfo and searchindex.js included.
    a, b = digests(built_site), digests(second_site)
    assert sorted(a) == sorted(b), f"file sets differ: only first {sorted(set(a) - set(b))[:5]}, " \
                                   f"only second {sorted(set(b) - set(a))[:5]}"
    assert any(name.endswith(".html") for name in a)
    differing = [name for name in a if a[name] != b[name]]
    details = [f"{name} {first_difference((built_site / name).read_bytes(), (second_site / name).read_bytes())}"
               for name in differing[:3]]
    assert not differing, f"{len(differing)} files differ:\n" + "\n".join(details)
