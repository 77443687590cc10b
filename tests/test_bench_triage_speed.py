"""bench.triage_speed runs this tree's rules and an older commit's side by side (the figures
themselves belong to the bench, not to a test: only that the harness works is checked). The
"older" tree here is HEAD, which every clone has, shallow ones included."""

from __future__ import annotations

from bench.triage_speed import measure


def test_both_trees_and_the_regex_pass_are_timed_in_one_run() -> None:
    result = measure(rounds=2, n_posts=30, commit="HEAD")
    rates = result["per_s_best_cpu"]
    assert isinstance(rates, dict)
    assert set(rates) == {"rules_now", "rules_before", "regex_pass"}
    assert all(rate > 0 for rate in rates.values())
    assert result["posts"] == 30
    assert isinstance(result["now_vs_before"], float)
    load = result["load_average_1min"]
    assert isinstance(load, list) and len(load) == 3  # before the rounds and after each
