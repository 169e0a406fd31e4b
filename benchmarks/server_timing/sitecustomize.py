"""Loaded by ``benchmarks/bench_app.py`` into a ``streamlit run`` process (via PYTHONPATH).

Appends one line per script run to the file named by ``WAYFINDER_BENCH_TIMINGS``: the
seconds Streamlit's ``ScriptRunner._run_script`` took (widget callbacks plus the page
script, or only the fragment for a fragment rerun), whether it was a fragment run, and
whether it was an automatic (``run_every``) rerun. The app itself is not changed.
"""

import os
import time

from streamlit.runtime.scriptrunner.script_runner import ScriptRunner

_TIMINGS = os.environ["WAYFINDER_BENCH_TIMINGS"]
_run_script = ScriptRunner._run_script


def _timed_run_script(self, rerun_data):
    started = time.perf_counter()
    try:
        _run_script(self, rerun_data)
    finally:
        elapsed = time.perf_counter() - started
        with open(_TIMINGS, "a", encoding="utf-8") as timings:
            timings.write(
                f"{elapsed:.6f} {int(bool(rerun_data.fragment_id_queue))} {int(rerun_data.is_auto_rerun)}\n"
            )


ScriptRunner._run_script = _timed_run_script
