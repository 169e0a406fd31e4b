"""Tables the pages show, built from results and the bank (no Streamlit run)."""

from __future__ import annotations

from questionnaires import load_bank
from scoring.results import BacklogItem, Comparison, ComparisonEntry, Score
from ui import tables


def test_backlog_rows_name_the_area_and_refer_to_steps_by_number_and_pillars_by_letter() -> None:
    framework = load_bank().framework
    item = BacklogItem(
        key="culture.leadership-mandate:3",
        rank=1,
        question_id="culture.leadership-mandate",
        area="culture",
        from_level=2,
        to_level=3,
        title="Get a digital strategy signed",
        description="",
        effort="M",
        priority=1.0,
        steps=("product-backlog", "digital-unit"),
        pillars=("personalised-services",),
        reason="Gap of 2 levels.",
    )
    [row] = tables.backlog_table([item], framework).to_dict("records")
    assert row == {
        "Rank": 1,
        "Action": "Get a digital strategy signed",
        "Area": "Culture and leadership",
        "Level": "2 → 3",
        "Effort": "medium",
        "Steps and pillars": "steps 2, 5 · pillars D",
        "Why": "Gap of 2 levels.",
    }
    assert "2 Prioritised backlog and product owner" in tables.links_legend(framework)


def test_units_that_are_not_scored_get_no_rank_and_no_percentile_never_zero() -> None:
    comparison = Comparison(
        entries=(
            ComparisonEntry("Finance", "1", Score(3.5, 0.9, 3, "Defined"), 1, 100.0),
            ComparisonEntry("Health", "2", Score(None, 0.0), None, None),
        ),
        matrices={},
        dimension_names={},
    )
    table = tables.ranking_table(comparison)
    assert table.to_dict("records")[1] == {
        "Rank": "–",
        "Unit": "Health",
        "Overall (1–5)": "–",
        "Index (0–100)": "–",
        "Level": "not scored",
        "Percentile": "–",
        "Coverage": "0%",
    }


def test_search_needs_every_word_somewhere_in_the_question() -> None:
    question = load_bank().question("culture.leadership-mandate")
    assert tables.question_matches(question, "")
    assert tables.question_matches(question, "SPONSORS mandate")
    assert not tables.question_matches(question, "sponsors kubernetes")
