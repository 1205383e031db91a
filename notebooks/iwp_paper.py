"""Trade-off rows laid out like the tables of token-pruning papers: one block per budget
("Retain 64 tokens"), one row per method, one column per benchmark, the unpruned model on top as
the upper bound, each cell the benchmark's metric and its share of the unpruned one, and an
"Avg." column of those shares.
"""
from __future__ import annotations

import math

import pandas as pd

from iwp_tables import UNPRUNED, series_order

AVG = "Avg."
RANDOM = "random"
# Appended to a cell whose metric is below random's at the same budget and benchmark (UniPruneBench found
# most methods under random at high pruning ratios): random is the floor every row is read against.
BELOW_RANDOM = "\u25bd"


def block_label(budget, full_tokens, unpruned=False) -> str:
    """'Retain 8 tokens (\u219350.0%)' for a budget of 8 of 16 tokens; 'Upper bound, 16 tokens (100%)'."""
    known = full_tokens is not None and not pd.isna(full_tokens) and full_tokens > 0
    if unpruned:
        return f"Upper bound, {int(full_tokens)} tokens (100%)" if known else "Upper bound (100%)"
    b = int(budget)
    if not known:
        return f"Retain {b} tokens"
    return f"Retain {b} tokens (\u2193{100 * max(0.0, 1 - b / full_tokens):.1f}%)"


def column_label(benchmark: str, metric_name: str) -> str:
    return f"{benchmark} ({metric_name})"


def keyed(tradeoffs: pd.DataFrame) -> pd.DataFrame:
    """The trade-off rows with their table keys: `block`, `column`, and `relative` (% of unpruned)."""
    unpruned = tradeoffs[tradeoffs["method"] == UNPRUNED]
    if unpruned.empty:
        raise ValueError("trade-off table: expected an unpruned row per benchmark, found none")
    full = unpruned["mean_visual_tokens"].dropna().unique()
    # One input token count for all benchmarks lets the block say how much was cut.
    full_tokens = full[0] if len(full) == 1 else None
    t = tradeoffs.copy()
    t["block"] = [block_label(b, full_tokens, unpruned=(m == UNPRUNED))
                  for m, b in zip(t["method"], t["budget"])]
    t["column"] = [column_label(b, n) for b, n in zip(t["benchmark"], t["metric_name"])]
    t["relative"] = t["retention"].astype("Float64").astype(float) * 100
    return t


def paper_tables(tradeoffs: pd.DataFrame):
    """(absolute, relative): metric and metric relative to unpruned (%) by (block, series) x benchmark.

    `relative` also has the "Avg." column: the mean share over benchmarks, missing when any
    benchmark's share is missing (an average over fewer benchmarks would not compare to papers').
    """
    t = keyed(tradeoffs)
    order = _row_order(t)
    tables = []
    for value in ("metric", "relative"):
        wide = t.pivot_table(index=["block", "series"], columns="column", values=value,
                             aggfunc="first", dropna=False)
        tables.append(wide.reindex(order).astype(float))
    absolute, relative = tables
    relative[AVG] = relative.mean(axis=1, skipna=False)
    return absolute, relative


def _row_order(t: pd.DataFrame) -> pd.MultiIndex:
    """Upper bound first, then budgets from largest to smallest, methods in series_order."""
    series = series_order(t["series"])
    pairs = t[["block", "series", "method", "budget"]].drop_duplicates(["block", "series"])
    pairs = pairs.assign(
        top=(pairs["method"] != UNPRUNED).astype(int),
        b=-pairs["budget"].astype(float).fillna(math.inf),
        s=pairs["series"].map(series.index))
    pairs = pairs.sort_values(["top", "b", "s"])
    return pd.MultiIndex.from_frame(pairs[["block", "series"]])


def cell_text(value, share, errors=0, samples=0) -> str:
    """'61.2 (95.1%)'; 'error' when every sample failed; '†' marks a metric over fewer samples."""
    if samples and errors >= samples:
        return "error"
    if value is None or pd.isna(value):
        return "\u2013"
    text = f"{value:.1f}" + ("" if share is None or pd.isna(share) else f" ({share:.1f}%)")
    return text + ("\u2020" if errors else "")


def formatted(tradeoffs: pd.DataFrame) -> pd.DataFrame:
    """The paper table as text cells, ready to show or paste; a missing configuration reads '–'."""
    absolute, relative = paper_tables(tradeoffs)
    out = pd.DataFrame("\u2013", index=absolute.index, columns=list(absolute.columns) + [AVG])
    for r in keyed(tradeoffs).itertuples(index=False):
        out.loc[(r.block, r.series), r.column] = cell_text(r.metric, r.relative, r.errors, r.samples)
    below = versus_random(tradeoffs) < 0
    for (block, series), row in below.iterrows():
        for column, flag in row.items():
            if flag:
                out.loc[(block, series), column] += BELOW_RANDOM
    avg = relative[AVG]
    out[AVG] = [("\u2013" if pd.isna(a) else f"{a:.1f}%") for a in avg]
    return out


def versus_random(tradeoffs: pd.DataFrame) -> pd.DataFrame:
    """Metric minus random's metric at the same budget and benchmark, by (block, series) x benchmark column.

    NaN where the block has no random row for that benchmark or either metric is missing (the upper
    bound's block has no random row). Random's own row reads 0.
    """
    t = keyed(tradeoffs)
    floor = (t[t["method"] == RANDOM].groupby(["block", "column"])["metric"].first()
             .astype("Float64").astype(float))
    absolute, _ = paper_tables(tradeoffs)
    diff = absolute.copy()
    for (block, series) in absolute.index:
        for column in absolute.columns:
            r = floor.get((block, column), math.nan)
            diff.loc[(block, series), column] = absolute.loc[(block, series), column] - r
    return diff


def below_random(tradeoffs: pd.DataFrame) -> pd.DataFrame:
    """The (budget block, series, benchmark) cells whose metric is below random's, with both values."""
    diff = versus_random(tradeoffs)
    absolute, _ = paper_tables(tradeoffs)
    rows = [{"block": block, "series": series, "column": column,
             "metric": absolute.loc[(block, series), column],
             "random": absolute.loc[(block, series), column] - d}
            for (block, series), row in diff.iterrows() for column, d in row.items() if d < 0]
    return pd.DataFrame(rows, columns=["block", "series", "column", "metric", "random"])
