"""Time to crime read from per-day counts gives the figures of one value per weapon."""

import statistics

from hypothesis import given
from hypothesis import strategies as st

from salw.analytics.domain import time_to_crime

day_counts = st.lists(st.tuples(st.integers(0, 5000), st.integers(1, 40)), max_size=30)


def _one_value_per_weapon(*histograms):
    return sorted(days for histogram in histograms for days, weapons in histogram for _ in range(weapons))


@given(day_counts, day_counts)
def test_quartiles_from_counts_are_those_of_the_values_written_out(from_diversion, from_legal_transfer):
    summary = time_to_crime(from_diversion, from_legal_transfer)
    values = _one_value_per_weapon(from_diversion, from_legal_transfer)

    assert summary.cases == len(values)
    assert summary.from_diversion == sum(weapons for _, weapons in from_diversion)
    assert summary.from_legal_transfer == sum(weapons for _, weapons in from_legal_transfer)
    if not values:
        assert summary.median_days is None and summary.p25_days is None
        return
    assert summary.median_days == statistics.median(values)
    if len(values) >= 2:
        quartiles = statistics.quantiles(values, n=4, method="inclusive")
        assert (summary.p25_days, summary.p75_days) == (quartiles[0], quartiles[2])
    else:
        assert summary.p25_days is None


def test_a_hand_counted_example():
    # Days per weapon: 10, 10, 30 | 100, 400, 400 -> median (30 + 100) / 2; inclusive quartiles at
    # positions 1.25 and 3.75 of 0..5.
    summary = time_to_crime([(10, 2), (30, 1)], [(400, 2), (100, 1)])

    assert (summary.cases, summary.from_diversion, summary.from_legal_transfer) == (6, 3, 3)
    assert summary.median_days == 65.0
    assert summary.p25_days == 15.0
    assert summary.p75_days == 325.0
    assert summary.few_cases is False
