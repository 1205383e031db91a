import math

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import iwp_tables as T


def test_params_dict_reads_every_parquet_map_shape():
    assert T.params_dict(None) == {}
    assert T.params_dict([("lambda", "0.5"), ("alpha", "2")]) == {"lambda": "0.5", "alpha": "2"}
    assert T.params_dict({"k": "1"}) == {"k": "1"}


def test_series_label_matches_config_id_series_label():
    assert T.series_label("random", {}) == "random"
    assert T.series_label("iwp", {"lambda": "0.5", "alpha": "2"}) == "iwp (alpha=2,lambda=0.5)"


def test_series_order_puts_unpruned_first_and_iwp_last():
    labels = ["iwp (lambda=0.5)", "random", "unpruned", "divprune", "random"]
    assert T.series_order(labels) == ["unpruned", "divprune", "random", "iwp (lambda=0.5)"]


def _predictions():
    return pd.DataFrame({
        "benchmark": ["b"] * 5,
        "config_id": ["unpruned", "fastv|b=4", "fastv|b=4", "random|b=4", "random|b=4"],
        "error": [None, "k must be in [1, 1], found 2", "k must be in [1, 1], found 2", None, "oom"],
    })


def test_split_errors_separates_rows_with_error_set():
    ok, errors = T.split_errors(_predictions())
    assert list(ok["config_id"]) == ["unpruned", "random|b=4"]
    assert len(errors) == 3


def test_error_report_counts_errors_against_rows_per_configuration():
    report = T.error_report(_predictions()).set_index("config_id")
    assert report.loc["fastv|b=4", "errors"] == 2 and report.loc["fastv|b=4", "rows"] == 2
    assert report.loc["random|b=4", "errors"] == 1 and report.loc["random|b=4", "rows"] == 2
    assert report.loc["random|b=4", "message"] == "oom"
    assert "unpruned" not in report.index
    assert T.error_summary(_predictions()).startswith("3 of 5 prediction rows are error rows (2 configuration(s))")


def _write(folder, table):
    folder.mkdir(parents=True)
    pq.write_table(table, folder / "part-00000.parquet")
    (folder / "_SUCCESS").write_text("")


def test_read_table_gives_dict_params_series_and_nullable_types(tmp_path):
    table = pa.table({
        "method": ["iwp", "fastv"],
        "budget": pa.array([8, None], pa.int32()),
        "params": pa.array([[("lambda", "0.5")], None], pa.map_(pa.string(), pa.string())),
        "agrees": pa.array([True, None], pa.bool_()),
    })
    _write(tmp_path / "t", table)
    df = T.read_table(tmp_path / "t", ["method", "budget", "params"])
    assert list(df["series"]) == ["iwp (lambda=0.5)", "fastv"]
    assert df["params"].iloc[0] == {"lambda": "0.5"}
    assert str(df["budget"].dtype) == "Int32" and df["budget"].iloc[0] == 8 and pd.isna(df["budget"].iloc[1])
    assert str(df["agrees"].dtype) == "boolean"


def test_read_table_names_the_missing_column_and_the_missing_folder(tmp_path):
    _write(tmp_path / "t", pa.table({"method": ["iwp"], "params": pa.array([None], pa.map_(pa.string(), pa.string()))}))
    with pytest.raises(ValueError, match=r"expected columns \['budget'\]"):
        T.read_table(tmp_path / "t", ["method", "budget", "params"])
    with pytest.raises(FileNotFoundError, match="nowhere"):
        T.read_table(tmp_path / "nowhere", ["method"])


def test_figures_dir_defaults_into_the_run_and_follows_the_override(tmp_path, monkeypatch):
    monkeypatch.delenv("IWP_FIGURES", raising=False)
    assert T.figures_dir(tmp_path / "run") == tmp_path / "run" / "figures" / "notebooks"
    assert (tmp_path / "run" / "figures" / "notebooks").is_dir()
    monkeypatch.setenv("IWP_FIGURES", str(tmp_path / "elsewhere"))
    assert T.figures_dir(tmp_path / "run") == tmp_path / "elsewhere"


def test_fixture_run_loads_with_its_error_rows():
    run = T.load_run(T.__file__.rsplit("/", 1)[0] + "/fixtures/small-run")
    ok, errors = T.split_errors(run.predictions)
    assert len(run.predictions) == 736 and len(errors) == 168
    assert set(errors["benchmark"]) == {"shapes_vqa"} and set(errors["budget"]) == {160}
    assert not math.isnan(run.tradeoffs.loc[run.tradeoffs["method"] == "unpruned", "relative_flops"].iloc[0])
