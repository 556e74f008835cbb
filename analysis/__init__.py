"""Data, computations and charts for the reassurance-force briefing.

Notebooks import from here only: loading validates every table, so a chapter never sees bad data.
"""
from .charts import ChartFigure, source_keys
from .edition import Edition, load_edition
from .errors import DataValidationError, Problem
from .sources import Source, load_sources
from .tables import (
    describe,
    load_command_decisions,
    load_force_size_estimates,
    load_front_reference_points,
    load_protected_sites,
    load_table,
    table_names,
)

__all__ = [
    "ChartFigure", "DataValidationError", "Edition", "Problem", "Source", "describe",
    "load_command_decisions", "load_edition", "load_force_size_estimates",
    "load_front_reference_points", "load_protected_sites", "load_sources", "load_table",
    "source_keys", "table_names",
]
