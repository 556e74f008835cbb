"""Reading time of the briefing's prose, for the landing page."""
from __future__ import annotations

import re
from pathlib import Path

WORDS_PER_MINUTE = 200  # the usual figure for reading non-fiction on screen


def prose_words(markdown: str) -> int:
    """Words a reader reads: front matter, code cells, directives' options and roles' targets left out."""
    text = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)
    text = re.sub(r"```\{code-cell\}.*?```", "", text, flags=re.S)
    text = re.sub(r"^:[a-z-]+:.*$", "", text, flags=re.M)
    text = re.sub(r"\{[a-z:]+\}`[^`]*`", "", text)
    text = re.sub(r"^[:`]{3,}.*$", "", text, flags=re.M)
    return len(re.findall(r"[A-Za-z0-9][A-Za-z0-9'’,.-]*", text))


def reading_minutes(paths: list[Path]) -> int:
    words = sum(prose_words(p.read_text(encoding="utf-8")) for p in paths)
    return max(1, round(words / WORDS_PER_MINUTE))
