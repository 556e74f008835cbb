"""requirements.txt is a full freeze with nothing extra: every pin is something the project uses, or
something one of those needs (on this Python), at exactly the pinned version."""
from __future__ import annotations

import re
from importlib.metadata import PackageNotFoundError, distribution

from packaging.markers import default_environment
from packaging.requirements import Requirement

from analysis.paths import ROOT

# What the project itself imports or runs; everything else in the freeze must be needed by these.
USED = {
    "jupyter-book", "sphinx", "docutils", "pybtex",  # the build and the extension
    "altair", "pandas", "pyyaml", "vl-convert-python",  # data, charts, the Vega bundle and PDF images
    "jupytext",  # the benchmark's floor; `jupytext --to ipynb` for authors
    "playwright", "axe-playwright-python", "pypdf", "pytest", "frictionless",  # tests only
    "check-jsonschema",  # validates the publishing workflows (make check-workflow)
}

# The virtual environment's own tooling: `python -m venv` provides it and `pip freeze` leaves it out.
TOOLING = {"pip", "setuptools", "wheel"}


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def pins() -> dict[str, str]:
    lines = (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines()
    return {_name(line.split("==")[0]): line.split("==")[1] for line in lines if "==" in line}


def needed() -> set[str]:
    environment = {**default_environment(), "extra": ""}
    seen, todo = set(), list(USED)
    while todo:
        name = _name(todo.pop())
        if name in seen:
            continue
        seen.add(name)
        for text in distribution(name).requires or []:
            requirement = Requirement(text)
            if requirement.marker is None or requirement.marker.evaluate(environment):
                todo.append(requirement.name)
    return seen


def test_every_pin_is_used_or_needed_and_everything_needed_is_pinned():
    pinned, required = set(pins()), needed() - TOOLING
    assert not pinned - required, f"pinned but neither used nor needed: {sorted(pinned - required)}"
    assert not required - pinned, f"needed but not pinned: {sorted(required - pinned)}"


def test_the_environment_has_exactly_the_pinned_versions():
    wrong = []
    for name, version in pins().items():
        try:
            installed = distribution(name).version
        except PackageNotFoundError:
            installed = None
        if installed != version:
            wrong.append(f"{name}: pinned {version}, installed {installed}")
    assert not wrong, wrong
