"""The assessment roadmap PDF, read back as text: what it says, on how many pages."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace

import pytest

from reports.roadmap import build_roadmap_pdf
from scoring.formatting import score_text
from tests.unit.reports.factories import make_backlog, make_result, with_backlog
from tests.unit.reports.reading import HOSTILE, PLACES, embedded_fonts, page_texts

PAGE_NUMBER = re.compile(r"page (\d+) of (\d+)")


def flat(text: str) -> str:
    """Extracted text with line breaks and runs of spaces made single spaces."""
    return " ".join(text.split())


def test_the_roadmap_names_the_organisation_each_area_score_and_the_top_backlog_item(bank, context):
    result = make_result(bank, respondents=12, backlog_items=60)
    text = flat(" ".join(page_texts(build_roadmap_pdf(result, bank, context))))

    assert f"Ministry of {HOSTILE}" in text
    for area in result.areas:
        assert f"{area.name} {score_text(area.score.value)}" in text
    top = result.backlog[0]
    assert f"1 {top.title}" in text
    assert top.reason in text


def test_hostile_text_prints_literally_everywhere_it_appears(bank, context):
    result = make_result(bank, respondents=3, backlog_items=3, notes_per_question=1)
    question = result.questions[0]
    noted = replace(question, notes=(f"<b>not bold</b> {HOSTILE} & <img src='/etc/passwd'/> x<y",))
    result = replace(result, questions=(noted, *result.questions[1:]))
    item = replace(result.backlog[0], title=f"Fix {HOSTILE}", reason="because 3 < 4 & <i>")
    result = with_backlog(result, (item, *result.backlog[1:]))

    text = flat(" ".join(page_texts(build_roadmap_pdf(result, bank, context))))

    assert text.count(HOSTILE) >= 4  # cover, running header, backlog title, note
    assert "<b>not bold</b>" in text
    assert "<img src='/etc/passwd'/> x<y" in text
    assert "because 3 < 4 & <i>" in text


def test_place_names_in_latin_greek_polish_and_chinese_print_with_a_font_that_has_them(bank, context):
    pdf = build_roadmap_pdf(make_result(bank, backlog_items=5), bank, context)

    text = " ".join(page_texts(pdf))
    for place in PLACES:
        assert place in text
    assert {"DejaVuSans", "DejaVuSans-Bold", "DroidSansFallback"} <= embedded_fonts(pdf)


def test_a_report_without_chinese_text_never_loads_the_fallback_font(bank, context):
    latin = replace(context, unit="Zürich and Łódź")
    pdf = build_roadmap_pdf(make_result(bank, backlog_items=5), bank, latin)
    assert "DroidSansFallback" not in embedded_fonts(pdf)


@pytest.mark.parametrize(
    ("respondents", "answered"),
    [(0, 0), (1, 1), (1, None), (50, None)],
    ids=["no answers", "one answer", "one respondent", "fifty respondents"],
)
def test_the_report_builds_for_any_amount_of_evidence(bank, context, respondents, answered):
    result = make_result(bank, respondents=respondents, answered_questions=answered, backlog_items=20)
    pages = page_texts(build_roadmap_pdf(result, bank, context))

    numbers = [PAGE_NUMBER.search(page) for page in pages]
    assert all(numbers)
    assert [(int(m[1]), int(m[2])) for m in numbers] == [(n, len(pages)) for n in range(1, len(pages) + 1)]


def test_an_assessment_without_answers_shows_nothing_scored_and_no_zero(bank, context):
    result = make_result(bank, respondents=0, answered_questions=0)
    text = flat(" ".join(page_texts(build_roadmap_pdf(result, bank, context))))

    assert "– / 5" in text
    assert "Nothing is scored yet" in text
    assert "not scored" in text
    assert "0.0 / 5" not in text
    assert "The backlog is empty" in text


def test_two_hundred_backlog_items_paginate_with_the_table_header_on_every_page(bank, context):
    result = with_backlog(make_result(bank, backlog_items=0), make_backlog(bank, 200))
    pages = page_texts(build_roadmap_pdf(result, bank, context))

    row = re.compile(r"(?m)^(\d+)\s+Lift q\d\d to level")  # a rank, then its action's title
    backlog_pages = [page for page in pages if row.search(page)]
    assert len(backlog_pages) >= 5
    assert all("Why it is ranked here" in page for page in backlog_pages)
    listed = [int(rank) for page in backlog_pages for rank in row.findall(page)]
    assert listed == list(range(1, 201))


def test_very_long_names_wrap_instead_of_running_off_the_page(bank, context):
    words = [f"word{n}" for n in range(60)]
    long_context = replace(context, organisation=" ".join(words))
    result = make_result(bank, backlog_items=3)
    item = replace(result.backlog[0], title=" ".join(words[:30]))
    pdf = build_roadmap_pdf(with_backlog(result, (item,)), bank, long_context)

    cover = page_texts(pdf)[0]
    assert all(word in cover for word in words)  # every word printed: nothing cut at the margin
    backlog = next(page for page in page_texts(pdf) if "Why it is ranked here" in page)
    assert all(word in backlog for word in words[:30])


def test_a_word_too_long_for_any_line_is_broken_with_hyphens_rather_than_lost(bank, context):
    unbroken = "Digitalisierungsgeneraldirektion" * 6
    pdf = build_roadmap_pdf(make_result(bank, backlog_items=3), bank, replace(context, organisation=unbroken))
    cover = page_texts(pdf)[0]
    assert "-\n" in cover, "the name is broken over lines, each but the last ending in a hyphen"
    assert unbroken in cover.replace("-\n", "").replace("\n", "")


def test_discussion_points_and_notes_appear_on_their_area_page(bank, context):
    result = make_result(bank, respondents=12, backlog_items=5, notes_per_question=2)
    discussed = next(q for q in result.questions if q.discussion)
    pages = page_texts(build_roadmap_pdf(result, bank, context))

    page = next(p for p in pages if discussed.question_id in p)
    assert "discuss" in page
    assert f"Note 2 on {discussed.question_id}" in flat(page)


def test_notes_beyond_the_cap_are_counted_not_silently_dropped(bank, context):
    result = make_result(bank, respondents=12, backlog_items=5, notes_per_question=11)
    text = flat(" ".join(page_texts(build_roadmap_pdf(result, bank, context))))
    assert "and 3 more notes in the app" in text


def test_a_result_scored_with_another_bank_version_says_so_on_the_cover(bank, context):
    result = replace(make_result(bank, backlog_items=3), bank_version="0123456789ab")
    cover = flat(
        page_texts(build_roadmap_pdf(result, bank, replace(context, bank_version="fedcba987654")))[0]
    )
    assert "answered on fedcba987654, scored with 0123456789ab" in cover
    assert f"question texts from {bank.version}" in cover


def test_the_cover_shows_who_answered_out_of_who_took_part(bank, context):
    result = make_result(bank, respondents=10, backlog_items=3)
    cover = flat(page_texts(build_roadmap_pdf(result, bank, replace(context, respondents=14)))[0])
    assert "10 answered of 14 taking part" in cover


def test_the_cover_of_an_anonymous_workshop_says_no_names_were_asked_or_stored(bank, context):
    result = make_result(bank, respondents=10, backlog_items=3)
    anonymous = flat(page_texts(build_roadmap_pdf(result, bank, replace(context, anonymous=True)))[0])
    named = flat(page_texts(build_roadmap_pdf(result, bank, context))[0])
    assert "Workshop, anonymous: no names were asked or stored" in anonymous
    assert "anonymous" not in named


def test_reports_built_on_several_threads_at_once_are_all_whole(bank, context):
    result = make_result(bank, backlog_items=10)
    with ThreadPoolExecutor(max_workers=4) as pool:
        pdfs = list(pool.map(lambda _: build_roadmap_pdf(result, bank, context), range(4)))
    page_counts = {len(page_texts(pdf)) for pdf in pdfs}
    assert len(page_counts) == 1
    assert all(pdf.startswith(b"%PDF") and pdf.rstrip().endswith(b"%%EOF") for pdf in pdfs)


def test_poppler_reads_the_same_text_as_pypdf(bank, context, pdftotext):
    result = make_result(bank, backlog_items=10)
    text = flat(pdftotext(build_roadmap_pdf(result, bank, context)))
    assert f"Ministry of {HOSTILE}" in text
    for place in PLACES:
        assert place in text
    assert result.backlog[0].title in text
