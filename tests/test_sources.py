"""The bibliography is the register of sources: every entry complete, every cited key present."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from analysis import DataValidationError, load_sources
from analysis.paths import ROOT
from analysis.sources import parse_sources


def test_bibliography_is_complete():
    sources = load_sources()
    assert len(sources) >= 10
    for source in sources.values():
        assert source.title and source.publisher and source.date


def test_every_key_cited_in_prose_exists():
    known = set(load_sources())
    for page in [ROOT / "index.md", *sorted((ROOT / "chapters").glob("*.md"))]:
        for group in re.findall(r"\{cite(?::[a-z]+)?\}`([^`]+)`", page.read_text(encoding="utf-8")):
            for key in group.split(","):
                assert key.strip() in known, f"{page.name} cites unknown source '{key.strip()}'"


def test_every_source_is_used():
    """An unused source is usually a typo in a data row or the prose."""
    from analysis import describe, load_table, table_names

    used: set[str] = set()
    for name in table_names():
        frame = load_table(name)
        for column in describe(name).source_fields:
            used |= set(frame[column].dropna())
    for page in [ROOT / "index.md", *sorted((ROOT / "chapters").glob("*.md"))]:
        for group in re.findall(r"\{cite(?::[a-z]+)?\}`([^`]+)`", page.read_text(encoding="utf-8")):
            used |= {k.strip() for k in group.split(",")}
    unused = sorted(set(load_sources()) - used)
    assert not unused, f"sources in references.bib used by no table or page: {unused}"


def _bib(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "refs.bib"
    path.write_text(body, encoding="utf-8")
    return path


def test_missing_publisher_is_named(tmp_path):
    path = _bib(tmp_path, "@misc{a_2025, title={T}, date={2025-01-02}, year={2025}, kind={official}}\n")
    with pytest.raises(DataValidationError, match=r"refs.bib entry 'a_2025', field 'publisher': required field"):
        parse_sources(path)


def test_bad_date_is_named(tmp_path):
    path = _bib(tmp_path, "@misc{a_2025, title={T}, publisher={P}, date={March 2025}, year={2025}, kind={official}}\n")
    with pytest.raises(DataValidationError, match=r"field 'date': date must be YYYY-MM-DD"):
        parse_sources(path)


def test_year_must_match_date(tmp_path):
    path = _bib(tmp_path, "@misc{a_2025, title={T}, publisher={P}, date={2025-03-01}, year={2024}, kind={official}}\n")
    with pytest.raises(DataValidationError, match=r"year 2024 does not match"):
        parse_sources(path)


def test_no_source_has_two_keys():
    """Two keys for one source would split its citations and count it twice."""
    by_url: dict[str, list[str]] = {}
    for key, source in load_sources().items():
        if source.url:
            by_url.setdefault(source.url.rstrip("/"), []).append(key)
    doubled = {url: keys for url, keys in by_url.items() if len(keys) > 1}
    assert not doubled, f"one source under several keys: {doubled}"


def test_escaped_url_is_rejected(tmp_path):
    path = _bib(tmp_path, "@misc{a_2025, title={T}, publisher={P}, date={2025-03-01}, year={2025}, "
                          "kind={official}, url={https://example.org/a\\_b}}\n")
    with pytest.raises(DataValidationError, match=r"field 'url': url contains a backslash"):
        parse_sources(path)


def test_missing_kind_is_named(tmp_path):
    path = _bib(tmp_path, "@misc{a_2025, title={T}, publisher={P}, date={2025-03-01}, year={2025}}\n")
    with pytest.raises(DataValidationError, match=r"refs.bib entry 'a_2025', field 'kind': required field"):
        parse_sources(path)


def test_unknown_kind_is_named(tmp_path):
    path = _bib(tmp_path, "@misc{a_2025, title={T}, publisher={P}, date={2025-03-01}, year={2025}, "
                          "kind={major_news}}\n")
    with pytest.raises(DataValidationError, match=r"entry 'a_2025', field 'kind': kind must be one of .*got 'major_news'"):
        parse_sources(path)


def test_every_entry_has_a_known_kind():
    from analysis.sources import SOURCE_KINDS

    for source in load_sources().values():
        assert source.kind in SOURCE_KINDS, f"{source.key}: kind '{source.kind}'"


# Which rows of the statements tables quote a Western or Ukrainian official. Russian officials'
# words may come from Russian state media (labelled); nobody else's may rest on it alone.
# - us_statements: every row is the US executive speaking (the table's scope);
# - coalition_positions: `attribution` government = the country's own officials, except rows coded
#   no_statement (participation reported, nobody's words quoted);
# - statements_on_difference: `side` ukraine, us or europe (russia exempt; analysts are not officials).
WESTERN_OR_UKRAINIAN_SPEAKER = {
    "us_statements": lambda row: True,
    "coalition_positions": lambda row: row["attribution"] == "government" and row["position"] != "no_statement",
    "statements_on_difference": lambda row: row["side"] in ("ukraine", "us", "europe"),
}
NOT_FOR_WESTERN_WORDS = {"state_media", "aggregator_copy"}


def _rows_resting_only_on(kinds_not_allowed: set[str]) -> list[str]:
    from analysis import describe, load_table

    sources = load_sources()
    bad = []
    for name, speaks in WESTERN_OR_UKRAINIAN_SPEAKER.items():
        frame = load_table(name)
        fields = describe(name).source_fields
        for _, row in frame.iterrows():
            if not speaks(row):
                continue
            keys = [row[f] for f in fields if isinstance(row[f], str)]
            if keys and all(sources[k].kind in kinds_not_allowed for k in keys):
                bad.append(f"{name} {row['id']}: {', '.join(f'{k} ({sources[k].kind})' for k in keys)}")
    return bad


def test_western_and_ukrainian_officials_are_not_quoted_from_state_media_or_aggregators():
    bad = _rows_resting_only_on(NOT_FOR_WESTERN_WORDS)
    assert not bad, "statements by Western or Ukrainian officials sourced only to state media or an aggregator:\n" \
        + "\n".join(bad)


def test_the_speaker_check_can_fail():
    """Every source counted as weak: every speaking row must then be reported."""
    from analysis.sources import SOURCE_KINDS

    assert _rows_resting_only_on(set(SOURCE_KINDS))
