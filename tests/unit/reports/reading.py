"""Reading a built PDF back: its text per page and the fonts it embeds."""

from __future__ import annotations

import io

from pypdf import PdfReader

HOSTILE = 'R&D <Dept> "A" <script>'
PLACES = ("Zürich", "Genève", "Ελλάδα", "Łódź", "北京")


def page_texts(pdf: bytes) -> list[str]:
    """The text of every page, as pypdf extracts it."""
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def embedded_fonts(pdf: bytes) -> set[str]:
    """Base font names of every font the PDF's pages use (subset prefixes dropped)."""
    names: set[str] = set()
    for page in PdfReader(io.BytesIO(pdf)).pages:
        fonts = page.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1].lstrip("/"))
    return names
