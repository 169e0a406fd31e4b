"""Place ranked backlog items into Now (0–3 months), Next (3–12) and Later (12–24).

Items are placed in rank order, each into the earliest horizon that (a) is no earlier
than the horizon of every item it depends on and (b) still has room under its
work-in-progress limit. An item that fits nowhere, or whose dependency did not fit,
goes to ``Roadmap.unscheduled``. Because the backlog already ranks every item after
its dependencies, one pass is enough.
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


def plan_roadmap(backlog: Sequence[BacklogItem], options: ScoringOptions) -> Roadmap:
    limits = [options.wip_limit(horizon_id) for horizon_id, *_ in HORIZONS]
    placed: list[list[BacklogItem]] = [[] for _ in HORIZONS]
    horizon_of: dict[str, int] = {}
    unscheduled: list[BacklogItem] = []
    for item in sorted(backlog, key=lambda entry: entry.rank):
        earliest = max((horizon_of.get(key, len(HORIZONS)) for key in item.depends_on), default=0)
        horizon = next((h for h in range(earliest, len(HORIZONS)) if len(placed[h]) < limits[h]), None)
        if horizon is None:
            unscheduled.append(item)
            continue
        placed[horizon].append(item)
        horizon_of[item.key] = horizon
    horizons = tuple(
        Horizon(
            id=horizon_id, name=str(name), start_month=start, end_month=end, limit=limit, items=tuple(items)
        )
        for (horizon_id, name, start, end), limit, items in zip(HORIZONS, limits, placed, strict=True)
    )
    return Roadmap(horizons=horizons, unscheduled=tuple(unscheduled))
