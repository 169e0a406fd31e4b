"""Scores, levels and changes as people read them: one set of rules for the pages, the PDFs and the CLI.

Pure text functions (no Streamlit, no reportlab), so every layer above ``scoring`` uses them.

The rules:

- **Not scored** reads "–" (an en dash), never 0 and never "nan": ``None`` and NaN both mean
  that no answer stands behind the number.
- **Scores** on the 1–5 scale (and gaps, means, standard deviations on the same scale) have
  one decimal by default: in sentences, chart labels, heatmap cells, targets and the PDFs.
  Screen tables and headline metrics, where people compare neighbouring values, pass
  ``TABLE_DIGITS`` (two decimals). A median is a whole or half level: one decimal.
- **The index** (0–100), percentiles and ranks are whole numbers; **shares** (coverage,
  agreement) are whole percentages.
- **Changes** always carry a sign: "+0.4", "−0.3", and "±0.0" when they round to nothing,
  with the same decimals as the scores they compare. Print uses the true minus sign
  (``MINUS``), which is never read as a hyphen; the pages pass ``minus=HYPHEN_MINUS``, the
  sign their tables, chart labels and summaries have always shown.
- **A level** reads "3 · Defined": its number and the framework's name for it; within 0.05 below
  the next level, "2.99 · almost Defined" (``docs/scoring.md``, section 3).
- **The language** is the current one (:func:`questionnaires.i18n.current_language`): French
  and German write "3,2" and "88 %"; dates read "26 Nov 2026", "26 nov. 2026", "26.11.2026"
  (:func:`date_text`, the one way a date is written, in pages, tables, charts and PDFs); a date
  field, which shows only numbers, takes the same order: "26/11/2026", "26.11.2026".
"""

from __future__ import annotations

import math
from datetime import date, datetime
from functools import cache
from typing import TYPE_CHECKING

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from questionnaires.i18n import _, current_language, format_locale, lazy_gettext, ngettext

if TYPE_CHECKING:  # only annotations: the CLI imports this module without numpy and pandas
    from scoring.results import Score, VersionNote

NOT_SCORED = "–"
NOT_SCORED_WORDS = lazy_gettext("not scored")
MINUS = "\u2212"
HYPHEN_MINUS = "-"
SCORE_DIGITS = 1
TABLE_DIGITS = 2


@cache
def _decimal_symbol(language: str) -> str:
    return format_locale(language).number_symbols["latn"]["decimal"]


def _decimal(value: float, digits: int) -> str:
    """``value`` with ``digits`` decimals and the current language's decimal sign.

    Python formats and Babel's symbol is swapped in: scores never need grouping, and a
    heatmap formats thousands of cells, where Babel's pattern engine would cost ~20x more.
    """
    text = f"{value:.{digits}f}"
    symbol = _decimal_symbol(current_language())
    return text if symbol == "." else text.replace(".", symbol)


def is_missing(value: float | None) -> bool:
    """True for a number that is not there: None, or NaN (a blank cell of a score matrix)."""
    return value is None or math.isnan(value)


def score_text(value: float | None, digits: int = SCORE_DIGITS) -> str:
    """A 1–5 score (or a gap, mean or spread on that scale): "3.2", or "–" when not scored."""
    return NOT_SCORED if is_missing(value) else _decimal(value, digits)


def number_text(value: float) -> str:
    """A plain number as few digits as it needs (a weight, a target): "2", "1.5" ("1,5" in French)."""
    text = f"{value:g}"
    symbol = _decimal_symbol(current_language())
    return text if symbol == "." else text.replace(".", symbol)


def count_text(value: int) -> str:
    """A whole count with the language's grouping: "123,782", "123 782", "123.782"."""
    return format_decimal(value, locale=format_locale(current_language()))


def index_text(value: float | None) -> str:
    """The 0–100 maturity index or a percentile, as a whole number."""
    return NOT_SCORED if is_missing(value) else f"{value:.0f}"


def rank_text(rank: int | None) -> str:
    """A rank in a comparison; units that are not scored have none."""
    return NOT_SCORED if rank is None else str(rank)


