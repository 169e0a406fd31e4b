"""The scale benchmark, small: two replicas on PostgreSQL behind nginx, facilitators' live views on
both, a few Chromium participants and 40 simulated ones. It checks what must hold on any machine
(nothing lost, duplicated or wrong; both views agree with the database; no replica over its
connection budget) and leaves latency to the full run (``benchmarks/bench_scale.py``), which
compares it on a quiet machine. Skips, saying why, without nginx, PostgreSQL or Chromium."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import deployment

pytestmark = pytest.mark.e2e

BENCH = Path(deployment.PROJECT_DIR) / "benchmarks" / "bench_scale.py"


@pytest.fixture(scope="module")
def report() -> str:
    for reason in (deployment.nginx_reason(), deployment.postgres_reason()):
        if reason:
            pytest.skip(reason)
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("/usr/bin/chromium is missing (scripts/system-deps.sh installs it as root)")
    finished = subprocess.run(
        [sys.executable, str(BENCH), "--participants", "40", "--answers", "3", "--browsers", "2",
         "--browser-answers", "3", "--baseline-participants", "1", "--think", "0.5",
         "--browser-delay", "2", "--sim-think", "0.2"],
        capture_output=True, text=True, timeout=600, check=False,
        # A short pool timeout: cached results settle sooner after the last save (rules.settled).
        env={**os.environ, "WAYFINDER_DB_POOL_TIMEOUT": "5"},
    )  # fmt: skip
    return finished.stdout + finished.stderr


def test_every_answer_sent_is_stored_once_and_right(report):
    found = re.search(r"answers: saved (\d+), lost (\d+), duplicated (\d+), wrong (\d+)", report)
    assert found, report
    saved, lost, duplicated, wrong = map(int, found.groups())
    assert saved >= 40 * 3 * 0.5, report  # distinct answers: 40 × (3 − the changed one) at least
    assert (lost, duplicated, wrong) == (0, 0, 0), report
    assert "errors: 0" in report, report


def test_both_replicas_facilitator_views_agree_with_the_database(report):
    assert re.search(r"facilitator views .*: both agree", report), report


def test_no_replica_goes_over_its_connection_budget(report):
    budgets = re.findall(r"at most (\d+) database connections \(budget (\d+)", report)
    assert len(budgets) == 2, report
    assert all(int(used) <= int(budget) for used, budget in budgets), report


def test_a_quiet_live_view_refresh_is_one_statement_with_few_answers_and_with_many(report):
    """Nobody answering: each refresh reads only the workshop's pulse, before and after the load."""
    found = re.findall(r"live view refresh with (\d+) answers: (\d+) SQL statements", report)
    assert len(found) == 2 and int(found[1][0]) > int(found[0][0]), report
    assert [int(statements) for _, statements in found] == [1, 1], report
