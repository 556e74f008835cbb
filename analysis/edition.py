"""The edition: version and as-of date of the publication, read from edition.yml."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import yaml

from .errors import DataValidationError, Problem
from .paths import EDITION, relative


@dataclass(frozen=True)
class Edition:
    version: str
    as_of: dt.date
    published: dt.date


def load_edition() -> Edition:
    where = relative(EDITION)
    raw = yaml.safe_load(EDITION.read_text(encoding="utf-8")) or {}
    problems = []
    version = str(raw.get("version", ""))
    if not re.fullmatch(r"\d+\.\d+\.\d+", version):
        problems.append(Problem(where, f"version must be MAJOR.MINOR.PATCH, got '{version}'", field="version"))
    dates = {}
    for key in ("as_of", "published"):
        value = raw.get(key)
        if not isinstance(value, dt.date):
            problems.append(Problem(where, f"must be a date YYYY-MM-DD, got '{value}'", field=key))
        dates[key] = value
    if problems:
        raise DataValidationError(problems)
    if dates["as_of"] > dates["published"]:
        raise DataValidationError([Problem(where, "as_of cannot be later than published", field="as_of")])
    return Edition(version, dates["as_of"], dates["published"])
