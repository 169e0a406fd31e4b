"""The area targets proposed from an organisation's profile: each profile, no profile, bad input."""

from __future__ import annotations

import pytest

from assessment.errors import InvalidInputError
from assessment.profiles import SIZES, SOURCING_MODELS, checked_profile, proposed_area_targets
from questionnaires.i18n import language

AREAS = ("culture", "devops", "architecture", "procurement", "skills")


def targets(size: str | None, sourcing: str | None) -> dict[str, float]:
    return {
        area: proposed.target
        for area, proposed in proposed_area_targets(size=size, sourcing=sourcing).items()
    }


def test_no_profile_proposes_todays_default_of_four_everywhere_and_says_so():
    proposed = proposed_area_targets(size=None, sourcing=None)
    assert {area: p.target for area, p in proposed.items()} == dict.fromkeys(AREAS, 4.0)
    assert {p.reason for p in proposed.values()} == {"no profile given: the default target"}


def test_a_small_body_on_shared_services_and_saas_aims_lower_where_it_runs_little_itself():
    proposed = proposed_area_targets(size="small", sourcing="bought")
    assert {area: p.target for area, p in proposed.items()} == {
        "culture": 4.0,
        "devops": 3.0,
        "architecture": 3.0,
        "procurement": 4.0,
        "skills": 3.0,
    }
    assert proposed["procurement"].reason.startswith("buying well is its lever")
    assert "shared platforms" in proposed["architecture"].reason


def test_a_large_in_house_builder_keeps_four_everywhere_with_its_reasons():
    proposed = proposed_area_targets(size="large", sourcing="in-house")
    assert {area: p.target for area, p in proposed.items()} == dict.fromkeys(AREAS, 4.0)
    assert proposed["devops"].reason == "builds and runs its own services: delivery is its core"


@pytest.mark.parametrize(
    ("size", "sourcing", "expected"),
    [
        ("small", "in-house", (4, 4, 4, 4, 4)),
        ("small", "mixed", (4, 3.5, 4, 4, 3)),
        ("medium", "in-house", (4, 4, 4, 4, 4)),
        ("medium", "mixed", (4, 3.5, 4, 4, 4)),
        ("medium", "bought", (4, 3, 3, 4, 4)),
        ("large", "mixed", (4, 3.5, 4, 4, 4)),
        ("large", "bought", (4, 3, 4, 4, 4)),  # many bought systems must still fit together
        # Half a profile: what it does not say keeps the default.
        ("small", None, (4, 4, 4, 4, 4)),
        (None, "bought", (4, 3, 3, 4, 4)),
    ],
)
def test_every_profile_gets_the_table_of_docs_scoring_md(size, sourcing, expected):
    assert targets(size, sourcing) == dict(zip(AREAS, map(float, expected), strict=True))


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("sourcing", SOURCING_MODELS)
def test_every_proposal_is_a_target_the_scale_allows_with_a_one_line_reason(size, sourcing):
    for proposed in proposed_area_targets(size=size, sourcing=sourcing).values():
        assert 1.0 <= proposed.target <= 5.0
        assert proposed.reason and "\n" not in proposed.reason


def test_reasons_are_in_the_current_language():
    with language("fr"):
        reason = proposed_area_targets(size="small", sourcing="bought")["procurement"].reason
    assert reason.startswith("bien acheter est son levier")


def test_an_unknown_size_or_sourcing_model_is_refused_with_the_choices_and_empty_means_not_given():
    with pytest.raises(InvalidInputError, match="size 'tiny' is not one of small, medium, large"):
        proposed_area_targets(size="tiny", sourcing=None)
    with pytest.raises(
        InvalidInputError, match="sourcing model 'cloud' is not one of in-house, mixed, bought"
    ):
        checked_profile(size=None, sourcing="cloud")
    assert not checked_profile(size=" ", sourcing="").given
