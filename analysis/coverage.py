"""How current a chapter is: the date of the latest event its data cover, shown under its title and on
the landing page, so readers know what is not covered."""
from __future__ import annotations

from .sources import load_sources


def latest_event(tables):
    """The latest dated event among the rows a chapter uses, as a claim: how current the chapter is.

    Every date field of every table counts, except those declared as future dates (deadlines, planned
    ends), which say nothing about how current the information is, and rows we know only from a
    headline (`read_in_full` = no), which are too thin to date a chapter by. A date that is only the
    day we read an undated page (the row's sources are all undated and carry that date) is no event.
    """
    import pandas as pd

    from .claims import claim
    from .tables import describe

    sources = load_sources()
    best, best_rows = None, []
    for name, frame in tables.items():
        spec = describe(name)
        usable = frame
        if "read_in_full" in frame.columns:
            usable = frame[frame["read_in_full"].fillna(False).astype(bool)]
        if "date_basis" in frame.columns:
            usable = usable[usable["date_basis"] != "accessed"]
        for field in spec.fields:
            if field.type != "date" or getattr(field, "future", False) or usable[field.name].isna().all():
                continue

            def is_event(row, field=field.name) -> bool:
                keys = [row[f] for f in spec.source_fields if pd.notna(row[f])]
                accessed = [sources[k] for k in keys if sources[k].undated]
                return not (keys and len(accessed) == len(keys)
                            and all(pd.Timestamp(s.date) == row[field] for s in accessed))

            dated = usable[usable[field.name].notna()]
            dated = dated[dated.apply(is_event, axis=1)] if len(dated) else dated
            if dated.empty:
                continue
            usable_field = dated
            latest = usable_field[field.name].max()
            if best is None or latest > best:
                best, best_rows = latest, [usable_field[usable_field[field.name] == latest]]
            elif latest == best:
                best_rows.append(usable_field[usable_field[field.name] == latest])
    if best is None:
        raise ValueError(f"no dated row in {sorted(tables)}")
    return claim(f"{pd.Timestamp(best):%-d %B %Y}", pd.Timestamp(best).date(),
                 "latest date of an event in the rows this chapter uses", *best_rows)
