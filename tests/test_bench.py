"""The bench commands run end to end on small inputs; their figures are read by people, not asserted here."""

from conftest import run_cli

from taskrank.bench import PARSE_FAMILIES, bench_parse


def test_bench_parse_covers_every_family_with_items():
    results = bench_parse(pages=30)
    assert [r["family"] for r in results] == list(PARSE_FAMILIES)
    for result in results:
        assert result["items"] > 0 and result["pages"] >= 30
        assert result["baseline"].seconds > 0 and all(t.seconds > 0 for t in result["timings"])


def test_bench_commands_print_ratios_against_bare():
    done = run_cli("bench", "parse", "--pages", "20")
    assert done.returncode == 0, done.stderr
    assert "of bare" in done.stdout and "RSS/Atom feed" in done.stdout
    done = run_cli("bench", "load", "--rows", "2000")
    assert done.returncode == 0, done.stderr
    assert "bare read_json CTAS of bench-1" in done.stdout and "re-crawl, 10% changed" in done.stdout
    assert "x bare" in done.stdout and "listing versions after both runs: 2,200" in done.stdout


def test_bench_startup_times_each_command_beside_bare_python():
    done = run_cli("bench", "startup", "--runs", "1")
    assert done.returncode == 0, done.stderr
    for line in ("python -c pass:", "taskrank --help:", "taskrank top --help:", "taskrank --version:"):
        assert line in done.stdout
    assert done.stdout.count("x bare") == 3
