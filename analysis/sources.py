"""The bibliography is the one register of sources: data rows and prose both cite its keys."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pybtex.database import parse_file
from pybtex.scanner import PybtexError

from .errors import DataValidationError, Problem
from .paths import BIBLIOGRAPHY, relative

REQUIRED_FIELDS = ("title", "publisher", "date", "year", "kind")
KEY_PATTERN = re.compile(r"^[a-z0-9_]+$")

# What kind of publisher a source is, strongest first: chart source lines name sources in this
# order, and the methods page counts them. Judged by who published the text we cite, not by the
# copy we read it in (that is the `via` field).
SOURCE_KINDS = {
    "official": "Government or parliament",
    "international_organisation": "International organisation",
    "think_tank_academic": "Think tank or academic",
    "news_outlet": "News outlet",
    "reference_work": "Reference work (wiki or similar)",
    "aggregator_copy": "Aggregator or unattributed copy",
    "state_media": "State-controlled media",
}
# Sources that cannot carry a headline on their own (see tests/test_sources.py).
WEAK_KINDS = ("reference_work", "aggregator_copy", "state_media")


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    publisher: str
    date: dt.date
    url: str | None
    authors: tuple[str, ...]
    undated: bool = False  # the page shows no date; `date` is when we read it
    kind: str = "news_outlet"
    via: str | None = None  # the copy we read, when the original could not be read
    via_url: str | None = None

    @property
    def kind_label(self) -> str:
        return SOURCE_KINDS[self.kind]

    @property
    def strength(self) -> int:
        """0 for the strongest kind; used to name the strongest sources first."""
        return list(SOURCE_KINDS).index(self.kind)

    @property
    def short(self) -> str:
        """'Publisher, YYYY-MM-DD': how chart captions name a source."""
        return f"{self.publisher}, {self.date.isoformat()}"


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


def parse_sources(path: Path) -> dict[str, Source]:
    """Read and check a BibTeX file; raise DataValidationError naming each bad entry and field."""
    name = relative(path)
    try:
        database = parse_file(str(path), bib_format="bibtex")
    except (PybtexError, OSError) as exc:
        raise DataValidationError([Problem(name, f"cannot read the bibliography: {exc}")]) from exc
    problems: list[Problem] = []
    sources: dict[str, Source] = {}
    for key, entry in database.entries.items():
        where = f"{name} entry '{key}'"
        if not KEY_PATTERN.match(key):
            problems.append(Problem(where, "keys use lowercase letters, digits and underscores only"))
        fields = {k.lower(): str(v) for k, v in entry.fields.items()}
        missing = [f for f in REQUIRED_FIELDS if not fields.get(f, "").strip()]
        for f in missing:
            problems.append(Problem(where, "required field is missing or empty", field=f))
        if missing:
            continue
        date = _parse_date(fields["date"])
        if date is None:
            problems.append(Problem(where, f"date must be YYYY-MM-DD, got '{fields['date']}'", field="date"))
            continue
        if fields["year"] != str(date.year):
            problems.append(Problem(where, f"year {fields['year']} does not match date {date}", field="year"))
        url = fields.get("url")
        if url and not url.startswith(("https://", "http://")):
            problems.append(Problem(where, f"url must start with http(s)://, got '{url}'", field="url"))
        if url and "\\" in url:
            # BibTeX writers escape _ and % as \_ and \%; in a URL that makes a dead link.
            problems.append(Problem(where, f"url contains a backslash (escaped character?): '{url}'", field="url"))
        kind = fields["kind"].strip()
        if kind not in SOURCE_KINDS:
            problems.append(Problem(where, f"kind must be one of {', '.join(SOURCE_KINDS)}, got '{kind}'",
                                    field="kind"))
            continue
        via, via_url = fields.get("via"), fields.get("viaurl")
        if via_url and not via:
            problems.append(Problem(where, "viaurl needs via (the publisher of the copy)", field="viaurl"))
        if via_url and not via_url.startswith(("https://", "http://")):
            problems.append(Problem(where, f"viaurl must start with http(s)://, got '{via_url}'", field="viaurl"))
        authors = tuple(str(p) for p in entry.persons.get("author", []))
        undated = "date is the date accessed" in fields.get("note", "")
        sources[key] = Source(key, fields["title"], fields["publisher"], date, url, authors, undated, kind,
                              via, via_url)
    if problems:
        raise DataValidationError(problems)
    return sources


@lru_cache(maxsize=None)
def load_sources() -> dict[str, Source]:
    """Every source in references.bib, checked, keyed by BibTeX key."""
    return parse_sources(BIBLIOGRAPHY)
