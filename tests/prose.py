"""Reading the chapters' prose as a reader sees it, for the tests on numbers and quotations.

The prose is the Markdown outside front matter and code cells. Roles are blanked (a glued number,
a citation key or a cross-reference is not typed text), keeping every other character in place so
that a finding can name its line.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from analysis.paths import ROOT

# The landing page and the briefing's chapters: the pages whose numbers the issue promises are computed.
PAGES = ["index.md", "chapters/concept.md", "chapters/peacekeeping.md", "chapters/coalition.md",
         "chapters/obstacles.md", "chapters/us.md",
         # The annexes hold the chapters' detail: the same rules for numbers and quotations.
         *sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "chapters").glob("annex_*.md"))]

FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.S)
CODE_CELL = re.compile(r"^```\{code-cell\}.*?^```$", re.S | re.M)
ROLE = re.compile(r"\{[a-z:]+\}`[^`]*`")
INLINE_CODE = re.compile(r"`[^`\n]*`")
LINK_TARGET = re.compile(r"\]\([^)]*\)|<a [^>]*>")
STRUCTURE = re.compile(r"^(\s*:[a-z_-]+:.*|\([a-z0-9-]+\)=|```.*|:::.*)$", re.M)
QUOTE = re.compile(r'"[^"]+"|“[^”]+”')

MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
# What a reader does not read as a figure the data must back: years and dates, names that contain
# numbers, the unit of a definition, section and figure numbers.
ALLOWED = [re.compile(p) for p in (
    rf"\b\d{{1,2}}(?:[–-]\d{{1,2}})? {MONTH}\b",           # 2 March 2025, 6-7 January
    rf"\b{MONTH} \d{{1,2}}\b(?!,\d)",                        # March 2 (US style)
    r"\b(?:19|20)\d\d(?:[–-](?:19|20)?\d\d)?\b(?![,.]\d)",  # 2025, 2014–2021, 2024-25
    r"\bArticle \d+\b", r"\bUNSCR \d+\b", r"\bResolution \d+\b", r"\bChapter [IVX]+\b",
    r"\bper[ -]1,000\b", r"\bper 100 km²", r"\bper 100 km2\b",
    r"\b\d+-point plan\b",                                # the 28-point plan: a name
    r"\bCC BY \d\.\d\b",                                  # a licence's name
    r"ratio of\s+to 1\b",                                # "a ratio of N to 1" (N glued)
    r"(?m)^\s*\d+\. ",                                     # a numbered list's markers
)]
QUOTE_WORDS = 5  # quotations this long are checked against their source, numbers included
NUMERAL = re.compile(r"(?<![\w.])\d[\d,.]*\d|(?<![\w.])\d")


@dataclass(frozen=True)
class Quotation:
    page: str
    line: int
    text: str


def _blank(text: str, pattern: re.Pattern) -> str:
    """Replace every match by spaces (newlines kept), so offsets and line numbers do not move."""
    return pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def prose(page: str) -> str:
    """The page's text with front matter, code cells, roles, code, link targets and markup lines blanked."""
    text = (ROOT / page).read_text(encoding="utf-8")
    for pattern in (FRONT_MATTER, CODE_CELL, ROLE, INLINE_CODE, LINK_TARGET, STRUCTURE):
        text = _blank(text, pattern)
    return text


def line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


def words(text: str) -> int:
    return len(re.findall(r"[\w’'-]+", text))


def quotations(page: str, min_words: int = QUOTE_WORDS) -> list[Quotation]:
    """Every quotation of at least `min_words` words in the page's prose."""
    text = prose(page)
    found = []
    for m in QUOTE.finditer(text):
        inner = m.group(0)[1:-1]
        if words(inner) >= min_words:
            found.append(Quotation(page, line_of(text, m.start()), " ".join(inner.split())))
    return found


