"""Data, computations and charts for the reassurance-force briefing.

Notebooks import from here only: loading validates every table, so a chapter never sees bad data.
Names are loaded on first use (PEP 562), so `import analysis.paths` from the Sphinx extension does
not pay for pandas and Altair on every build.
"""
from __future__ import annotations

import importlib

_EXPORTS = {
    "ChartFigure": "charts", "source_keys": "charts",
    "Edition": "edition", "load_edition": "edition",
    "DataValidationError": "errors", "Problem": "errors",
    "Source": "sources", "load_sources": "sources",
    "describe": "tables", "load_command_decisions": "tables", "load_force_size_estimates": "tables",
    "load_front_reference_points": "tables", "load_protected_sites": "tables", "load_table": "tables",
    "table_names": "tables",
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
