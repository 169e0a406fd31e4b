"""The comparison PDF, read back as text."""

from __future__ import annotations

import re

from reports.comparison import build_comparison_pdf
from scoring.formatting import score_text
from tests.unit.reports.factories import make_comparison
from tests.unit.reports.reading import HOSTILE, PLACES, page_texts

PAGE_NUMBER = re.compile(r"page (\d+) of (\d+)")


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_comparison_names_the_organisation_ranks_every_unit_and_shows_its_scores(
    bank, comparison_context
):
    labels = [f"Unit {HOSTILE} {n}" for n in range(5)] + list(PLACES)
    comparison = make_comparison(bank, labels)
    text = flat(" ".join(page_texts(build_comparison_pdf(comparison, bank, comparison_context))))

    assert f"Government of {HOSTILE}" in text
    for entry in comparison.entries:
        assert f"{entry.rank} {entry.label} {score_text(entry.overall.value)}" in text
    short = next(entry for entry in comparison.entries if entry.label in PLACES)  # not cut in the heatmap
    area_scores = " ".join(score_text(v) for v in comparison.matrices["area"].loc[short.label])
    assert f"{short.label} {score_text(short.overall.value)} {area_scores}" in text


def test_cells_that_are_not_scored_show_a_dash(bank, comparison_context):
    comparison = make_comparison(bank, [f"Unit {n}" for n in range(3)])  # the third unit lacks a pillar
    pages = page_texts(build_comparison_pdf(comparison, bank, comparison_context))
    pillars = flat(next(page for page in pages if "Pillars by unit" in page))
    third = comparison.entries[2]
    assert re.search(rf"{third.label} {score_text(third.overall.value)}( \d\.\d){{4}} –", pillars)


def test_fifty_units_fit_each_heatmap_on_one_page_and_page_numbers_add_up(bank, comparison_context):
    comparison = make_comparison(bank, [f"Department {n:02d}" for n in range(50)])
    pages = page_texts(build_comparison_pdf(comparison, bank, comparison_context))

    for heading in ("Areas by unit", "Guiding steps by unit", "Pillars by unit"):
        page = next(page for page in pages if heading in page)
        assert all(f"Department {n:02d}" in page for n in range(50))
    numbers = [PAGE_NUMBER.search(page) for page in pages]
    assert [(int(m[1]), int(m[2])) for m in numbers] == [(n, len(pages)) for n in range(1, len(pages) + 1)]


def test_the_change_since_the_previous_round_is_signed_per_unit(bank, comparison_context):
    comparison = make_comparison(bank, [f"Unit {n}" for n in range(6)])
    text = flat(" ".join(page_texts(build_comparison_pdf(comparison, bank, comparison_context))))
    assert "Change since the previous round" in text
    for change in comparison.changes:
        delta = change.overall_delta
        sign = "+" if round(delta, 1) > 0 else ("−" if round(delta, 1) < 0 else "±")
        assert (
            f"{change.unit} {score_text(change.overall_before)} {score_text(change.overall_after)} {sign}"
            in text
        )


def test_a_single_unit_without_an_earlier_round_still_makes_a_report(bank, comparison_context):
    comparison = make_comparison(bank, ["Only unit"], with_changes=False)
    text = flat(" ".join(page_texts(build_comparison_pdf(comparison, bank, comparison_context))))
    assert "Only unit" in text
    assert "No unit has an earlier assessment to compare with." in text
