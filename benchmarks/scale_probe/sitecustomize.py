"""Loaded by ``benchmarks/bench_scale.py`` into each replica (via PYTHONPATH); the app is unchanged.

Appends one JSON line per script run to the file named by ``WAYFINDER_BENCH_PROBE``: the
page and its query string, whether it was a fragment run and an automatic (``run_every``)
one, when it ended (``at``, epoch seconds) and its seconds, and
how many SQL statements it sent (every engine's ``before_cursor_execute``, counted on the
script's own thread, cached functions included). The benchmark reads the workshop page's
automatic fragment runs from it: what one refresh of the facilitator's live view costs.
Garbage collections of 10 ms or more get a line too (``gc``: the generation): they pause
every thread of the replica.
"""

import gc
import json
import os
import threading
import time

from sqlalchemy import event
from sqlalchemy.engine import Engine
from streamlit.runtime.scriptrunner.script_runner import ScriptRunner
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

_PROBE = os.environ["WAYFINDER_BENCH_PROBE"]
_run_script = ScriptRunner._run_script
_counting = threading.local()
_write = threading.Lock()


@event.listens_for(Engine, "before_cursor_execute")
def _count(*_args, **_kwargs):
    if getattr(_counting, "statements", None) is not None:
        _counting.statements += 1


def _page() -> str:
    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None:
        return ""
    pages = ctx.pages_manager
    info = pages.get_pages().get(pages.current_page_script_hash, {})
    return str(info.get("url_pathname") or info.get("page_name") or "")


def _probed_run_script(self, rerun_data):
    _counting.statements = 0
    started = time.perf_counter()
    try:
        _run_script(self, rerun_data)
    finally:
        ctx = get_script_run_ctx(suppress_warning=True)
        record = {
            "pid": os.getpid(),
            "page": _page(),
            "query": ctx.query_string if ctx else "",
            "fragment": bool(rerun_data.fragment_id_queue),
            "auto": bool(rerun_data.is_auto_rerun),
            "seconds": round(time.perf_counter() - started, 6),
            "statements": _counting.statements,
            "at": time.time(),
        }
        _counting.statements = None
        with _write, open(_PROBE, "a", encoding="utf-8") as probe:
            probe.write(json.dumps(record) + "\n")


ScriptRunner._run_script = _probed_run_script

_gc_started = [0.0]


def _gc_pause(phase, info):
    """Collections of 10 ms or more: they stop every thread of the replica, websockets included."""
    if phase == "start":
        _gc_started[0] = time.perf_counter()
        return
    seconds = time.perf_counter() - _gc_started[0]
    if seconds >= 0.01:
        record = {
            "pid": os.getpid(),
            "gc": info["generation"],
            "seconds": round(seconds, 6),
            "at": time.time(),
        }
        with _write, open(_PROBE, "a", encoding="utf-8") as probe:
            probe.write(json.dumps(record) + "\n")


gc.callbacks.append(_gc_pause)
