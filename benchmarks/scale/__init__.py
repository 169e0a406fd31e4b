"""The parts of ``benchmarks/bench_scale.py``: simulated participants, browsers, measurements, report."""
