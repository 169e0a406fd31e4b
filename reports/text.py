"""Text on the page: escaping for ``Paragraph``, fitting and wrapping, and labels for drawings.

Numbers and levels are written by :mod:`scoring.formatting`, the one formatter every layer shares.

Every string that did not come from this package (organisation and unit names, notes,
titles, even bank texts) goes through :func:`safe` before it reaches a ``Paragraph``:
its mini-markup would otherwise read ``<b>`` as markup, drop ``&`` silently, crash on
``x<y`` and even load local files named in ``<img src=…>``.
"""

from __future__ import annotations

import re
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.graphics.shapes import Group, String
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from reports.fonts import REGULAR, font_runs, text_width

ELLIPSIS = "…"

_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def clean(text: object) -> str:
    """``text`` as a string without control characters; line ends normalised to ``\\n``."""
    value = str(text).replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL_CHARACTERS.sub("", value)


def safe(text: object, *, line_breaks: bool = False) -> str:
    """Paragraph markup that prints ``text`` literally, in fonts that have its glyphs."""
    parts = []
    for font, run in font_runs(clean(text)):
        escaped = escape(run)
        if line_breaks:
            escaped = escaped.replace("\n", "<br/>")
        parts.append(escaped if font == REGULAR else f'<font face="{font}">{escaped}</font>')
    return "".join(parts)


def fit(text: str, width: float, size: float, font: str = REGULAR) -> str:
    """``text``, cut with an ellipsis where it would be wider than ``width`` points."""
    text = clean(text).replace("\n", " ")
    if text_width(text, size, font) <= width:
        return text
    shortest, longest = 0, len(text)
    while shortest < longest:
        middle = (shortest + longest + 1) // 2
        if text_width(text[:middle].rstrip() + ELLIPSIS, size, font) <= width:
            shortest = middle
        else:
            longest = middle - 1
    return text[:shortest].rstrip() + ELLIPSIS


def wrap(
    text: str, width: float, size: float, *, font: str = REGULAR, max_lines: int | None = None
) -> list[str]:
    """Greedy line breaking at spaces, keeping line breaks; a word wider than a line breaks anywhere.

    With ``max_lines``, the last line kept ends in an ellipsis when text had to be left out.
    """
    lines: list[str] = []
    space = _width(" ", size, font)
    for paragraph in clean(text).split("\n"):
        words: list[str] = []
        used = 0.0
        for word in paragraph.split():
            word_width = _width(word, size, font)
            if word_width > width:
                pieces = _break_word(word, width, size, font)
                word, word_width = pieces[-1], _width(pieces[-1], size, font)
                if words:
                    lines.append(" ".join(words))
                lines.extend(pieces[:-1])
                words, used = [], 0.0
            needed = word_width if not words else used + space + word_width
            if words and needed > width:
                lines.append(" ".join(words))
                words, needed = [], word_width
            words.append(word)
            used = needed
        lines.append(" ".join(words))
    while len(lines) > 1 and not lines[-1]:
        lines.pop()
    if max_lines is not None and len(lines) > max_lines:
        lines = [*lines[: max_lines - 1], fit(" ".join(lines[max_lines - 1 :]), width, size, font)]
    return lines


def _break_word(word: str, width: float, size: float, font: str) -> list[str]:
    """A word wider than a line in pieces that fit; a break between two letters of an
    alphabetic script ends its line with a hyphen ("Sicherheits-" / "standards"), a break in
    Chinese or Japanese text, which has no hyphens, does not."""
    hyphen = _width("-", size, font)
    pieces = [""]
    used = 0.0
    for character in word:
        character_width = _width(character, size, font)
        hyphenated = _hyphenates(character) and pieces[-1] and _hyphenates(pieces[-1][-1])
        if pieces[-1] and used + character_width + (hyphen if hyphenated else 0) > width:
            if hyphenated:
                pieces[-1] += "-"
            pieces.append(character)
            used = character_width
        else:
            pieces[-1] += character
            used += character_width
    return pieces


def _hyphenates(character: str) -> bool:
    """A letter of a script that marks a word broken across lines with a hyphen."""
    return character.isalpha() and ord(character) < CJK_START


CJK_START = 0x2E80  # from here on: CJK radicals, kana, ideographs, Hangul


@lru_cache(maxsize=8192)
def _width(word: str, size: float, font: str) -> float:
    """Word widths repeat a lot ("the", "and", level names): measure each once."""
    return text_width(word, size, font)


def _runs_from(x: float, text: str, size: float, font: str, anchor: str) -> list[tuple[float, str, str]]:
    runs = font_runs(text, font)
    widths = [stringWidth(run, run_font, size) for run_font, run in runs]
    start = {"start": x, "middle": x - sum(widths) / 2, "end": x - sum(widths)}[anchor]
    placed = []
    for (run_font, run), run_width in zip(runs, widths, strict=True):
        placed.append((start, run_font, run))
        start += run_width
    return placed


def label(x: float, y: float, text: str, *, size: float, color, font: str = REGULAR, anchor: str = "start"):
    """A one-line label for a ``Drawing``: one ``String`` per font run, so every glyph prints."""
    group = Group()
    for run_x, run_font, run in _runs_from(x, clean(text), size, font, anchor):
        group.add(String(run_x, y, run, fontName=run_font, fontSize=size, fillColor=color))
    return group


def draw_text(
    canvas: Canvas, x: float, y: float, text: str, *, size: float, font: str = REGULAR, anchor: str = "start"
) -> None:
    """The canvas counterpart of :func:`label`, for page headers and footers."""
    draw_lines(canvas, x, y, [text], size=size, leading=size, font=font, anchor=anchor)


def draw_lines(
    canvas: Canvas,
    x: float,
    y: float,
    lines: list[str],
    *,
    size: float,
    leading: float,
    font: str = REGULAR,
    anchor: str = "start",
) -> None:
    """Lines of text from the baseline ``y`` down, in one PDF text object (cheaper than a string each)."""
    text_object = canvas.beginText()
    current_font = None
    for line in lines:
        for run_x, run_font, run in _runs_from(x, clean(line), size, font, anchor):
            if run_font != current_font:
                text_object.setFont(run_font, size)
                current_font = run_font
            text_object.setTextOrigin(run_x, y)
            text_object.textOut(run)
        y -= leading
    canvas.drawText(text_object)
