"""What makes the site a publication rather than a set of pages: per-page dates from git (of the
page and of every file its code read), social metadata, downloadable data (each table and the whole
package), a sitemap and a 404 page."""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import zipfile
from functools import lru_cache
from pathlib import Path

from sphinx.application import Sphinx

from analysis.edition import load_edition
from analysis.paths import DATA_DIR, ROOT
from analysis.schema import load_descriptor
from analysis.sources import load_sources

from . import datapackage
from .dependencies import dependencies

DATA_PACKAGE = "briefing-data.zip"
# Fixed timestamp inside the zip: the same data must give the same bytes (reproducible builds).
ZIP_DATE = (2026, 1, 1, 0, 0, 0)


@lru_cache(maxsize=None)
def last_changed(paths: tuple[str, ...], root: str) -> str | None:
    """Date (YYYY-MM-DD) of the last commit in `root` that touched any of `paths`; None if none did
    (outside a git checkout, or files only outside it)."""
    inside = [p for p in paths if Path(root, p).resolve().is_relative_to(Path(root).resolve())]
    if not inside:
        return None
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs", "--", *inside], cwd=root,
                             capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() or None


def page_inputs(env, docname: str) -> tuple[str, ...]:
    """The page's source and every file its code read, relative to the book's directory."""
    paths = {str(env.doc2path(docname, base=False))}
    paths.update(os.path.relpath(dep, env.srcdir) for dep in dependencies(env, docname))
    return tuple(sorted(paths))


def page_date(app: Sphinx, docname: str) -> str:
    """When a page last changed: its source, or any data file or module its code read."""
    # Fall back to the edition date: a build-time clock would make every build differ.
    return last_changed(page_inputs(app.env, docname), str(app.srcdir)) or load_edition().published.isoformat()


def base_url(app: Sphinx) -> str:
    """Where the site will live; `BRIEFING_BASE_URL` overrides html_baseurl from _config.yml."""
    url = os.environ.get("BRIEFING_BASE_URL") or app.config.html_baseurl or ""
    return url.rstrip("/") + "/" if url else ""


def _page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    if pagename in app.env.all_docs:
        context["last_updated"] = page_date(app, pagename)
    else:  # generated pages (index of terms, search)
        context["last_updated"] = load_edition().published.isoformat()
    plain_title = re.sub(r"<[^>]+>", "", context.get("title") or app.config.project)
    title = html.escape(html.unescape(plain_title).strip(), quote=True)
    description = html.escape(app.config.html_theme_options.get("description", "")
                              or "An executable, sourced briefing on the reassurance force for Ukraine.", quote=True)
    tags = [f'<meta property="og:title" content="{title}" />',
            f'<meta property="og:description" content="{description}" />',
            '<meta property="og:type" content="article" />',
            f'<meta property="og:site_name" content="{html.escape(app.config.project, quote=True)}" />',
            '<meta name="twitter:card" content="summary" />',
            f'<meta name="description" content="{description}" />']
    url = base_url(app)
    if url:
        tags.append(f'<meta property="og:url" content="{url}{pagename}.html" />')
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(tags)


def write_data_downloads(outdir: Path) -> list[Path]:
    """Copy every table and its description to data/, and bundle them as a standard data package."""
    target = outdir / "data"
    target.mkdir(parents=True, exist_ok=True)
    files = []
    # Descriptors only (no pandas): this runs at the end of every build, a no-change rebuild included.
    specs = [load_descriptor(descriptor) for descriptor in sorted(DATA_DIR.glob("*.yml"))]
    for spec in specs:
        for path in (spec.csv_path, spec.descriptor_path):
            # The build reads a CSV saved with a byte-order mark; the package declares plain UTF-8.
            (target / path.name).write_bytes(path.read_bytes().removeprefix(b"\xef\xbb\xbf"))
            files.append(target / path.name)
    sources = target / f"{datapackage.SOURCES}.csv"
    sources.write_text(datapackage.sources_csv(load_sources()), encoding="utf-8")
    manifest = target / "datapackage.json"
    package = datapackage.data_package(specs, load_edition())
    manifest.write_text(json.dumps(package, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
    shutil.copyfile(ROOT / "references.bib", target / "references.bib")
    files += [sources, manifest, target / "references.bib"]
    # The claims ledger, written just before by booktools.claims, travels with the data it cites.
    files += [p for p in [target / "claims.csv"] if p.exists()]
    with zipfile.ZipFile(target / DATA_PACKAGE, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        for path in sorted(files):
            info = zipfile.ZipInfo(f"briefing-data/{path.name}", date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            bundle.writestr(info, path.read_bytes())
    return files


def write_sitemap(app: Sphinx, outdir: Path) -> None:
    url = base_url(app) or "./"
    entries = []
    for docname in sorted(app.env.found_docs):
        lastmod = page_date(app, docname)
        entries.append(f"  <url><loc>{html.escape(url + docname + '.html')}</loc><lastmod>{lastmod}</lastmod></url>")
    (outdir / "sitemap.xml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(entries) + "\n</urlset>\n",
        encoding="utf-8")


def write_not_found(app: Sphinx, outdir: Path) -> None:
    # Served for any missing path, so links must be absolute from the site's root.
    root = base_url(app) or "/"
    (outdir / "404.html").write_text(f"""<!DOCTYPE html>
<html lang="en"><head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="{root}_static/favicon.svg">
<title>Page not found · {html.escape(app.config.project)}</title>
<style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;line-height:1.5}}</style>
</head><body><main>
<h1>Page not found</h1>
<p>This page is not part of <em>{html.escape(app.config.project)}</em>, or it has moved.</p>
<p><a href="{root}index.html">Go to the start of the briefing</a></p>
</main></body></html>
""", encoding="utf-8")


def _build_finished(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html" or app.builder.name != "html":
        return
    outdir = Path(app.outdir)
    write_data_downloads(outdir)
    write_sitemap(app, outdir)
    write_not_found(app, outdir)


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", _page_context)
    # Before the Content-Security-Policy pass (priority 500), so the pages written here get a policy too.
    app.connect("build-finished", _build_finished, priority=400)
