import math

import numpy as np
import pandas as pd
import pytest

import iwp_stats as S


def test_auc_counts_ties_as_half():
    # pairs (pos, neg): (.9,.5) (.9,.1) (.5,.5)=tie (.5,.1) -> 3.5 of 4
    assert S.auc([0.9, 0.5, 0.5, 0.1], [True, True, False, False]) == pytest.approx(0.875)
    assert math.isnan(S.auc([0.1, 0.2], [True, True]))


def test_spearman_is_one_for_monotone_and_nan_for_constant():
    assert S.spearman([1, 2, 3, 4], [1, 4, 9, 16]) == pytest.approx(1.0)
    assert S.spearman([1, 2, 3], [3, 2, 1]) == pytest.approx(-1.0)
    assert math.isnan(S.spearman([1, 2, 3], [0, 0, 0]))


def test_logistic_fit_matches_the_closed_form_for_a_binary_predictor():
    # x=0: 3 of 4 positive -> intercept logit(3/4); x=1: 1 of 5 positive -> slope logit(1/5) - logit(3/4)
    x = [0, 0, 0, 0, 1, 1, 1, 1, 1]
    y = [1, 1, 1, 0, 1, 0, 0, 0, 0]
    fit = S.logistic_fit(x, y)
    assert fit.converged
    assert fit.intercept == pytest.approx(math.log(3), abs=1e-9)
    assert fit.slope == pytest.approx(math.log(0.25) - math.log(3), abs=1e-9)


def test_logistic_fit_reports_separation_and_refuses_constant_or_bad_input():
    assert not S.logistic_fit([0.1, 0.2, 0.8, 0.9], [0, 0, 1, 1]).converged
    assert S.logistic_fit([0.1, 0.2, 0.3], [1, 1, 1]) is None
    with pytest.raises(ValueError, match="only 0 and 1"):
        S.logistic_fit([0.1, 0.2], [0, 2])


def test_binned_rates_split_at_quantiles():
    rates = S.binned_rates(range(1, 9), [0, 0, 0, 1, 0, 1, 1, 1], bins=2)
    assert list(rates["n"]) == [4, 4]
    assert list(rates["rate"]) == [0.25, 0.75]
    assert list(rates["mean_x"]) == [2.5, 6.5]


def _ok():
    return pd.DataFrame({
        "benchmark": ["b"] * 6, "sample_id": ["s1", "s2", "s1", "s2", "s1", "s2"],
        "category": ["color", "count", "color", "count", "color", None],
        "method": ["unpruned", "unpruned", "iwp", "iwp", "random", "random"],
        "series": ["unpruned", "unpruned", "iwp", "iwp", "random", "random"],
        "budget": [16, 16, 4, 4, 4, 4],
        "score": [1.0, 0.0, 1.0, 1.0, 0.0, 0.0],
        "agrees_with_unpruned": pd.array([True, True, True, False, False, True], dtype="boolean"),
        "dual_weight_error_exp": [0.0, 0.0, 0.2, 0.6, 0.9, 0.1],
        "error": [None] * 6,
    })


def test_paired_with_unpruned_gives_drop_and_changed_per_pruned_row():
    p = S.paired_with_unpruned(_ok()).set_index(["series", "sample_id"])
    assert len(p) == 4
    assert p.loc[("iwp", "s2"), "drop"] == -1.0 and p.loc[("iwp", "s2"), "changed"]
    assert p.loc[("random", "s1"), "drop"] == 1.0 and p.loc[("random", "s1"), "changed"]
    assert p.loc[("random", "s2"), "drop"] == 0.0 and not p.loc[("random", "s2"), "changed"]


def test_paired_with_unpruned_refuses_error_rows_and_missing_baseline():
    bad = _ok().assign(error=[None, None, "oom", None, None, None])
    with pytest.raises(ValueError, match="ok rows only"):
        S.paired_with_unpruned(bad)
    with pytest.raises(ValueError, match="unpruned rows"):
        S.paired_with_unpruned(_ok().query("method != 'unpruned'"))


def test_dual_error_summary_per_series():
    s = S.dual_error_summary(S.paired_with_unpruned(_ok()), "dual_weight_error_exp").set_index("series")
    assert s.loc["random", "auc_error_for_change"] == 1.0  # changed s1 has the larger error
    assert s.loc["random", "changed_rate"] == 0.5 and s.loc["random", "mean_drop"] == 0.5
    assert s.loc["iwp", "mean_error"] == pytest.approx(0.4)
    assert math.isnan(s.loc["random", "logit_slope"])  # two points, perfectly separated


def test_category_breakdown_scores_and_agreement_in_percent():
    c = S.category_breakdown(_ok()).set_index(["series", "category"])
    assert c.loc[("iwp", "count"), "score_pct"] == 100.0
    assert c.loc[("iwp", "count"), "agreement_pct"] == 0.0
    assert c.loc[("random", "(none)"), "n"] == 1
    assert c.loc[("unpruned", "color"), "score_pct"] == 100.0
