"""What the landing page computes for itself: how current each chapter is, the 2025–2026 timeline,
and what changed in this edition. Everything else on it is pasted from the chapters' own claims."""
from __future__ import annotations

import importlib
import re

import pandas as pd

from .paths import ROOT

# Chapter file -> the module whose values function and TABLES the chapter uses, in reading order.
CHAPTERS = {"concept": "concept", "peacekeeping": "peacekeeping", "coalition": "coalition",
            "obstacles": "obstacles", "us": "us"}
# Kinds of milestone a busy reader needs on one page; planning calls and the like stay in the chapters.
MILESTONE_KINDS = ("summit", "declaration", "headquarters", "exercise", "legislation")


def chapter_tables(chapter: str) -> tuple[str, ...]:
    return tuple(importlib.import_module(f"analysis.{CHAPTERS[chapter]}").TABLES)


def landing_values(load_tables) -> dict:
    """Every value the landing page glues but its claims (`coverage_claims`): the edition, counts of
    the briefing's sources and tables, reading times, how to cite, what changed, the milestones."""
    from IPython.display import HTML, Markdown

    from .citation import citation_text
    from .concept_charts import TIMELINE_TABLES
    from .edition import load_edition
    from .reading import reading_minutes
    from .sources import load_sources
    from .tables import table_names

    edition = load_edition()
    changed_version, changed, n_corrections = latest_changes()
    return {
        "version": edition.version,
        "as_of": f"{edition.as_of:%-d %B %Y}",
        "published": f"{edition.published:%-d %B %Y}",
        "n_sources": len(load_sources()),
        "n_tables": len(table_names()),
        # The briefing itself: this page and the five chapters (not the glossary, methods, data or changelog).
        "reading_minutes": reading_minutes([ROOT / "index.md", *(ROOT / "chapters" / f"{c}.md" for c in CHAPTERS)]),
        # The annexes: the chapters' detail for checking, read by whoever checks, not by every reader.
        "annex_minutes": reading_minutes([ROOT / "chapters" / f"annex_{c}.md" for c in CHAPTERS]),
        "citation": citation_text(),
        "changed_version": changed_version,
        "changed": Markdown(changed),
        "n_corrections": n_corrections,
        "timeline": HTML(timeline_table_html(timeline(load_tables(list(TIMELINE_TABLES))))),
    }


def coverage_claims(load_tables) -> dict:
    """'covers_<chapter>': the latest dated event each chapter's rows cover."""
    from .coverage import latest_event

    return {f"covers_{chapter}": latest_event(load_tables(chapter_tables(chapter))) for chapter in CHAPTERS}


def timeline(tables: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Milestones of 2025–2026 from the sourced tables, one row each, oldest first: date, what, source.

    Summits, declarations, headquarters, exercises and parliamentary steps come from command_decisions
    (one row per day and kind: two sources on one event are one milestone); coalition meetings that no
    decision row records from coalition_meetings; truces and ceasefires from agreements_record; the
    negotiation rounds from developments (only rows whose text we read in full). `table` and `row_id`
    say where each milestone comes from.
    """
    from .concept_charts import timeline_events
    from .sources import load_sources

    sources = load_sources()
    # Which rows are events of 2025–2026 is decided once, for this table and the concept chapter's
    # timeline chart; here, the milestones among them, each table's rows in the table's own order.
    events = timeline_events(tables)

    def events_of(table: str) -> pd.DataFrame:
        frame = tables[table]
        return frame[frame["id"].astype(str).isin(set(events.loc[events["table"] == table, "row"].astype(str)))]

    decisions = events_of("command_decisions")
    decisions = decisions[decisions["decision_kind"].isin(MILESTONE_KINDS) & (decisions["date_precision"] == "day")]
    decisions = decisions.drop_duplicates(["date", "decision_kind"])
    meetings = events_of("coalition_meetings")
    meetings = meetings[~meetings["date"].isin(decisions["date"])]
    agreements = events_of("agreements_record")
    truces = agreements[agreements["name"].str.contains("truce|ceasefire|moratorium|pause", case=False, regex=True)]
    outcome = _outcome_labels()
    developments = events_of("developments")
    talks = developments[(developments["strand"] == "talks") & developments["read_in_full"].fillna(False).astype(bool)
                         & developments["summary"].str.contains("trilateral", case=False)]
    talks = talks[~talks["summary"].str.contains("ended", case=False)]
    rows = ([(r.date, r.event, r.source_id, "command_decisions", r.id) for r in decisions.itertuples()]
            + [(r.date, _meeting_text(r), r.source_id, "coalition_meetings", r.id) for r in meetings.itertuples()]
            + [(r.signed_on, f"{r.name}: {outcome[r.outcome]}", r.source_id, "agreements_record", r.id)
               for r in truces.itertuples()]
            + [(r.date, r.summary.rstrip("."), r.source_id, "developments", r.id) for r in talks.itertuples()])
    frame = pd.DataFrame(rows, columns=["date", "what", "source_id", "table", "row_id"])
    frame = frame.sort_values(["date", "table", "what"])
    frame["source"] = frame["source_id"].map(
        lambda k: f"{sources[k].publisher.split(' (')[0]}, {sources[k].date:%-d %b %Y}")
    return frame.reset_index(drop=True)


def _meeting_text(row) -> str:
    where = row.place.split(",")[0].split(" (")[0]
    where = "by video link" if where.lower() == "virtual" else f"in {where}"
    count = f" ({row.participants_reported} participants reported)" if pd.notna(row.participants_reported) else ""
    return f"Coalition meeting {where}{count}"


def _outcome_labels() -> dict[str, str]:
    from .tables import labels

    return {code: label.lower() for code, label in labels("agreements_record", "outcome").items()}


def timeline_table_html(frame: pd.DataFrame) -> str:
    """The timeline as a plain, accessible table (it prints, and reads on a phone)."""
    import html

    body = "".join(f"<tr><td>{row.date:%-d %b %Y}</td><td>{html.escape(row.what)}</td>"
                   f"<td>{html.escape(row.source)}</td></tr>" for row in frame.itertuples())
    return ('<table class="briefing-timeline"><caption>Milestones of 2025–2026, from the briefing\'s data '
            "tables</caption><thead><tr><th scope=\"col\">Date</th><th scope=\"col\">What happened</th>"
            f'<th scope="col">Source</th></tr></thead><tbody>{body}</tbody></table>')


VERSION_HEADING = re.compile(r"^## (\d+\.\d+\.\d+)\b.*$", re.M)


def latest_changes(changelog: str | None = None) -> tuple[str, str, int]:
    """(version, summary, number of corrections) of the newest edition's entry in the changelog, for
    "What changed": the summary is the entry's text before its "### Corrections" list."""
    text = changelog if changelog is not None else (ROOT / "chapters" / "changelog.md").read_text(encoding="utf-8")
    headings = list(VERSION_HEADING.finditer(text))
    if not headings:
        raise ValueError("chapters/changelog.md has no '## MAJOR.MINOR.PATCH' section")
    start = headings[0].end()
    end = headings[1].start() if len(headings) > 1 else len(text)
    entry = text[start:end]
    summary, _, corrections = entry.partition("### Corrections")
    n_corrections = len(re.findall(r"^- ", corrections, re.M))
    return headings[0].group(1), summary.strip(), n_corrections
