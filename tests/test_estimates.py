"""Time estimates stored per listing version: a re-rank estimates only new or changed versions, every profile reads
the stored ones, and a retrained model or new code renews them all."""

import pytest
from conftest import ROOT, land_three_runs

from ranking.rank import rank_listings
from taskrank import steps
from taskrank.settings import load_config
from warehouse import queries
from warehouse.connection import reader


@pytest.fixture
def config(tmp_path, data_dir):
    land_three_runs(data_dir / "landing")
    demo = (ROOT / "taskrank" / "demo" / "config.toml").read_text(encoding="utf-8")
    path = tmp_path / "config.toml"
    head, profiles = demo.split("[[sources]]")[0], demo.split("[[profiles]]", 1)[1]
    path.write_text(f"{head}[[profiles]]{profiles}", encoding="utf-8")
    return load_config(path)


@pytest.fixture
def estimated(monkeypatch) -> list[int]:
    """Rows each rank estimated, counted on their way into the real estimator."""
    counts: list[int] = []
    real = steps.estimate_table

    def counting(frame, *args):
        counts.append(len(frame))
        return real(frame, *args)

    monkeypatch.setattr(steps, "estimate_table", counting)
    return counts


def _stored(config) -> int:
    with reader(config.store) as con:
        return con.execute("SELECT count(*) FROM listing_estimates").fetchone()[0]


def test_a_rerank_estimates_only_the_versions_that_changed(config, estimated):
    steps.load(config, "r1")
    steps.rank(config, "r1")
    assert estimated == [9] and _stored(config) == 9
    steps.rank(config, "r1")
    assert estimated == [9], "a second ranking of the same listings estimates nothing"
    # r2: six of the nine seen again, the first paying more; only its new version is estimated.
    steps.load(config, "r2")
    steps.rank(config, "r2")
    assert estimated == [9, 1]
    # r3: all nine, the second paying more; the three back after a run without them keep their estimates.
    steps.load(config, "r3")
    ranked = steps.rank(config, "r3")
    assert estimated == [9, 1, 1] and _stored(config) == 9
    assert ranked["profiles"]["demo"]["ranked"] == 9 and (ranked["estimated"], ranked["reused"]) == (1, 8)
    # What every profile read from the stored estimates is what estimating afresh gives.
    with reader(config.store) as con:
        inputs = steps.ranking_inputs(con, config)
        fresh = rank_listings(queries.open_listings(con), config.profile("demo"), inputs, "r3")
        stored = queries.ranked(con, "demo").to_pylist()
    columns = ["listing_id", "minutes_p10", "minutes_used", "minutes_p90", "minutes_source", "rate_per_hour", "rank"]
    assert [[r[c] for c in columns] for r in sorted(stored, key=lambda r: r["rank"])] == [
        [r[c] for c in columns] for r in sorted(fresh.to_pylist(), key=lambda r: r["rank"])
    ]


def test_new_exchange_rates_or_a_new_model_renew_every_estimate(config, estimated):
    steps.load(config, "r1")
    steps.rank(config, "r1")
    moved = config.model_copy(update={"fx": config.fx.model_copy(update={"per_usd": config.fx.per_usd | {"GBP": 0.5}})})
    steps.load(moved, "r1")
    steps.rank(moved, "r1")
    assert estimated == [9, 9] and _stored(config) == 9


def test_the_demos_ranking_is_what_it_was_before_estimates_were_stored(demo_ran, data_dir):
    import csv

    from conftest import SYNTHETIC

    with (SYNTHETIC / "golden" / "demo_ranked.csv").open(encoding="utf-8") as handle:
        expected = list(csv.DictReader(handle))
    with reader(data_dir / "taskrank.duckdb") as con:
        got = con.execute(
            "SELECT profile, rank, platform, listing_id, minutes_used, rate_per_hour, p_above_minimum, below_minimum, "
            "demoted, array_to_string(reasons, ' | ') FROM ranked_listings ORDER BY profile, rank"
        ).fetchall()
    assert len(got) == len(expected)
    for row, want in zip(got, expected, strict=True):
        assert [str(v) for v in row[:4]] == [want[k] for k in ("profile", "rank", "platform", "listing_id")]
        for value, name in zip(row[4:7], ("minutes_used", "rate_per_hour", "p_above_minimum"), strict=True):
            assert value == pytest.approx(float(want[name]), abs=1e-6, nan_ok=True) if want[name] else value is None
        flags = [str(row[7]).lower(), str(row[8]).lower(), row[9]]
        assert flags == [want["below_minimum"], want["demoted"], want["reasons"]]
