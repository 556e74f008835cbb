"""A reader-facing catalogue of the data tables, built from their descriptors."""
from __future__ import annotations

import pandas as pd

from .paths import relative
from .tables import describe, load_table, table_names


def table_catalogue() -> pd.DataFrame:
    rows = []
    for name in table_names():
        spec = describe(name)
        rows.append({"table": spec.title, "file": relative(spec.csv_path), "rows": len(load_table(name)),
                     "fields": len(spec.fields), "licence": spec.licence})
    return pd.DataFrame(rows)
