"""How to cite the briefing: one text, built from CITATION.cff and the edition, so they cannot drift."""
from __future__ import annotations

import yaml

from .edition import load_edition
from .paths import ROOT


def load_citation() -> dict:
    return yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))


def citation_text(url: str = "") -> str:
    """'Authors (Year). Title, version X (as of Y). URL' -- checked against edition.yml."""
    cff, edition = load_citation(), load_edition()
    if str(cff["version"]) != edition.version:
        raise ValueError(f"CITATION.cff version {cff['version']} differs from edition.yml {edition.version}")
    authors = ", ".join(a.get("name") or f"{a['family-names']}, {a['given-names']}" for a in cff["authors"])
    text = (f"{authors} ({edition.published.year}). {cff['title']}, version {edition.version}, "
            f"information as of {edition.as_of:%d %B %Y}.")
    return f"{text} {url}".strip()
