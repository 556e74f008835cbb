"""Sphinx-side glue for the briefing (offline charts, bibliography style, accessibility fixes)."""
