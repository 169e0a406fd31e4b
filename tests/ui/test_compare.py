"""AppTests of the compare page: one unit, fifty units, changes between rounds."""

from __future__ import annotations

import json
from datetime import date

from sqlalchemy import Engine

from tests.ui.helpers_insight import make_assessment, page, table

QUESTIONS = ("culture.leadership-mandate", "devops.deployment-frequency", "skills.digital-unit")


def test_one_unit_gets_a_one_row_heatmap_a_ranking_and_a_table_alternative(engine: Engine) -> None:
    made = make_assessment(engine, answers={"Leader": {"culture.leadership-mandate": 4}})
    app = page("compare").run()
    assert not app.exception
    assert app.selectbox(key="compare_organisation").value == made.organisation_id
    ranking = table(app, "Rank", "Percentile")
    assert list(ranking["Unit"]) == ["Digital unit"]
    assert list(ranking["Rank"]) == ["1"]
    heatmap = table(app, "Unit", "Culture and leadership")
    assert list(heatmap["Unit"]) == ["Digital unit"]
    assert heatmap.loc[0, "Culture and leadership"] == "4.0"
    assert heatmap.loc[0, "Skills and organisation"] == "–"
    assert any("No unit has been assessed twice yet" in m.value for m in app.markdown)


def _fifty_units(engine: Engine) -> int:
    """Fifty units with one assessment each; the first five also have an earlier, lower round."""
    organisation_id = None
    for number in range(50):
        level = 1 + number % 5
        made = make_assessment(
            engine,
            organisation="Federal Government",
            organisation_id=organisation_id,
            unit=f"Department {number:02d}",
            assessed_on=date(2025, 3, 1),
            answers={"Head": dict.fromkeys(QUESTIONS, level)},
        )
        organisation_id = made.organisation_id
        if number < 5:
            make_assessment(
                engine,
                organisation_id=organisation_id,
                unit=f"Department {number:02d}",
                title="Last year",
                assessed_on=date(2024, 3, 1),
                answers={"Head": dict.fromkeys(QUESTIONS, 1)},
                reuse_unit=True,
            )
    assert organisation_id is not None
    return organisation_id


def test_fifty_units_all_appear_ranked_with_a_taller_heatmap_and_their_changes(engine: Engine) -> None:
    _fifty_units(engine)
    app = page("compare").run()
    assert not app.exception
    ranking = table(app, "Rank", "Percentile")
    assert len(ranking) == 50
    assert set(ranking.loc[ranking["Overall (1–5)"] == "5.00", "Rank"]) == {"1"}
    assert len(table(app, "Unit", "Culture and leadership")) == 50
    heatmap = json.loads(app.get("plotly_chart")[0].proto.spec)
    assert heatmap["layout"]["height"] >= 50 * 25
    changes = table(app, "Before", "After", "Change")
    assert len(changes) == 5
    assert changes.loc[changes["Unit"] == "Department 04", "Change"].item() == "▲ +4.0"


def test_switching_to_pillars_shows_the_pillar_heatmap(engine: Engine) -> None:
    make_assessment(engine, answers={"Leader": {"culture.leadership-mandate": 4}})
    app = page("compare").run()
    app.get("button_group")[0].set_value("pillar").run()
    assert not app.exception
    assert "Personalised citizen services" in table(app, "Unit").columns
