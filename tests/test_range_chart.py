"""The one log-scale range chart: its axis fits the data, and every chart built on it draws real columns."""
from __future__ import annotations

import pandas as pd
import pytest

from analysis.concept_charts import size_ranges_chart
from analysis.obstacles_charts import scale_chart
from analysis.peacekeeping import input_bounds
from analysis.peacekeeping_charts import density_chart, front_density_chart, mission_sizes_chart
from analysis.range_chart import log_domain
from analysis.tables import load_table


def test_log_domain_rounds_outward_with_a_margin():
    assert log_domain([6000, 200000]) == [3000.0, 300000.0]
    assert log_domain([700, 200000]) == [300.0, 300000.0]
    assert log_domain([0.05, 800]) == [0.03, 2000.0]
    low, high = log_domain([1234, 98765])
    assert low <= 1234 / 1.5 and high >= 98765 * 1.5


def test_log_domain_rejects_what_a_log_axis_cannot_show():
    with pytest.raises(ValueError, match="values must be positive"):
        log_domain([0, 10])
    with pytest.raises(ValueError, match="at least one value"):
        log_domain([])


def _range_charts():
    sizes = load_table("force_size_estimates")
    options = sizes[sizes["scope"] == "coalition_total"]
    missions, inputs = load_table("precedent_missions"), load_table("density_inputs")
    fronts = inputs[(inputs["quantity"] == "front_line_length_km")
                    & inputs["definition"].isin(["active_front", "total_front"])]
    return [size_ranges_chart(sizes), scale_chart(load_table("armed_forces_scale"), sizes),
            mission_sizes_chart(missions, options),
            density_chart(missions, options, input_bounds(inputs, "population_gov_controlled_ukraine"), 20, 5),
            front_density_chart(options, fronts)]


def _unit_layers(spec: dict, data: str | None = None):
    """(dataset name, encoding) of every mark in a spec, following data down nested layers."""
    data = (spec.get("data") or {}).get("name", data)
    if "mark" in spec:
        yield data, spec.get("encoding", {})
    for child in spec.get("layer", []) + spec.get("hconcat", []) + spec.get("vconcat", []):
        yield from _unit_layers(child, data)


@pytest.mark.parametrize("figure", _range_charts(), ids=lambda f: f.name)
def test_every_mark_of_a_range_chart_draws_columns_its_data_has(figure):
    datasets = figure.spec["datasets"]
    logs = 0
    for name, encoding in _unit_layers(figure.spec):
        assert name in datasets, f"{figure.name}: a mark without data"
        columns = set(pd.DataFrame(datasets[name]).columns)
        for channel, definition in encoding.items():
            field = definition.get("field") if isinstance(definition, dict) else None
            if field and not definition.get("aggregate"):
                assert field in columns, f"{figure.name}: {channel} encodes '{field}', which its data lacks"
            if isinstance(definition, dict) and (definition.get("scale") or {}).get("type") == "log":
                low, high = definition["scale"]["domain"]
                values = pd.DataFrame(datasets[name])[field]
                assert low <= values.min() and values.max() <= high, f"{figure.name}: a figure falls off the axis"
                logs += 1
    assert logs >= 1, f"{figure.name} has no logarithmic axis"
