"""The help page, and the short help beside the numbers it explains."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from tests.ui.helpers_insight import page, seed_assessment

HEADLINES = ("Overall level", "Index", "Score", "Coverage")


def test_every_headline_number_of_the_results_says_what_it_means(engine: Engine) -> None:
    made = seed_assessment(engine, answers={"Leader": {"culture.leadership-mandate": 3}})
    app = page("results", query={"assessment": str(made.assessment.id)}).run()
    assert not app.exception
    helps = {metric.label: metric.proto.help for metric in app.metric if metric.label in HEADLINES}
    assert set(helps) == set(HEADLINES) and all(helps.values())
    assert "2.77 is level 2" in helps["Overall level"]
    assert "N/A" in helps["Coverage"] and "don't know" in helps["Coverage"]
    assert "(score − 1) ÷ 4 × 100" in helps["Index"]


@pytest.mark.parametrize(
    ("code", "heading"),
    [
        ("en", "Why 2.77 is “level 2”"),
        ("fr", "Pourquoi 2,77 est «\u00a0niveau 2\u00a0»"),
        ("de", "Warum 2,77 „Stufe 2“ ist"),
    ],
)
def test_the_help_page_explains_na_dont_know_levels_index_and_coverage(code: str, heading: str) -> None:
    app = page("help", query={"lang": code}).run()
    assert not app.exception
    headings = [header.value for header in app.header]
    assert heading in headings and len(headings) == 6
