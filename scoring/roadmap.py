"""Place ranked backlog items into Now (0–3 months), Next (3–12) and Later (12–24).

Each action takes time, by its effort: S a month, M a quarter, L a year
(``DURATION_MONTHS``). Capacity is work in progress: in every month, at most the horizon's
limit (``ScoringOptions.wip_limits``) of actions may be under way at once. Items are placed in
rank order, each at the first month when every item it depends on has ended and a place is
free for every month it runs; it belongs to the horizon it starts in. So a one-month action
frees its place for the next one within the same quarter, and a year-long action holds its
place for a year. An item that cannot start within the 24 months, or whose dependency was not
scheduled, goes to ``Roadmap.unscheduled``. Find-out items take a month, start at once and
use no capacity: they are a question to answer, not work to staff. Because the backlog ranks
every item after its dependencies, one pass is enough.
"""

from __future__ import annotations

from collections.abc import Sequence

from questionnaires.i18n import LazyText, lazy_gettext
from scoring.options import ScoringOptions
from scoring.results import BacklogItem, Horizon, HorizonId, Roadmap

# Names in the language of the scoring run (a result is computed for one language).
HORIZONS: tuple[tuple[HorizonId, LazyText, int, int], ...] = (
    ("now", lazy_gettext("Now"), 0, 3),
    ("next", lazy_gettext("Next"), 3, 12),
    ("later", lazy_gettext("Later"), 12, 24),
)
ROADMAP_MONTHS = HORIZONS[-1][3]
# as docs/authoring.md defines the efforts: S weeks, M a quarter, L a year
DURATION_MONTHS = {"S": 1, "M": 3, "L": 12}
FIND_OUT_MONTHS = 1


def duration_months(item: BacklogItem) -> int:
    """How many months an item takes: a month to find out, else by its effort."""
    return FIND_OUT_MONTHS if item.find_out else DURATION_MONTHS[item.effort]


def horizon_of(month: int) -> int:
    """The index in ``HORIZONS`` of the horizon that contains ``month`` (0-based)."""
    return next(index for index, (*_, first, end) in enumerate(HORIZONS) if first <= month < end)


def plan_roadmap(backlog: Sequence[BacklogItem], options: ScoringOptions) -> Roadmap:
    limits = [options.wip_limit(horizon_id) for horizon_id, *_ in HORIZONS]
    capacity = [limits[horizon_of(month)] for month in range(ROADMAP_MONTHS)]
    in_progress = [0] * ROADMAP_MONTHS
    placed: list[list[BacklogItem]] = [[] for _ in HORIZONS]
    starts: dict[str, int] = {}
    ends: dict[str, int] = {}
    unscheduled: list[BacklogItem] = []
    for item in sorted(backlog, key=lambda entry: entry.rank):
        if any(key not in ends for key in item.depends_on):
            unscheduled.append(item)
            continue
        earliest = max((ends[key] for key in item.depends_on), default=0)
        months = duration_months(item)
        start = earliest if item.find_out else _first_free_start(earliest, months, in_progress, capacity)
        if start is None or start >= ROADMAP_MONTHS:
            unscheduled.append(item)
            continue
        if not item.find_out:
            for month in range(start, min(start + months, ROADMAP_MONTHS)):
                in_progress[month] += 1
        placed[horizon_of(start)].append(item)
        starts[item.key] = start
        ends[item.key] = start + months
    horizons = tuple(
        Horizon(
            id=horizon_id, name=str(name), start_month=start, end_month=end, limit=limit, items=tuple(items)
        )
        for (horizon_id, name, start, end), limit, items in zip(HORIZONS, limits, placed, strict=True)
    )
    return Roadmap(horizons=horizons, unscheduled=tuple(unscheduled), start_months=starts)


def _first_free_start(earliest: int, months: int, in_progress: list[int], capacity: list[int]) -> int | None:
    """The first month from ``earliest`` with a free place in every month the item runs.

    Months past the roadmap's end are not checked: an action may run beyond 24 months.
    """
    for start in range(earliest, ROADMAP_MONTHS):
        running = range(start, min(start + months, ROADMAP_MONTHS))
        if all(in_progress[month] < capacity[month] for month in running):
            return start
    return None
