"""Summarise Sphinx's link-check report: how many links work, which are dead, which have moved.

    python -m booktools.linkreport _build/linkcheck/output.json

Exits 1 when a link is dead, so the weekly link check shows red; publishing never waits for it.
A timeout or a "too many requests" is listed but is not a failure: the next run will tell.
"""
from __future__ import annotations

import json
import os
import sys
from collections import Counter
from pathlib import Path

FAILING = {"broken"}


def read_report(path: Path) -> list[dict]:
    """The JSON-lines report Sphinx writes (one object per link occurrence)."""
    entries = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            entries.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise ValueError(f"{path}, line {number}: not a JSON object ({error.msg})") from None
    return entries


def summarise(entries: list[dict]) -> tuple[str, bool]:
    """A Markdown summary and whether any link is dead."""
    counts = Counter(e.get("status", "?") for e in entries)
    lines = ["# Link check", "", ", ".join(f"{n} {status}" for status, n in sorted(counts.items())) or "no links", ""]
    for status, heading in (("broken", "Dead links"), ("redirected", "Moved links (update the source's URL)"),
                            ("timeout", "Timed out (checked again next run)"),
                            ("rate-limited", "Rate-limited (checked again next run)")):
        found = [e for e in entries if e.get("status") == status]
        if not found:
            continue
        lines += [f"## {heading}", ""]
        for e in sorted(found, key=lambda e: (e.get("filename", ""), e.get("lineno") or 0, e.get("uri", ""))):
            where = f"{e.get('filename', '?')}:{e.get('lineno') or '?'}"
            detail = f" → {e['info']}" if status == "redirected" else f" ({e.get('info', '')})"
            lines.append(f"- {where} {e.get('uri', '')}{detail}")
        lines.append("")
    return "\n".join(lines), any(e.get("status") in FAILING for e in entries)


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    path = Path(argv[0])
    if not path.is_file():
        print(f"{path}: no link-check report (did the link check run?)", file=sys.stderr)
        return 2
    text, dead = summarise(read_report(path))
    print(text)
    # In a GitHub workflow, the summary also shows on the run's page.
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write(text + "\n")
    return 1 if dead else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
