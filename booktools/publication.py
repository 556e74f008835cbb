"""What makes the site a publication rather than a set of pages: per-page dates from git, social
metadata, downloadable data (each table and the whole package), a sitemap and a 404 page."""
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

DATA_PACKAGE = "briefing-data.zip"
# Fixed timestamp inside the zip: the same data must give the same bytes (reproducible builds).
ZIP_DATE = (2026, 1, 1, 0, 0, 0)


@lru_cache(maxsize=None)
def last_changed(path: str) -> str | None:
    """Date (YYYY-MM-DD) of the last commit that touched `path`; None outside a git checkout."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%cs", "--", path], cwd=ROOT,
                             capture_output=True, text=True, timeout=20, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return out.stdout.strip() or None


def base_url(app: Sphinx) -> str:
    """Where the site will live; `BRIEFING_BASE_URL` overrides html_baseurl from _config.yml."""
    url = os.environ.get("BRIEFING_BASE_URL") or app.config.html_baseurl or ""
    return url.rstrip("/") + "/" if url else ""


def _page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    source = app.env.doc2path(pagename, base=False) if pagename in app.env.all_docs else None
    changed = last_changed(str(source)) if source else None
    # Fall back to the edition date: a build-time clock would make every build differ.
    context["last_updated"] = changed or load_edition().published.isoformat()
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
    """Copy every table and its description to data/, and bundle them with a datapackage.json."""
    target = outdir / "data"
    target.mkdir(parents=True, exist_ok=True)
    resources, files = [], []
    # Descriptors only (no pandas): this runs at the end of every build, a no-change rebuild included.
    for descriptor in sorted(DATA_DIR.glob("*.yml")):
        spec = load_descriptor(descriptor)
        name = spec.name
        for path in (spec.csv_path, spec.descriptor_path):
            shutil.copyfile(path, target / path.name)
            files.append(target / path.name)
        resources.append({"name": name, "title": spec.title, "path": spec.csv_path.name,
                          "schema_description": spec.descriptor_path.name, "licenses": [{"name": spec.licence}],
                          "format": "csv", "mediatype": "text/csv", "encoding": "utf-8"})
    edition = load_edition()
    package = {"name": "reassurance-force-briefing-data", "version": edition.version,
               "created": edition.published.isoformat(), "licenses": [{"name": "CC-BY-4.0"}],
               "resources": resources}
    manifest = target / "datapackage.json"
    manifest.write_text(json.dumps(package, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    shutil.copyfile(ROOT / "references.bib", target / "references.bib")
    files += [manifest, target / "references.bib"]
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
        source = app.env.doc2path(docname, base=False)
        lastmod = last_changed(str(source)) or load_edition().published.isoformat()
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