def percent_text(share: float | None) -> str:
    """A share between 0 and 1 (coverage, agreement) as a whole percentage: "88%" ("88 %" in French)."""
    if is_missing(share):
        return NOT_SCORED
    return format_percent(share, locale=format_locale(current_language()))


def delta_text(value: float | None, digits: int = SCORE_DIGITS, *, minus: str = MINUS) -> str:
    """A change with its sign: "+0.4", "−0.3", or "±0.0" when it rounds to no change."""
    if is_missing(value):
        return NOT_SCORED
    if round(value, digits) == 0:
        return f"±{_decimal(0, digits)}"
    return f"+{_decimal(value, digits)}" if value > 0 else f"{minus}{_decimal(-value, digits)}"


def spread_text(minimum: int | None, maximum: int | None) -> str:
    """The range of levels people chose: "2–4", "3" when they all agree, "–" without answers."""
    if minimum is None or maximum is None:
        return NOT_SCORED
    return str(minimum) if minimum == maximum else f"{minimum}–{maximum}"


def level_text(score: Score) -> str:
    """The level a score reaches, number and name: "3 · Defined"; "2.99 · almost Defined" just below
    the next level (``docs/scoring.md``, "almost": one dissenter cannot make it read "2 · Developing")."""
    if not score.scored:
        return str(NOT_SCORED_WORDS)
    if score.almost_level_name:
        return f"{score_text(score.value, TABLE_DIGITS)} · {level_name_text(score)}"
    return f"{score.level} · {score.level_name}"


def level_name_text(score: Score, missing: str | None = None) -> str:
    """The name of the level a score reaches ("almost Defined" just below the next one), or ``missing``
    ("not scored") when it is not scored."""
    if score.almost_level_name:
        return _("almost {level}").format(level=score.almost_level_name)
    return score.level_name or (str(NOT_SCORED_WORDS) if missing is None else missing)


def score_with_level(score: Score | None, digits: int = TABLE_DIGITS) -> str:
    """A score and the name of its level, for a list of assessments: "3.25 · Defined"."""
    if score is None or not score.scored:
        return _("not scored yet")
    return f"{score_text(score.value, digits)} · {level_name_text(score)}"


def month_text(day: date) -> str:
    """A month and year as the current language writes it: "November 2026", "novembre 2026"."""
    return format_date(day, format="LLLL y", locale=format_locale(current_language()))


def date_text(day: date) -> str:
    """A date as the current language writes it: "26 Nov 2026", "26 nov. 2026", "26.11.2026"."""
    return format_date(day, format="medium", locale=format_locale(current_language()))


def date_entry_format() -> str:
    """The pattern of a date field (``st.date_input``, a table's date column) in the current
    language: "DD/MM/YYYY", "DD.MM.YYYY".

    A date field can only show numbers, so it takes the order and separator of the language's
    own short date; text shows the same dates with :func:`date_text`, in the same order.
    """
    pattern = format_locale(current_language()).date_formats["short"].pattern
    separator = next((mark for mark in "./-" if mark in pattern), "/")
    order = sorted("dMy", key=lambda field: pattern.index(field) if field in pattern else 9)
    parts = {"d": "DD", "M": "MM", "y": "YYYY"}
    return separator.join(parts[field] for field in order)


def moment_text(moment: datetime) -> str:
    """A date and time of day, as the audit trail lists events: "26 Nov 2026, 14:03:22"."""
    return f"{date_text(moment.date())}, {moment:%H:%M:%S}"


def versions_text(note: VersionNote | None) -> str | None:
    """When a comparison spans several question bank versions, the sentence that says so; else None."""
    if note is None or not note.versions_differ:
        return None
    return ngettext(
        "Question bank versions differ ({versions}): scores compared on the {count} question they share.",
        "Question bank versions differ ({versions}): scores compared on the {count} questions they share.",
        note.questions_compared,
    ).format(versions=", ".join(note.versions), count=note.questions_compared)
