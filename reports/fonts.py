"""The report fonts, registered once, and per-character fallback for scripts DejaVu lacks.

reportlab has no font fallback: a character missing from the current font prints as a
black box, silently. DejaVu Sans covers Latin, Greek and Cyrillic ("Zürich", "Łódź",
"Ελλάδα") but no Chinese, Japanese or Korean, so text is cut into runs and every run
DejaVu cannot print is set in Droid Sans Fallback ("北京"). The fallback font (3.4 MB)
is only parsed the first time a report contains such a character.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_DIR = Path(__file__).resolve().parent / "fonts"

REGULAR = "Wayfinder-Sans"
BOLD = "Wayfinder-Sans-Bold"
FALLBACK = "Wayfinder-CJK"

_FILES = {
    REGULAR: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    FALLBACK: "DroidSansFallback.ttf",
}

Run = tuple[str, str]
"""A stretch of text and the font that prints it: ``(font_name, text)``."""

_lock = threading.Lock()
_log = logging.getLogger(__name__)


@cache
def _font(name: str) -> TTFont:
    with _lock:
        font = TTFont(name, str(FONT_DIR / _FILES[name]))
        pdfmetrics.registerFont(font)
        if name == BOLD:
            # <b> inside a Paragraph looks up the family; italics have no face of their own.
            pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
        return font


def register_fonts() -> None:
    """Make the body fonts known to reportlab; safe to call often and from many threads."""
    _font(REGULAR)
    _font(BOLD)


def _has_glyph(font_name: str, character: str) -> bool:
    return ord(character) in _font(font_name).face.charToGlyph


_reported_missing: set[str] = set()


def _report_missing(character: str) -> None:
    """Say once per character that it will print as a box, instead of letting it pass silently."""
    if character not in _reported_missing:
        _reported_missing.add(character)
        _log.warning(
            "no report font has a glyph for %r (U+%04X); it prints as a box", character, ord(character)
        )


def _font_for(character: str, font_name: str) -> str:
    if character.isspace() or _has_glyph(font_name, character):
        return font_name
    if _has_glyph(FALLBACK, character):
        return FALLBACK
    _report_missing(character)
    return font_name


@cache
def _characters_missing_from(font_name: str) -> re.Pattern[str]:
    """A pattern matching any character the font has no glyph for (whitespace aside)."""
    codes = sorted(_font(font_name).face.charToGlyph)
    ranges: list[tuple[int, int]] = []
    for code in codes:
        if ranges and code == ranges[-1][1] + 1:
            ranges[-1] = (ranges[-1][0], code)
        else:
            ranges.append((code, code))
    covered = "".join(f"{re.escape(chr(first))}-{re.escape(chr(last))}" for first, last in ranges)
    return re.compile(f"[^\\s{covered}]")


def font_runs(text: str, font_name: str = REGULAR) -> list[Run]:
    """Split ``text`` into runs, each set in ``font_name`` or, where it has no glyph, the fallback."""
    register_fonts()
    if not text:
        return []
    if not _characters_missing_from(font_name).search(text):
        return [(font_name, text)]
    runs: list[Run] = []
    for character in text:
        chosen = _font_for(character, font_name)
        if runs and runs[-1][0] == chosen:
            runs[-1] = (chosen, runs[-1][1] + character)
        else:
            runs.append((chosen, character))
    return runs


def text_width(text: str, size: float, font_name: str = REGULAR) -> float:
    """The printed width of ``text`` in points, fallback runs included."""
    return sum(pdfmetrics.stringWidth(run, font, size) for font, run in font_runs(text, font_name))
