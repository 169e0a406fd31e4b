"""Compare the units of one organisation: heatmap, ranking and change since the previous round."""

from __future__ import annotations

import streamlit as st

from assessment import services
from ui import charts, pickers, resources, state, tables
from ui.scores import organisation_comparison, unit_trend

KINDS = {"area": "Areas", "step": "Guiding steps", "pillar": "Pillars"}
NOUNS = {"area": "area", "step": "guiding step", "pillar": "pillar"}

st.title("Compare units")

organisation = pickers.organisation_picker(key="compare_organisation")
if organisation is None:
    st.info(pickers.no_organisations())
    st.stop()
comparison = organisation_comparison(organisation.id)

if not comparison.entries:
    st.info("No unit of this organisation has an assessment yet.")
    st.stop()

st.header("Scores by unit")
kind = st.segmented_control(
    "Show scores by",
    list(KINDS),
    format_func=KINDS.__getitem__,
    default="area",
    key="compare_kind",
    required=True,
)
matrix = comparison.matrices[kind]
title = f"{KINDS[kind]} by unit (1–5)"
summary = charts.heatmap_summary(matrix, comparison.dimension_names, noun=NOUNS[kind])
st.plotly_chart(
    charts.heatmap_figure(matrix, comparison.dimension_names, title=title),
    key="compare_heatmap",
    alt=f"Heatmap: {title}. {summary}",
)
st.write(summary)
with st.expander("Show the heatmap as a table"):
    st.table(
        tables.escaped(charts.heatmap_table(matrix, comparison.dimension_names), "Unit"), hide_index=True
    )

st.header("Ranking")
st.caption(
    "Units ranked by their latest assessment's overall score. Percentile: the share of the other units "
    "it scores above (ties count half)."
)
st.dataframe(tables.ranking_table(comparison), hide_index=True, key="ranking")

st.header("Change since the previous assessment")
if not comparison.changes:
    st.write("No unit has been assessed twice yet: changes appear after a unit's second assessment.")
else:
    change_summary = charts.change_summary(comparison.changes)
    st.text(change_summary)  # names units: plain text, never markdown
    st.table(tables.escaped(charts.change_table(comparison.changes), "Unit"), hide_index=True)
    st.plotly_chart(
        charts.change_figure(comparison.changes, title="Change in overall score"),
        key="change_chart",
        alt=f"Bar chart of each unit's change in overall score. {change_summary}",
    )

st.header("One unit over time")
with resources.session(write=False) as session:
    assessments = services.list_assessments(
        actor=state.actor(), session=session, organisation_id=organisation.id
    )
    units = services.list_units(actor=state.actor(), session=session, organisation_id=organisation.id)
assessed = {a.unit_id for a in assessments}
unit = pickers.unit_picker([u for u in units if u.id in assessed], key="trend_unit")
if unit is None:  # the units were deleted since the comparison above was scored
    st.stop()
points = unit_trend(unit.id)
trend_summary = charts.trend_summary(points)
trend_table = tables.escaped(charts.trend_table(points), "Title")
if len(points) < 2:
    st.write(trend_summary)
    st.table(trend_table, hide_index=True)
else:
    st.plotly_chart(
        charts.trend_figure(points, title="Overall and area scores over time"),
        key="trend_chart",
        alt=f"Line chart of {unit.path}'s overall and area scores by assessment date. {trend_summary}",
    )
    st.write(trend_summary)
    with st.expander("Show as table"):
        st.table(trend_table, hide_index=True)
