"""Per-sample statistics over the predictions table: each pruned answer beside the unpruned answer
to the same question, whether the dual-weight error predicts a changed answer or a lost point
(rank correlation, AUC, binned rates, a logistic fit), and the breakdown by question category.
All functions take ok rows only (iwp_tables.split_errors).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from iwp_tables import UNPRUNED

DUAL_ERRORS = ("dual_weight_error_exp", "dual_weight_error_linear")


def paired_with_unpruned(ok: pd.DataFrame) -> pd.DataFrame:
    """Pruned rows with `score_unpruned`, `drop` (unpruned score - score) and `changed` (answer differs)."""
    if ok["error"].notna().any():
        raise ValueError("paired_with_unpruned: expected ok rows only, found rows with `error` set")
    base = ok[ok["method"] == UNPRUNED][["benchmark", "sample_id", "score"]]
    if base.empty:
        raise ValueError("predictions: expected unpruned rows to pair with, found none")
    if base.duplicated(["benchmark", "sample_id"]).any():
        raise ValueError("predictions: expected one unpruned row per (benchmark, sample_id), found duplicates")
    pruned = ok[ok["method"] != UNPRUNED]
    out = pruned.merge(base.rename(columns={"score": "score_unpruned"}),
                       on=["benchmark", "sample_id"], how="inner", validate="many_to_one")
    out["drop"] = out["score_unpruned"] - out["score"]
    out["changed"] = ~out["agrees_with_unpruned"].astype(bool)
    return out


def auc(values, labels) -> float:
    """P(value of a positive > value of a negative), ties counting one half; NaN without both classes."""
    v = np.asarray(values, dtype=float)
    y = np.asarray(labels, dtype=bool)
    pos, neg = v[y], v[~y]
    if len(pos) == 0 or len(neg) == 0:
        return float("nan")
    greater = (pos[:, None] > neg[None, :]).sum()
    ties = (pos[:, None] == neg[None, :]).sum()
    return float((greater + 0.5 * ties) / (len(pos) * len(neg)))


def spearman(x, y) -> float:
    """Rank correlation; NaN when either side is constant (no ranking to compare)."""
    xs, ys = pd.Series(x, dtype=float), pd.Series(y, dtype=float)
    if xs.nunique() < 2 or ys.nunique() < 2:
        return float("nan")
    return float(xs.rank().corr(ys.rank()))


def binned_rates(x, y, bins: int = 4) -> pd.DataFrame:
    """Quantile bins of x: the count, mean x and mean y (a rate, for a 0/1 y) in each."""
    if bins < 1:
        raise ValueError(f"bins must be >= 1, found {bins}")
    frame = pd.DataFrame({"x": np.asarray(x, dtype=float), "y": np.asarray(y, dtype=float)})
    frame["bin"] = pd.qcut(frame["x"], q=bins, duplicates="drop")
    return (frame.groupby("bin", observed=True)
            .agg(n=("y", "size"), mean_x=("x", "mean"), rate=("y", "mean")).reset_index())


@dataclass(frozen=True)
class LogisticFit:
    """P(y = 1 | x) = 1 / (1 + exp(-(intercept + slope * x))); converged False under separation."""
    intercept: float
    slope: float
    converged: bool


def logistic_fit(x, y, iterations: int = 100, tolerance: float = 1e-10):
    """Maximum-likelihood logistic regression of 0/1 y on x by Newton's method; None when y or x
    is constant (the slope is then not identified)."""
    xs = np.asarray(x, dtype=float)
    ys = np.asarray(y, dtype=float)
    if len(xs) != len(ys):
        raise ValueError(f"x and y must have the same length, found {len(xs)} and {len(ys)}")
    if not np.isin(ys, (0.0, 1.0)).all():
        raise ValueError("y must hold only 0 and 1")
    if len(np.unique(ys)) < 2 or len(np.unique(xs)) < 2:
        return None
    design = np.column_stack([np.ones_like(xs), xs])  # (n, 2)
    beta = np.zeros(2)  # (2,): intercept, slope
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-(design @ beta)))  # (n,)
        gradient = design.T @ (ys - p)  # (2,)
        hessian = design.T @ (design * (p * (1 - p))[:, None])  # (2, 2)
        if np.linalg.cond(hessian) > 1e12:
            return LogisticFit(float(beta[0]), float(beta[1]), False)
        step = np.linalg.solve(hessian, gradient)
        beta = beta + step
        if np.abs(step).max() < tolerance:
            return LogisticFit(float(beta[0]), float(beta[1]), True)
    return LogisticFit(float(beta[0]), float(beta[1]), False)


def dual_error_summary(paired: pd.DataFrame, error_column: str) -> pd.DataFrame:
    """Per series: how well the dual-weight error ranks changed answers and lost points."""
    rows = []
    for series, g in paired.groupby("series", sort=True):
        fit = logistic_fit(g[error_column], g["changed"].astype(float))
        rows.append({
            "series": series, "n": len(g),
            "mean_error": g[error_column].mean(),
            "changed_rate": g["changed"].mean(),
            "mean_drop": g["drop"].mean(),
            "spearman_error_vs_drop": spearman(g[error_column], g["drop"]),
            "auc_error_for_change": auc(g[error_column], g["changed"]),
            "logit_slope": np.nan if fit is None or not fit.converged else fit.slope,
        })
    return pd.DataFrame(rows)


def category_breakdown(ok: pd.DataFrame) -> pd.DataFrame:
    """Per benchmark, category and configuration: samples, mean score (%) and agreement (%)."""
    c = ok.assign(category=ok["category"].fillna("(none)"),
                  agree=ok["agrees_with_unpruned"].astype(float))
    return (c.groupby(["benchmark", "category", "series", "budget"], dropna=False)
            .agg(n=("score", "size"), score_pct=("score", "mean"), agreement_pct=("agree", "mean"))
            .assign(score_pct=lambda d: 100 * d["score_pct"],
                    agreement_pct=lambda d: 100 * d["agreement_pct"])
            .reset_index())
