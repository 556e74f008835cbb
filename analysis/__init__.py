"""Data, computations and charts for the reassurance-force briefing.

One import style for notebooks: shared tools from here (`load_tables`, `glue_all`, `glue_plain`),
and the chapter's values function from its module (`from analysis.concept import concept_values`).
Loading validates every table, so a chapter never sees bad data.
Names are loaded on first use (PEP 562), so `import analysis.paths` from the Sphinx extension does
not pay for pandas and Altair on every build.
"""
from __future__ import annotations

import importlib

_EXPORTS = {
    "ChartFigure": "charts", "source_keys": "charts", "Claim": "claims", "glue_all": "claims", "glue_plain": "claims",
    "Edition": "edition", "load_edition": "edition",
    "DataValidationError": "errors", "Problem": "errors",
    "Source": "sources", "load_sources": "sources",
    "describe": "tables", "load_table": "tables", "load_tables": "tables", "table_names": "tables",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name not in _EXPORTS:
        raise AttributeError(f"module 'analysis' has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
