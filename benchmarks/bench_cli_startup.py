"""Benchmark: how fast the command line answers ``--help`` and a mistyped command (target < 0.5 s).

Each sample is a fresh ``python -m assessment`` process, timed from start to exit, so the
figure is what a person at the terminal waits: interpreter start-up, imports, parsing. Three
cases: ``--help`` in English and in French (which also reads the French catalogue), and an
argument error (``export`` without its required options), which argparse reports before any
command runs. Neither may load pandas, SQLAlchemy or reportlab
(``tests/unit/test_cli_startup.py`` checks that; this script measures the time).
Run: ``.venv/bin/python benchmarks/bench_cli_startup.py [--samples 15]``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
TARGET_S = 0.5
CASES = {
    "--help": ["--help"],
    "--help in French": ["--lang", "fr", "--help"],
    "argument error": ["export"],
}


def wall_times(arguments: list[str], samples: int) -> list[float]:
    """Start-to-exit seconds of ``samples`` fresh ``python -m assessment ARGUMENTS`` processes."""
    command = [sys.executable, "-m", "assessment", *arguments]
    times = []
    for _ in range(samples):
        began = time.perf_counter()
        subprocess.run(command, cwd=PROJECT_DIR, capture_output=True, check=False)
        times.append(time.perf_counter() - began)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=15)
    args = parser.parse_args()
    print(f"python -m assessment start-up: {args.samples} fresh processes each, target < {TARGET_S} s")
    for name, arguments in CASES.items():
        times = wall_times(arguments, args.samples)
        median = statistics.median(times)
        verdict = "ok" if median < TARGET_S else "over target"
        print(
            f"{name:<17} median {median:.3f} s, min {min(times):.3f} s, max {max(times):.3f} s  ({verdict})"
        )


if __name__ == "__main__":
    main()
