import math

import pandas as pd
import pytest

import iwp_paper as P


def _row(bench, method, budget, metric, base, errors=0, samples=10, series=None, tokens=16.0):
    return {"benchmark": bench, "metric_name": "accuracy", "method": method, "budget": budget,
            "series": series or method, "metric": metric,
            "retention": (metric / base) if metric is not None and base else None,
            "errors": errors, "samples": samples, "mean_visual_tokens": tokens if method == "unpruned" else budget}


def _tradeoffs():
    rows = [
        _row("A", "unpruned", 16, 80.0, 80.0), _row("B", "unpruned", 16, 50.0, 50.0),
        _row("A", "random", 4, 40.0, 80.0), _row("B", "random", 4, 45.0, 50.0),
        _row("A", "iwp", 4, 60.0, 80.0, series="iwp (lambda=0.5)"),
        _row("B", "iwp", 4, 50.0, 50.0, series="iwp (lambda=0.5)"),
        _row("A", "random", 8, 72.0, 80.0, errors=2),
        _row("A", "fastv", 8, None, 80.0, errors=10),
    ]
    return pd.DataFrame(rows)


def test_block_label_states_the_share_of_tokens_cut():
    assert P.block_label(4, 16.0) == "Retain 4 tokens (\u219375.0%)"
    assert P.block_label(None, 16.0, unpruned=True) == "Upper bound, 16 tokens (100%)"
    assert P.block_label(4, None) == "Retain 4 tokens"


def test_paper_tables_hold_metric_and_share_of_unpruned_with_average():
    absolute, relative = P.paper_tables(_tradeoffs())
    cut4 = "Retain 4 tokens (\u219375.0%)"
    assert absolute.loc[(cut4, "random"), "A (accuracy)"] == 40.0
    assert relative.loc[(cut4, "random"), "A (accuracy)"] == pytest.approx(50.0)
    assert relative.loc[(cut4, "random"), "B (accuracy)"] == pytest.approx(90.0)
    assert relative.loc[(cut4, "random"), P.AVG] == pytest.approx(70.0)
    assert relative.loc[(cut4, "iwp (lambda=0.5)"), P.AVG] == pytest.approx((75.0 + 100.0) / 2)
    # budget 8 ran on A only: no average over one of two benchmarks
    assert math.isnan(relative.loc[("Retain 8 tokens (\u219350.0%)", "random"), P.AVG])


def test_rows_run_upper_bound_then_budgets_down_then_iwp_last():
    absolute, _ = P.paper_tables(_tradeoffs())
    assert list(absolute.index) == [
        ("Upper bound, 16 tokens (100%)", "unpruned"),
        ("Retain 8 tokens (\u219350.0%)", "fastv"), ("Retain 8 tokens (\u219350.0%)", "random"),
        ("Retain 4 tokens (\u219375.0%)", "random"), ("Retain 4 tokens (\u219375.0%)", "iwp (lambda=0.5)"),
    ]


def test_formatted_cells_mark_errors_and_missing_configurations():
    text = P.formatted(_tradeoffs())
    cut8 = "Retain 8 tokens (\u219350.0%)"
    assert text.loc[(cut8, "random"), "A (accuracy)"] == "72.0 (90.0%)\u2020"
    assert text.loc[(cut8, "fastv"), "A (accuracy)"] == "error"
    assert text.loc[(cut8, "random"), "B (accuracy)"] == "\u2013"
    assert text.loc[("Retain 4 tokens (\u219375.0%)", "random"), P.AVG] == "70.0%"


def test_a_table_without_unpruned_rows_is_refused():
    t = _tradeoffs()
    with pytest.raises(ValueError, match="unpruned"):
        P.paper_tables(t[t["method"] != "unpruned"])


def _with_a_loser():
    rows = _tradeoffs().to_dict("records")
    rows.append(_row("A", "pool", 4, 30.0, 80.0))
    rows.append(_row("B", "pool", 4, 45.0, 50.0))
    return pd.DataFrame(rows)


def test_versus_random_is_the_difference_to_random_in_the_same_block_and_benchmark():
    diff = P.versus_random(_with_a_loser())
    cut4 = "Retain 4 tokens (\u219375.0%)"
    assert diff.loc[(cut4, "pool"), "A (accuracy)"] == pytest.approx(-10.0)
    assert diff.loc[(cut4, "pool"), "B (accuracy)"] == pytest.approx(0.0)
    assert diff.loc[(cut4, "iwp (lambda=0.5)"), "A (accuracy)"] == pytest.approx(20.0)
    assert diff.loc[(cut4, "random"), "A (accuracy)"] == pytest.approx(0.0)
    # the upper bound's block has no random row
    assert math.isnan(diff.loc[("Upper bound, 16 tokens (100%)", "unpruned"), "A (accuracy)"])


def test_cells_below_random_are_marked_and_listed_ties_are_not():
    t = _with_a_loser()
    text = P.formatted(t)
    cut4 = "Retain 4 tokens (\u219375.0%)"
    assert text.loc[(cut4, "pool"), "A (accuracy)"] == "30.0 (37.5%)" + P.BELOW_RANDOM
    assert text.loc[(cut4, "pool"), "B (accuracy)"] == "45.0 (90.0%)"
    below = P.below_random(t)
    assert below[["series", "column", "metric", "random"]].values.tolist() == [["pool", "A (accuracy)", 30.0, 40.0]]
