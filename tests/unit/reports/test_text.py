"""Escaping, fonts, number formats and line breaking of report text."""

from __future__ import annotations

import pytest
from reportlab.platypus import Paragraph

from reports.fonts import BOLD, FALLBACK, REGULAR, font_runs, text_width
from reports.styles import score_colour, stylesheet, text_colour_on
from reports.text import fit, safe, wrap
from scoring.formatting import delta_text, index_text, percent_text, score_text
from tests.unit.reports.reading import HOSTILE


@pytest.mark.parametrize(
    "hostile",
    [
        HOSTILE,
        "x<y",
        "R&D",
        "<img src='/etc/passwd'/>",
        "&amp; stays &amp;",
        "<b>not bold</b>",
        "a\x00b\x1fc",
    ],
)
def test_safe_text_survives_the_paragraph_parser_and_prints_literally(hostile):
    paragraph = Paragraph(safe(hostile), stylesheet()["body"])
    printed = "".join(fragment.text for fragment in paragraph.frags)
    assert printed == hostile.replace("\x00", "").replace("\x1f", "")


def test_text_is_cut_into_runs_only_where_the_body_font_lacks_glyphs():
    assert font_runs("Zürich Genève Ελλάδα Łódź") == [(REGULAR, "Zürich Genève Ελλάδα Łódź")]
    assert font_runs("R&D 北京 office", BOLD) == [(BOLD, "R&D "), (FALLBACK, "北京"), (BOLD, " office")]
    assert font_runs("") == []


def test_safe_text_sets_chinese_runs_in_the_fallback_font():
    assert safe("北京 <x>") == f'<font face="{FALLBACK}">北京</font> &lt;x&gt;'


def test_scores_that_are_not_scored_print_as_a_dash_never_as_zero():
    assert [score_text(None), index_text(None), percent_text(None), delta_text(None)] == ["–"] * 4
    assert [score_text(3.25), index_text(56.25), percent_text(0.875)] == ["3.2", "56", "88%"]


def test_changes_carry_their_sign_with_a_true_minus():
    assert [delta_text(0.44), delta_text(-0.35), delta_text(0.01)] == ["+0.4", "−0.3", "±0.0"]


def test_fit_cuts_with_an_ellipsis_only_what_does_not_fit():
    assert fit("short", 100, 8) == "short"
    cut = fit("A very long unit name that certainly does not fit", 60, 8)
    assert cut.endswith("…")
    assert text_width(cut, 8) <= 60


def test_wrap_breaks_at_spaces_keeps_line_breaks_and_breaks_words_wider_than_a_line():
    lines = wrap("one two three four five six seven eight", 60, 8)
    assert len(lines) > 1
    assert " ".join(lines) == "one two three four five six seven eight"
    assert wrap("first\nsecond", 200, 8) == ["first", "second"]
    chinese = "北京市海淀区中关村大街一号数字化转型办公室"
    pieces = wrap(chinese, 40, 8)
    assert len(pieces) > 1
    assert "".join(pieces) == chinese
    assert all(text_width(piece, 8) <= 40 for piece in pieces)


def test_wrap_with_a_line_limit_ends_in_an_ellipsis():
    lines = wrap("word " * 100, 60, 8, max_lines=2)
    assert len(lines) == 2
    assert lines[-1].endswith("…")


@pytest.mark.parametrize("score", [1 + step / 20 for step in range(81)])
def test_text_on_every_heatmap_colour_has_at_least_4_5_to_1_contrast(score):
    def luminance(colour):
        def linear(channel):
            return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4

        return 0.2126 * linear(colour.red) + 0.7152 * linear(colour.green) + 0.0722 * linear(colour.blue)

    fill = score_colour(score)
    lighter, darker = sorted((luminance(fill), luminance(text_colour_on(fill))), reverse=True)
    assert (lighter + 0.05) / (darker + 0.05) >= 4.5


def test_the_score_colour_darkens_steadily_so_it_reads_in_greyscale():
    greys = [sum(score_colour(1 + step / 4).rgb()) for step in range(17)]
    assert greys == sorted(greys, reverse=True)
