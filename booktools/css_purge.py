"""Ship only the CSS the pages use: drop the stylesheet rules no page can match.

The theme's stylesheet (397 KB, all of Bootstrap and every Font Awesome icon) and the extensions'
stylesheets block the first paint, and a page uses a tenth of them. Once the build has written every
page, each local stylesheet the pages link is rewritten in place without the rules whose selectors
name a class, id, element or attribute that appears in no page and in no script the pages load.

Scripts count because they add classes at run time (the theme's dark mode, search dialog and sidebar
toggles; vega-embed's menu): a selector is kept when every name it requires is a word of some page or
script, the way PurgeCSS's default extractor works. That errs on the side of keeping a rule.

It is deterministic (rules keep their order and their text), and idempotent: purging an already purged
stylesheet against the same pages changes nothing, so an incremental build, where Sphinx has copied
the theme's original stylesheet back, ends with the same bytes as a clean one.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from sphinx.application import Sphinx

# Group rules whose contents are rules: purged recursively, dropped when nothing inside is kept.
GROUP_AT_RULES = {"media", "supports", "layer", "container", "document"}
WORD = re.compile(r"[A-Za-z0-9_-]+")
STYLESHEET = re.compile(r"<link\b[^>]*\brel=\"stylesheet\"[^>]*>", re.I)
SCRIPT_SRC = re.compile(r"<script\b[^>]*\bsrc=\"([^\"]+)\"|<link\b[^>]*\bas=\"script\"[^>]*\bhref=\"([^\"]+)\"", re.I)
HREF = re.compile(r"\bhref=\"([^\"]+)\"")
SCRIPT_NAME = re.compile(r"[\"']([A-Za-z0-9_.-]+\.js)[\"']")
CSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*[\"']([^\"']+)[\"']")
FONT_DISPLAY = re.compile(r"font-display\s*:\s*[a-z]+")


# --- a small CSS reader: enough structure to keep or drop whole rules ----------------------------

def _skip_string(css: str, i: int) -> int:
    quote, i = css[i], i + 1
    while i < len(css) and css[i] != quote:
        i += 2 if css[i] == "\\" else 1
    return i + 1


def _past_inert(css: str, i: int) -> int | None:
    """Index just past the string, comment or escape that starts at `i`; None if none starts there.
    Brackets and braces inside them do not count."""
    if css[i] in "\"'":
        return _skip_string(css, i)
    if css.startswith("/*", i):
        end = css.find("*/", i + 2)
        return len(css) if end < 0 else end + 2
    if css[i] == "\\":
        return i + 2
    return None


def _scan_to(css: str, i: int, stops: str) -> int:
    """Index of the first character in `stops` at depth 0 (outside strings, comments and brackets)."""
    depth = 0
    while i < len(css):
        c = css[i]
        if (past := _past_inert(css, i)) is not None:
            i = past
            continue
        if depth == 0 and c in stops:
            return i
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
        elif c == "{":
            i = _block_end(css, i)
            continue
        i += 1
    return i


def _block_end(css: str, i: int) -> int:
    """Index just past the "}" that closes the "{" at `i`."""
    depth = 0
    while i < len(css):
        c = css[i]
        if (past := _past_inert(css, i)) is not None:
            i = past
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def parse(css: str) -> list[tuple[str, str, str]]:
    """Top-level items as (kind, prelude, body): kind "comment", "statement" (@charset, @import; the
    whole text in prelude), "at" (@media ... with a {} body) or "rule" (selectors {declarations})."""
    items, i = [], 0
    while i < len(css):
        if css[i].isspace():
            i += 1
            continue
        if css.startswith("/*", i):
            end = css.find("*/", i + 2)
            end = len(css) if end < 0 else end + 2
            items.append(("comment", css[i:end], ""))
            i = end
            continue
        stop = _scan_to(css, i, "{;}")
        if stop >= len(css) or css[stop] == "}":  # stray text or a stray "}": keep it as it is
            items.append(("statement", css[i:stop + 1].strip(), ""))
            i = stop + 1
            continue
        if css[stop] == ";":
            items.append(("statement", css[i:stop + 1].strip(), ""))
            i = stop + 1
            continue
        end = _block_end(css, stop)
        kind = "at" if css[i] == "@" else "rule"
        items.append((kind, css[i:stop].strip(), css[stop + 1:end - 1]))
        i = end
    return items


def split_selectors(prelude: str) -> list[str]:
    parts, start, i = [], 0, 0
    while True:
        stop = _scan_to(prelude, i, ",")
        parts.append(prelude[start:stop].strip())
        if stop >= len(prelude):
            return [p for p in parts if p]
        start = i = stop + 1


# --- which selectors a page can match ---------------------------------------------------------------

FUNCTIONAL_PSEUDO = re.compile(r"::?[A-Za-z-]+\(")
NAMES = re.compile(r"(?<![\w\\-])([.#]?)(-?[A-Za-z_][\w-]*(?:\\.[\w-]*)*)")


def _without_pseudo_arguments(selector: str) -> str:
    """`a:not(.x)` -> `a`: what :not(), :is(), :where(), :has() and :nth-child() hold is not required
    to be on the page (it is a condition, or one of several alternatives), so it is not checked."""
    out, i = [], 0
    for match in FUNCTIONAL_PSEUDO.finditer(selector):
        if match.start() < i:
            continue
        out.append(selector[i:match.start()])
        i = _scan_to(selector, match.end(), ")") + 1
    out.append(selector[i:])
    return "".join(out)


def required_names(selector: str) -> set[str]:
    """The classes, ids, element names and attribute names a selector needs, as plain words."""
    # An escaped character (`.md\\:col-6`) is part of the name; a non-word one splits it into words, as
    # the page's text is split.
    s = re.sub(r"\\(.)", lambda m: m.group(1) if WORD.fullmatch(m.group(1)) else " ", selector)
    s = _without_pseudo_arguments(s)
    attributes = re.findall(r"\[\s*([\w-]+)", s)
    s = re.sub(r"\[[^\]]*\]", " ", s)
    s = re.sub(r"::?[\w-]+", " ", s)  # pseudo-classes and pseudo-elements
    names = set(attributes)
    for _prefix, name in NAMES.findall(s):
        names.update(WORD.findall(name))
    return names


def selector_used(selector: str, words: set[str]) -> bool:
    return required_names(selector) <= words


# --- purging ---------------------------------------------------------------------------------------

def _purge_items(items, words: set[str]) -> list[tuple[str, str, str]]:
    kept = []
    for kind, prelude, body in items:
        if kind == "comment":
            if prelude.startswith("/*!"):  # licence notices stay
                kept.append((kind, prelude, body))
        elif kind == "rule":
            selectors = [s for s in split_selectors(prelude) if selector_used(s, words)]
            if selectors:
                kept.append((kind, ",".join(selectors), body))
        elif kind == "at" and prelude[1:].split(None, 1)[0].lower().split("(")[0] in GROUP_AT_RULES:
            inner = _purge_items(parse(body), words)
            if any(k != "comment" for k, _, _ in inner):
                kept.append((kind, prelude, serialize(inner)))
        else:
            kept.append((kind, prelude, body))
    return kept


def _drop_unused_fonts_and_animations(items, text: str) -> list[tuple[str, str, str]]:
    """@font-face rules for families no kept rule names, @keyframes no kept rule runs. Fonts that stay
    swap in when they arrive (font-display: swap): text and icons are never held back for them."""
    kept = []
    for kind, prelude, body in items:
        at = prelude[1:].split(None, 1)[0].lower() if kind == "at" else ""
        if at == "font-face":
            family = re.search(r"font-family\s*:\s*([^;]+)", body)
            name = family.group(1).strip().strip("\"'") if family else ""
            if name and name not in text:
                continue
            body = FONT_DISPLAY.sub("font-display:swap", body) if FONT_DISPLAY.search(body) \
                else body.rstrip().rstrip(";") + ";font-display:swap"
        elif at.endswith("keyframes"):
            name = prelude.split(None, 1)[1].strip() if " " in prelude else ""
            # Named anywhere in a kept rule: animations are often named through custom properties.
            if name and not re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
                continue
        elif kind == "at" and at in GROUP_AT_RULES:
            inner = _drop_unused_fonts_and_animations(parse(body), text)
            body = serialize(inner)
        kept.append((kind, prelude, body))
    return kept


def serialize(items) -> str:
    out = []
    for kind, prelude, body in items:
        out.append(prelude if kind in ("comment", "statement") else f"{prelude}{{{body}}}")
    return "\n".join(out) + "\n" if out else ""


def purge_css(css: str, words: set[str]) -> str:
    items = _purge_items(parse(css), words)
    # What the kept rules use, for deciding about fonts and animations: their text, not the @-rules'.
    used = serialize([item for item in items if item[0] != "at" or not item[1].lower().startswith(
        ("@font-face", "@keyframes", "@-webkit-keyframes"))])
    return serialize(_drop_unused_fonts_and_animations(items, used))


# --- the site ----------------------------------------------------------------------------------------

def _local(page: Path, url: str, outdir: Path) -> Path | None:
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = (page.parent / parts.path).resolve()
    return path if path.is_file() and outdir in path.parents else None


def site_assets(outdir: Path) -> tuple[list[Path], set[Path], set[Path]]:
    """The pages, the local stylesheets they link (and those import) and the scripts they load (and
    those scripts load by file name, as the chart loader does)."""
    outdir = outdir.resolve()
    pages = sorted(p for p in outdir.rglob("*.html") if "_static" not in p.relative_to(outdir).parts)
    sheets, scripts = set(), set()
    for page in pages:
        text = page.read_text(encoding="utf-8")
        for tag in STYLESHEET.findall(text):
            href = HREF.search(tag)
            if href and (path := _local(page, href.group(1), outdir)):
                sheets.add(path)
        for src, preload in SCRIPT_SRC.findall(text):
            if path := _local(page, src or preload, outdir):
                scripts.add(path)
    for sheet in list(sheets):
        for url in CSS_IMPORT.findall(sheet.read_text(encoding="utf-8")):
            if path := _local(sheet, url, outdir):
                sheets.add(path)
    for script in list(scripts):
        for name in SCRIPT_NAME.findall(script.read_text(encoding="utf-8", errors="replace")):
            if (script.parent / name).is_file():
                scripts.add((script.parent / name).resolve())
    return pages, sheets, scripts


def purge_site(outdir: Path) -> dict[str, tuple[int, int]]:
    """Purge every stylesheet the pages use, in place; {stylesheet: (bytes before, bytes after)}."""
    pages, sheets, scripts = site_assets(outdir)
    words: set[str] = set()
    for path in [*pages, *sorted(scripts)]:
        words.update(WORD.findall(path.read_text(encoding="utf-8", errors="replace")))
    sizes = {}
    for sheet in sorted(sheets):
        before = sheet.read_text(encoding="utf-8")
        after = purge_css(before, words)
        if after != before:
            sheet.write_text(after, encoding="utf-8")
        sizes[str(sheet.relative_to(outdir.resolve()))] = (len(before.encode()), len(after.encode()))
    return sizes


def _build_finished(app: Sphinx, exception) -> None:
    if exception is None and app.builder.format == "html":
        purge_site(Path(app.outdir))


def setup(app: Sphinx) -> None:
    # Late: myst-nb copies its stylesheet into the output at build-finished too, and on an incremental
    # build Sphinx may have copied a theme stylesheet back; the purge must see the final files.
    app.connect("build-finished", _build_finished, priority=900)
