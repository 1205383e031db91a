"""The run's Parquet tables as the notebooks read them: columns checked, error rows split off and
counted, each configuration labelled as the jobs' plots label it (ConfigId.seriesLabel in Java).

Column names are those of jobs/src/main/java/io/iwpspark/jobs/schema/{Predictions,Tradeoffs}.java.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

UNPRUNED = "unpruned"

# The columns the notebooks read; a table without one of them fails on load, naming it.
PREDICTION_COLUMNS = (
    "sample_id", "benchmark", "category", "config_id", "method", "budget", "params", "score",
    "agrees_with_unpruned", "mean_visual_tokens", "prefill_flops",
    "dual_weight_error_exp", "dual_weight_error_linear", "error",
)
TRADEOFF_COLUMNS = (
    "benchmark", "config_id", "method", "budget", "params", "samples", "errors", "metric",
    "metric_name", "ci_low", "ci_high", "retention", "agreement", "relative_flops",
    "mean_visual_tokens", "latency_ms_p50", "latency_ms_p95",
    "dual_weight_error_exp", "dual_weight_error_linear", "pareto",
)

# Nullable pandas types, so an int or bool column with nulls (error rows) keeps its type.
_NULLABLE = {pa.bool_(): pd.BooleanDtype(), pa.int32(): pd.Int32Dtype(), pa.int64(): pd.Int64Dtype()}


@dataclass(frozen=True)
class Run:
    """A run's two tables, each with a `series` column (method and parameters, not the budget)."""
    path: Path
    predictions: pd.DataFrame
    tradeoffs: pd.DataFrame


def params_dict(value) -> dict:
    """A Parquet map cell (None, a dict, or pyarrow's list of (key, value) pairs) as a dict."""
    if value is None:
        return {}
    if isinstance(value, dict):
        return dict(value)
    return {k: v for k, v in value}


def params_text(params: dict) -> str:
    """'k1=v1,k2=v2' in key order; '' for none (ConfigId.paramsText)."""
    return ",".join(f"{k}={params[k]}" for k in sorted(params))


def series_label(method: str, params: dict) -> str:
    """The curve a configuration belongs to: 'iwp (lambda=0.5)', 'random', 'unpruned'."""
    return method if not params else f"{method} ({params_text(params)})"


def series_order(labels) -> list:
    """Unpruned first, then the baselines alphabetically, then IWP last, as papers list 'ours'."""
    unique = sorted(set(labels))
    return ([s for s in unique if s == UNPRUNED]
            + [s for s in unique if s != UNPRUNED and not s.startswith("iwp")]
            + [s for s in unique if s.startswith("iwp")])


def read_table(path: Path, required) -> pd.DataFrame:
    """One Parquet folder written by Spark, with `params` as dicts and a `series` label column."""
    path = Path(path)
    if not path.is_dir():
        raise FileNotFoundError(f"expected a Parquet table folder at {path}, found none")
    df = pq.read_table(path).to_pandas(types_mapper=_NULLABLE.get)
    missing = [c for c in required if c not in df.columns]
    if missing:
        raise ValueError(f"table {path}: expected columns {missing}, found {sorted(df.columns)}")
    df["params"] = df["params"].map(params_dict)
    df["series"] = [series_label(m, p) for m, p in zip(df["method"], df["params"])]
    return df


def load_run(run) -> Run:
    """The predictions/ and tradeoffs/ tables under the run folder `run`."""
    root = Path(run)
    return Run(root, read_table(root / "predictions", PREDICTION_COLUMNS),
               read_table(root / "tradeoffs", TRADEOFF_COLUMNS))


def split_errors(predictions: pd.DataFrame):
    """(ok rows, error rows): a row whose `error` is set has no score and counts in no metric."""
    failed = predictions["error"].notna()
    return predictions[~failed].copy(), predictions[failed].copy()


def error_report(predictions: pd.DataFrame) -> pd.DataFrame:
    """Per benchmark and configuration with at least one error row: rows, errors, first message."""
    _, errors = split_errors(predictions)
    if errors.empty:
        return pd.DataFrame(columns=["benchmark", "config_id", "rows", "errors", "message"])
    rows = predictions.groupby(["benchmark", "config_id"]).size().rename("rows")
    out = (errors.groupby(["benchmark", "config_id"])
           .agg(errors=("error", "size"), message=("error", "first"))
           .join(rows).reset_index())
    return out[["benchmark", "config_id", "rows", "errors", "message"]]


def error_summary(predictions: pd.DataFrame) -> str:
    """One sentence: how many rows are error rows and are therefore left out."""
    _, errors = split_errors(predictions)
    configs = errors["config_id"].nunique()
    return (f"{len(errors)} of {len(predictions)} prediction rows are error rows "
            f"({configs} configuration(s)); they are left out of every number below.")


def figures_dir(run) -> Path:
    """Where the notebooks save figures: $IWP_FIGURES, else <run>/figures/notebooks."""
    target = Path(os.environ.get("IWP_FIGURES") or Path(run) / "figures" / "notebooks")
    target.mkdir(parents=True, exist_ok=True)
    return target


def save_figure(fig, directory: Path, name: str) -> list:
    """PNG (for reading) and SVG (for the paper) of `fig`; returns the two paths."""
    paths = [Path(directory) / f"{name}.{ext}" for ext in ("png", "svg")]
    for p in paths:
        fig.savefig(p, bbox_inches="tight", dpi=150)
    return paths