def typed_numerals(page: str, evidence: dict[str, list[str]]) -> list[tuple[int, str, str]]:
    """(line, numeral, the line) for every numeral typed in the prose that the rules do not allow."""
    text = prose(page)

    # A number inside a quotation is the source's: allowed when the quotation is checked, i.e. five
    # words or more (the quotation test checks those) or, if shorter, found in its cited source here.
    def quoted(m: re.Match) -> str:
        q = Quotation(page, line_of(text, m.start()), " ".join(m.group(0)[1:-1].split()))
        if words(q.text) >= QUOTE_WORDS or verified(page, q, evidence):
            return re.sub(r"[^\n]", " ", m.group(0))
        return m.group(0)

    text = QUOTE.sub(quoted, text)
    for pattern in ALLOWED:
        text = _blank(text, pattern)
    out = []
    for m in NUMERAL.finditer(text):
        line = line_of(text, m.start())
        out.append((line, m.group(0), (ROOT / page).read_text(encoding="utf-8").splitlines()[line - 1].strip()))
    return out


def normalise(text: str) -> str:
    """A quotation or an excerpt made comparable: quotation marks and apostrophes dropped (prose nests
    'single' inside "double" where the source may not, and copies lose apostrophes), dashes and
    whitespace made uniform, lower case."""
    text = unicodedata.normalize("NFKC", text)
    for mark in ('"', "'", "“", "”", "‘", "’", "«", "»"):
        text = text.replace(mark, "")
    for a, b in (("–", "-"), ("—", "-")):
        text = text.replace(a, b)
    return " ".join(text.split()).lower()


CITE = re.compile(r"\{cite\}`([^`]*)`")


def cited_after(page: str, quotation: Quotation) -> list[str]:
    """The sources the sentence cites for a quotation: the first citation after it in its paragraph
    (prose cites at the end of the clause), else the last one before it."""
    raw = (ROOT / page).read_text(encoding="utf-8")
    lines = raw.splitlines()
    start = end = quotation.line - 1
    while start > 0 and lines[start - 1].strip():
        start -= 1
    while end < len(lines) - 1 and lines[end + 1].strip():
        end += 1
    paragraph = "\n".join(lines[start:end + 1])
    offset = sum(len(line) + 1 for line in lines[start:quotation.line - 1])
    rest = paragraph[offset:]
    # Skip past the quotation itself, then take the next citation.
    closing = re.search(re.escape(quotation.text.split()[-1]), rest)
    after = CITE.search(rest, closing.end() if closing else 0)
    if after:
        return [k.strip() for k in after.group(1).split(",")]
    before = CITE.findall(paragraph[:offset])
    return [k.strip() for k in before[-1].split(",")] if before else []


def fragments(quotation: str) -> list[str]:
    """The parts of a quotation between ellipses, each of which must appear in the source."""
    return [normalise(f).strip(" .,;:") for f in re.split(r"\.\.\.|…", quotation) if normalise(f).strip(" .,;:")]


def evidence_by_source() -> dict[str, list[str]]:
    """Every verbatim excerpt in the data (rows' evidence fields, source notes), by source key."""
    from analysis.tables import describe, load_table, table_names

    found: dict[str, list[str]] = {}
    for name in table_names():
        spec = describe(name)
        excerpts = [f for f in spec.field_names if f == "evidence" or f.endswith("_evidence")]
        frame = load_table(name)
        for _, row in frame.iterrows():
            keys = {str(row[f]) for f in spec.source_fields if not _missing(row[f])}
            for field in excerpts:
                if not _missing(row[field]):
                    for key in keys:
                        found.setdefault(key, []).append(normalise(str(row[field])))
    return found


def _missing(value) -> bool:
    return value is None or str(value) in ("<NA>", "nan", "NaT", "")


def verified(page: str, quotation: Quotation, evidence: dict[str, list[str]]) -> bool:
    """True if every part of the quotation appears in an excerpt of a source the sentence cites."""
    parts = fragments(quotation.text)
    return any(all(part in excerpt for part in parts)
               for key in cited_after(page, quotation) for excerpt in evidence.get(key, []))
