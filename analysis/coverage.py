"""How far the sources reach in time: the landing page states it, so readers know what is not covered."""
from __future__ import annotations

import datetime as dt

from .sources import Source, load_sources


def latest_dated_source(as_of: dt.date | None = None) -> Source:
    """The most recently published source that carries its own date (undated pages, dated by when we
    read them, say nothing about how current the information is), up to `as_of`."""
    if as_of is None:
        from .edition import load_edition

        as_of = load_edition().as_of
    dated = [s for s in load_sources().values() if not s.undated and s.date <= as_of]
    if not dated:
        raise ValueError("no dated source")
    return max(dated, key=lambda s: (s.date, s.key))
