"""An organisation's profile (its size and how it sources its services) and the area targets
proposed from it: plain rules, no database (``docs/scoring.md``, "Targets and gaps").

A target of 4 in every area suits a large body that builds and runs its own services; a small
body that relies on shared services and SaaS runs little itself, so it aims lower on delivery
and architecture and keeps buying well as its lever. The table is deliberately small: three
sourcing models set delivery, architecture and procurement, and the size band lowers skills for
a small body that does not build in-house. Without a profile every area keeps today's default,
so nothing changes for organisations that never gave one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from assessment.errors import InvalidInputError
from questionnaires.i18n import LazyText, _, lazy_gettext
from scoring.options import DEFAULT_AREA_TARGET

SMALL, MEDIUM, LARGE = "small", "medium", "large"
IN_HOUSE, MIXED, BOUGHT = "in-house", "mixed", "bought"
SIZES: Final[tuple[str, ...]] = (SMALL, MEDIUM, LARGE)
SOURCING_MODELS: Final[tuple[str, ...]] = (IN_HOUSE, MIXED, BOUGHT)

SIZE_NAMES: Final[Mapping[str, LazyText]] = {
    SMALL: lazy_gettext("Small: under 250 staff"),
    MEDIUM: lazy_gettext("Medium: 250 to 2,500 staff"),
    LARGE: lazy_gettext("Large: over 2,500 staff"),
}
SOURCING_NAMES: Final[Mapping[str, LazyText]] = {
    IN_HOUSE: lazy_gettext("Mostly built in-house"),
    MIXED: lazy_gettext("Mixed: some built, some bought"),
    BOUGHT: lazy_gettext("Mostly bought or outsourced (SaaS, shared services)"),
}

_DEFAULT = lazy_gettext("no profile given: the default target")
_REASONS: Final[Mapping[str, LazyText]] = {
    "culture": lazy_gettext("leadership and ways of working matter however services are sourced"),
    "devops in-house": lazy_gettext("builds and runs its own services: delivery is its core"),
    "devops mixed": lazy_gettext("runs part of its services itself and buys the rest"),
    "devops bought": lazy_gettext("runs little itself: suppliers and shared services run the platforms"),
    "architecture own": lazy_gettext("its own systems must fit together: layers, APIs, reuse"),
    "architecture large": lazy_gettext("many bought systems must still fit together and share data"),
    "architecture reuse": lazy_gettext("reuses shared platforms rather than designing its own"),
    "procurement bought": lazy_gettext("buying well is its lever: most of its services come from suppliers"),
    "procurement other": lazy_gettext("it still buys cloud, components and specialist help"),
    "skills small": lazy_gettext(
        "a small body keeps the skills to commission and own its services; partners bring the rest"
    ),
    "skills other": lazy_gettext("it needs the skills to build, run or direct what it owns"),
}


@dataclass(frozen=True)
class OrganisationProfile:
    """What an organisation said about itself; None where it said nothing."""

    size: str | None = None
    sourcing: str | None = None

    @property
    def given(self) -> bool:
        return self.size is not None or self.sourcing is not None


@dataclass(frozen=True)
class ProposedTarget:
    target: float
    reason: str  # one line, in the current language


def checked_profile(*, size: str | None, sourcing: str | None) -> OrganisationProfile:
    """The profile, or :class:`InvalidInputError` naming the choices; empty text means not given."""
    size, sourcing = (size or "").strip() or None, (sourcing or "").strip() or None
    problems = []
    if size is not None and size not in SIZES:
        problems.append(
            _("size '{size}' is not one of {choices}").format(size=size, choices=", ".join(SIZES))
        )
    if sourcing is not None and sourcing not in SOURCING_MODELS:
        problems.append(
            _("sourcing model '{sourcing}' is not one of {choices}").format(
                sourcing=sourcing, choices=", ".join(SOURCING_MODELS)
            )
        )
    if problems:
        raise InvalidInputError("; ".join(problems))
    return OrganisationProfile(size=size, sourcing=sourcing)


def proposed_area_targets(*, size: str | None, sourcing: str | None) -> dict[str, ProposedTarget]:
    """The target of each area for an organisation of ``size`` and ``sourcing``, with why.

    A rule whose part of the profile is missing proposes the default (4), so no profile
    proposes 4 everywhere: what an assessment gets today.
    """
    profile = checked_profile(size=size, sourcing=sourcing)
    # The shipped bank's areas; a bank's other areas keep the default target.
    return {
        "culture": _proposal(DEFAULT_AREA_TARGET, "culture") if profile.given else _default(),
        "devops": _devops(profile),
        "architecture": _architecture(profile),
        "procurement": _procurement(profile),
        "skills": _skills(profile),
    }


def _devops(profile: OrganisationProfile) -> ProposedTarget:
    targets = {IN_HOUSE: DEFAULT_AREA_TARGET, MIXED: 3.5, BOUGHT: 3.0}
    if profile.sourcing is None:
        return _default()
    return _proposal(targets[profile.sourcing], f"devops {profile.sourcing}")


def _architecture(profile: OrganisationProfile) -> ProposedTarget:
    if profile.sourcing is None:
        return _default()
    if profile.sourcing != BOUGHT:
        return _proposal(DEFAULT_AREA_TARGET, "architecture own")
    if profile.size == LARGE:
        return _proposal(DEFAULT_AREA_TARGET, "architecture large")
    return _proposal(3.0, "architecture reuse")


def _procurement(profile: OrganisationProfile) -> ProposedTarget:
    if profile.sourcing is None:
        return _default()
    reason = "procurement bought" if profile.sourcing == BOUGHT else "procurement other"
    return _proposal(DEFAULT_AREA_TARGET, reason)


def _skills(profile: OrganisationProfile) -> ProposedTarget:
    if profile.size is None or profile.sourcing is None:
        return _default()
    if profile.size == SMALL and profile.sourcing != IN_HOUSE:
        return _proposal(3.0, "skills small")
    return _proposal(DEFAULT_AREA_TARGET, "skills other")


def _proposal(target: float, reason: str) -> ProposedTarget:
    return ProposedTarget(target, str(_REASONS[reason]))


def _default() -> ProposedTarget:
    return ProposedTarget(DEFAULT_AREA_TARGET, str(_DEFAULT))
