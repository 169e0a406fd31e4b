"""Place ranked backlog items into Now (0–3 months), Next (3–12) and Later (12–24).

Each action takes time, by its effort: S a month, M a quarter, L a year
(``DURATION_MONTHS``). Items are placed in rank order: an item can start when every item
it depends on has ended, in the horizon that contains that month, if the horizon still
has capacity (the most items that may *start* in it: ``ScoringOptions.wip_limits``);
otherwise at the start of the next horizon with room. An item that cannot start within
the 24 months, or whose dependency was not scheduled, goes to ``Roadmap.unscheduled``.
Find-out items take a month, start at once and use no capacity: they are a question to
answer, not work to staff. Because the backlog ranks every item after its dependencies,
one pass is enough.
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
# as docs/authoring.md defines the efforts: S weeks, M a quarter, L a year
DURATION_MONTHS = {"S": 1, "M": 3, "L": 12}
FIND_OUT_MONTHS = 1


def duration_months(item: BacklogItem) -> int:
    """How many months an item takes: a month to find out, else by its effort."""
    return FIND_OUT_MONTHS if item.find_out else DURATION_MONTHS[item.effort]


def plan_roadmap(backlog: Sequence[BacklogItem], options: ScoringOptions) -> Roadmap:
    limits = [options.wip_limit(horizon_id) for horizon_id, *_ in HORIZONS]
    placed: list[list[BacklogItem]] = [[] for _ in HORIZONS]
    started: list[int] = [0 for _ in HORIZONS]  # items counted against each horizon's capacity
    ends: dict[str, int] = {}
    unscheduled: list[BacklogItem] = []
    for item in sorted(backlog, key=lambda entry: entry.rank):
        if any(key not in ends for key in item.depends_on):
            unscheduled.append(item)
            continue
        earliest = max((ends[key] for key in item.depends_on), default=0)
        slot = _slot(earliest, started, limits, counts=not item.find_out)
        if slot is None:
            unscheduled.append(item)
            continue
        horizon, start = slot
        placed[horizon].append(item)
        if not item.find_out:
            started[horizon] += 1
        ends[item.key] = start + duration_months(item)
    horizons = tuple(
        Horizon(
            id=horizon_id, name=str(name), start_month=start, end_month=end, limit=limit, items=tuple(items)
        )
        for (horizon_id, name, start, end), limit, items in zip(HORIZONS, limits, placed, strict=True)
    )
    return Roadmap(horizons=horizons, unscheduled=tuple(unscheduled))


def _slot(earliest: int, started: list[int], limits: list[int], *, counts: bool) -> tuple[int, int] | None:
    """The horizon and month an item starts in: at ``earliest`` or later, in a horizon with room."""
    for horizon, (_id, _name, first, end) in enumerate(HORIZONS):
        if earliest >= end or (counts and started[horizon] >= limits[horizon]):
            continue
        return horizon, max(earliest, first)
    return None
