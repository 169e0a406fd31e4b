"""Benchmark the PDF reports (issue 6 figures).

1. The roadmap of a full assessment — 100 questions, 12 respondents with a note on every
   question, 60 backlog items — built in-process (target: ≤ 0.25 s median), then the
   first build in a fresh Python process (imports, font loading), and fresh-process medians
   with and without reportlab's C accelerators (``rl_accel``).
2. The comparison of 50 units (target: ≤ 1 s).
3. The same roadmap with its charts (summary bars, three radars, the timeline) drawn by
   plotly and rendered to PNG by kaleido in headless Chromium instead of natively: the
   Chromium start, the per-image cost and the ratio to the native build. The hundred
   small answer-distribution charts stay native in both (through kaleido they would add
   roughly 100 more images). Skipped, saying so, when kaleido or Chromium is missing.

Results are hand-built (``tests/unit/reports/factories.py``): reports take results as input.
Run: ``.venv/bin/python benchmarks/bench_reports.py [--repeat 15]``.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pypdf import PdfReader  # noqa: E402
from reportlab.graphics.shapes import Drawing  # noqa: E402
from reportlab.platypus import Image, Table  # noqa: E402

from questionnaires.loader import Bank  # noqa: E402
from reports import roadmap  # noqa: E402
from reports.comparison import build_comparison_pdf  # noqa: E402
from reports.context import ComparisonContext, ReportContext  # noqa: E402
from reports.layout import PageFurniture, build_pdf  # noqa: E402
from scoring.results import AssessmentResult  # noqa: E402
from tests.unit.reports.factories import make_comparison, make_result, write_bank  # noqa: E402

CONTEXT = ReportContext(organisation="Ministry of Digital Affairs", unit="Zürich office", mode="Workshop")
ROADMAP_BUDGET = 0.25
COMPARISON_BUDGET = 1.0


def timed(build: Callable[[], Any], repeat: int) -> tuple[list[float], list[float], Any]:
    """Wall-clock and CPU seconds of each run (CPU time: what other processes cannot inflate)."""
    build()  # warm-up: fonts registered, caches filled
    walls, cpus, value = [], [], None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        value = build()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus, value


def describe(name: str, walls: list[float], cpus: list[float], pdf: bytes, budget: float) -> None:
    pages = len(PdfReader(io.BytesIO(pdf)).pages)
    median = statistics.median(walls)
    print(
        f"{name}: median {median:.3f} s (min {min(walls):.3f} s; CPU median {statistics.median(cpus):.3f} s) "
        f"over {len(walls)} runs; {pages} pages, {len(pdf) / 1024:.0f} KiB  "
        f"[budget {budget:.2f} s: {'ok' if median <= budget else 'OVER'}]"
    )


def fresh_process(code: str, *, block_accelerators: bool = False) -> float:
    """Seconds a new interpreter takes to run ``code`` (which prints its own timing)."""
    prelude = "import sys\n" + ("sys.modules['_rl_accel'] = None\n" if block_accelerators else "")
    result = subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(code)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return float(result.stdout.strip().splitlines()[-1])


SUBPROCESS_BUILD = """
    import time
    start = time.perf_counter()
    import tempfile
    from pathlib import Path
    sys.path.insert(0, ".")
    from reports.context import ReportContext
    from reports.roadmap import build_roadmap_pdf
    from tests.unit.reports.factories import make_result, write_bank
    bank = write_bank(Path(tempfile.mkdtemp()) / "bank", 20)
    result = make_result(bank, respondents=12, backlog_items=60, notes_per_question=1)
    context = ReportContext(organisation="Ministry", unit="Zürich office")
    ready = time.perf_counter()
    build_roadmap_pdf(result, bank, context)
    first = time.perf_counter() - ready
    times = []
    for _ in range({repeat}):
        start = time.perf_counter()
        build_roadmap_pdf(result, bank, context)
        times.append(time.perf_counter() - start)
    times.sort()
    print({what})
"""


def plotly_figures(result: AssessmentResult) -> list[Any]:
    """The roadmap's five charts as plotly figures, in the order the story holds them."""
    import plotly.graph_objects as go

    def radar(dimensions: Any) -> Any:
        names = [d.name for d in dimensions]
        figure = go.Figure()
        figure.add_trace(go.Scatterpolar(r=[d.score.value for d in dimensions], theta=names, fill="toself"))
        figure.add_trace(
            go.Scatterpolar(r=[d.target for d in dimensions], theta=names, line={"dash": "dash"})
        )
        return figure.update_layout(polar={"radialaxis": {"range": [0, 5]}})

    bars = go.Figure(
        go.Bar(x=[a.score.value for a in result.areas], y=[a.name for a in result.areas], orientation="h")
    )
    timeline = go.Figure()
    for horizon in result.roadmap.horizons:
        timeline.add_trace(
            go.Bar(
                x=[horizon.end_month - horizon.start_month] * len(horizon.items),
                base=[horizon.start_month] * len(horizon.items),
                y=[f"#{item.rank} {item.title}" for item in horizon.items],
                orientation="h",
                name=horizon.name,
            )
        )
    return [bars, radar(result.areas), radar(result.steps), radar(result.pillars), timeline]


