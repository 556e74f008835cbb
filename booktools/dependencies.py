"""Which data files and modules each page really reads, recorded while its notebook executes.

A page must be re-executed, and its "Last updated" date must move, when a file it depends on
changes; the files it does not read must not matter. Reading the code cannot tell which tables a
page loads through `analysis`, so the kernel records it: an IPython start-up script (in an
IPYTHONDIR of the build's own) installs an audit hook that logs every file under the repository the
kernel opens. After the page is read, the extension registers each logged file as a Sphinx
dependency of that page (Sphinx then re-reads the page when one changes, and re-reading executes).
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOG_VARIABLE = "BRIEFING_DEPENDENCY_LOG"
BOOK_VARIABLE = "BRIEFING_BOOK_DIR"  # the book being built, when it is not this repository
STARTUP = "import booktools.dependencies as _deps\n_deps.record_reads()\ndel _deps\n"
# Opened by the kernel but not inputs of the page: the environment, the build, git, editor state.
# booktools is the recorder itself, loaded by the kernel's start-up script, not by the page.
IGNORED = {".venv", "_build", ".git", ".ipynb_checkpoints", ".pytest_cache", "booktools"}


# --- in the kernel -------------------------------------------------------------------------------

def source_of(path: Path, roots: tuple[Path, ...] = (ROOT,)) -> Path | None:
    """The file under one of `roots` that `path` stands for (a module for its .pyc), or None if it is
    not an input of the page."""
    for root in roots:
        try:
            rel = path.resolve().relative_to(root)
        except (ValueError, OSError):
            continue
        if IGNORED & set(rel.parts):
            return None
        if rel.parts[-2:-1] == ("__pycache__",):
            rel = rel.parent.parent / (rel.name.split(".")[0] + ".py")
        return root / rel if (root / rel).is_file() else None
    return None


def record_reads() -> None:
    """Log each repository file this process opens for reading, once, to $BRIEFING_DEPENDENCY_LOG."""
    target = os.environ.get(LOG_VARIABLE)
    if not target:
        return
    log = open(target, "a", encoding="utf-8")  # opened once: writing must not trigger the hook again
    roots = tuple(dict.fromkeys([Path(os.environ.get(BOOK_VARIABLE, ROOT)).resolve(), ROOT]))
    seen: set[Path] = set()

    def hook(event: str, args: tuple) -> None:
        if event != "open" or not isinstance(args[0], (str, os.PathLike)):
            return
        mode, flags = (args[1] if len(args) > 1 else None), (args[2] if len(args) > 2 else 0)
        if (isinstance(mode, str) and any(c in mode for c in "wax+")) or \
                (isinstance(flags, int) and flags & (os.O_WRONLY | os.O_RDWR)):
            return
        path = source_of(Path(os.fsdecode(args[0])), roots)
        if path is not None and path not in seen:
            seen.add(path)
            log.write(f"{path}\n")
            log.flush()

    sys.addaudithook(hook)
    # Modules imported before the hook (this one's package) are inputs too.
    for module in list(sys.modules.values()):
        if getattr(module, "__file__", None):
            hook("open", (module.__file__, "r"))


# --- in Sphinx -----------------------------------------------------------------------------------

def _log_path(app, docname: str) -> Path:
    return Path(app.doctreedir).parent / "dependency-logs" / (docname.replace("/", "--") + ".txt")


def _is_notebook_with_code(source: str) -> bool:
    return "kernelspec" in source[:2000] and "{code-cell}" in source


def _builder_inited(app) -> None:
    ipython = Path(app.doctreedir).parent / "ipython"
    startup = ipython / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-briefing-dependencies.py").write_text(STARTUP, encoding="utf-8")
    # Kernels inherit the environment of the process that starts them: this one.
    os.environ["IPYTHONDIR"] = str(ipython)
    os.environ[BOOK_VARIABLE] = str(Path(app.srcdir).resolve())


def _source_read(app, docname: str, source: list[str]) -> None:
    log = _log_path(app, docname)
    log.unlink(missing_ok=True)
    if _is_notebook_with_code(source[0]):
        log.parent.mkdir(parents=True, exist_ok=True)
        os.environ[LOG_VARIABLE] = str(log)
    else:
        os.environ.pop(LOG_VARIABLE, None)


def _doctree_read(app, doctree) -> None:
    docname = app.env.docname
    log = _log_path(app, docname)
    os.environ.pop(LOG_VARIABLE, None)
    if not log.exists():
        if _is_notebook_with_code(Path(app.env.doc2path(docname)).read_text(encoding="utf-8")):
            from sphinx.util import logging
            logging.getLogger(__name__).warning(
                "its notebook ran without recording which files it read, so a change to its data would "
                "not rebuild it", location=docname)
        return
    for path in sorted(set(log.read_text(encoding="utf-8").splitlines())):
        app.env.note_dependency(path)


def dependencies(env, docname: str) -> list[Path]:
    """The files a page depends on, as registered in the build environment (absolute paths)."""
    return sorted(Path(env.srcdir, dep) for dep in env.dependencies.get(docname, ()))


def setup(app) -> None:
    app.connect("builder-inited", _builder_inited)
    app.connect("source-read", _source_read)
    app.connect("doctree-read", _doctree_read)