def with_images(story: list[Any], images: Iterator[bytes]) -> list[Any]:
    """``story`` with every chart Drawing (also inside layout tables) replaced by the next PNG."""

    def swap(flowable: Any) -> Any:
        if isinstance(flowable, Drawing):
            return Image(io.BytesIO(next(images)), width=flowable.width, height=flowable.height)
        if isinstance(flowable, Table) and any(
            isinstance(c, Drawing) for row in flowable._cellvalues for c in row
        ):
            flowable._cellvalues = [[swap(cell) for cell in row] for row in flowable._cellvalues]
        return flowable

    return [swap(flowable) for flowable in story]


def plotly_comparison(result: AssessmentResult, bank: Bank, native_median: float, repeat: int) -> None:
    try:
        import kaleido
    except ImportError:
        print("plotly + kaleido: kaleido not available (pip install -r requirements-dev.txt); skipped")
        return
    os.environ.setdefault("BROWSER_PATH", shutil.which("chromium") or "/usr/bin/chromium")
    if not Path(os.environ["BROWSER_PATH"]).exists():
        print(f"plotly + kaleido: no Chromium at {os.environ['BROWSER_PATH']} (set BROWSER_PATH); skipped")
        return
    import warnings

    warnings.filterwarnings("ignore", message="The kopts argument is ignored")
    sizes = [(493, 110), (493, 250), (243, 215), (243, 215), (493, 500)]

    def render() -> list[bytes]:
        return [
            figure.to_image(format="png", width=width, height=height, scale=2)
            for figure, (width, height) in zip(plotly_figures(result), sizes, strict=True)
        ]

    report = roadmap._RoadmapReport(result, bank, CONTEXT)
    furniture = PageFurniture("Ministry", "Roadmap", "Wayfinder")
    image_times, totals = [], []
    kaleido.start_sync_server(silence_warnings=True)
    try:
        for _ in range(max(repeat // 3, 3) + 1):  # the first run starts Chromium
            start = time.perf_counter()
            images = render()
            rendered = time.perf_counter()
            build_pdf(with_images(report.story(), iter(images)), title="t", subject="s", furniture=furniture)
            image_times.append((rendered - start) / len(images))
            totals.append(time.perf_counter() - start)
    finally:
        kaleido.stop_sync_server()
    cold, median = totals[0], statistics.median(totals[1:])
    print(
        f"plotly + kaleido, the same roadmap with its 5 charts as PNG: first report {cold:.2f} s "
        f"(Chromium start) = {cold / native_median:.0f}× native; "
        f"then {statistics.median(image_times[1:]):.3f} s "
        f"per image, whole PDF median {median:.2f} s over {len(totals) - 1} runs = "
        f"{median / native_median:.1f}× the native build"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as directory:
        bank = write_bank(Path(directory) / "bank", questions_per_area=20)
        result = make_result(bank, respondents=12, backlog_items=60, notes_per_question=1)

        walls, cpus, pdf = timed(lambda: roadmap.build_roadmap_pdf(result, bank, CONTEXT), args.repeat)
        describe(
            "roadmap PDF, 100 questions × 12 respondents, 60 backlog items", walls, cpus, pdf, ROADMAP_BUDGET
        )
        native_median = statistics.median(walls)

        first = fresh_process(SUBPROCESS_BUILD.format(repeat=0, what="first"))
        imports = fresh_process(SUBPROCESS_BUILD.format(repeat=0, what="ready - start"))
        print(f"  fresh process: imports and setup {imports:.2f} s, then the first build {first:.3f} s")
        median_code = SUBPROCESS_BUILD.format(repeat=args.repeat, what="times[len(times) // 2]")
        with_accelerators = fresh_process(median_code)
        without = fresh_process(median_code, block_accelerators=True)
        print(
            "  rl_accel, reportlab's C accelerators, each in a fresh process: "
            f"median {with_accelerators:.3f} s "
            f"with, {without:.3f} s without = {without / with_accelerators:.1f}× slower without"
        )

        comparison = make_comparison(bank, [f"Department {n:02d}" for n in range(50)])
        context = ComparisonContext(organisation="Ministry of Digital Affairs")
        walls, cpus, pdf = timed(lambda: build_comparison_pdf(comparison, bank, context), args.repeat)
        describe(
            "comparison PDF, 50 units (3 heatmaps, ranking, changes)", walls, cpus, pdf, COMPARISON_BUDGET
        )

        plotly_comparison(result, bank, native_median, args.repeat)


if __name__ == "__main__":
    main()
