"""Finding English interface text where a page or a PDF should be entirely in another language.

The English texts are the catalogue's own message ids (``locales/<lang>/LC_MESSAGES``): each
is cut at its placeholders and markup into fragments, and a fragment left in a French or German
page means a string was not translated or not marked. Fragments the translation keeps as they
are ("Workshop", "Index", "Backlog" in German) cannot tell and are left out, as are fragments too
short to be English on their own (a lone "n=", "#"), single words the language itself uses
somewhere in its catalogue ("Version", "questions" in French), and single lowercase words
("small", "open"): a page's own settings use them too (a column's ``width: "small"``), so they
count only inside a longer fragment.
"""

from __future__ import annotations

import re
from functools import cache

from babel.messages.pofile import read_po

from questionnaires.i18n import DOMAIN, LOCALES_DIR

_PLACEHOLDER = re.compile(r"\{[^{}]*\}")
_MARKUP = re.compile(r"<[^>]+>")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
# Words that read the same in English and in the page's language, and names of things.
SAME_IN_EVERY_LANGUAGE = frozenset(
    {"Wayfinder", "CSV", "JSON", "Excel", "PDF", "UTC", "Jira", "Azure DevOps"}
)


def _pieces(message: str) -> list[str]:
    text = _MARKUP.sub(" ", message)
    return [" ".join(piece.split()).strip(" .,:;()·—–-'\"“”«»") for piece in _PLACEHOLDER.split(text)]


@cache
def english_fragments(language: str) -> tuple[str, ...]:
    """Fragments of the catalogue's English texts that should not appear in ``language``."""
    path = LOCALES_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"
    with path.open("rb") as po:
        catalogue = read_po(po, locale=language)
    found: set[str] = set()
    native = {
        word
        for message in catalogue
        for string in ([message.string] if isinstance(message.string, str) else message.string)
        for word in _WORD.findall(string or "")
    }
    for message in catalogue:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        translated = " ".join(strings)
        for english in ids:
            for piece in _pieces(english):
                words = _WORD.findall(piece)
                if not words or (len(words) == 1 and len(words[0]) < 4):
                    continue
                if piece in translated or piece in SAME_IN_EVERY_LANGUAGE:
                    continue
                if len(words) == 1 and (piece in native or piece[:1].islower()):
                    continue
                found.add(piece)
    return tuple(sorted(found, key=len, reverse=True))


def english_left(text: str, language: str, *, besides: str = "") -> list[str]:
    """The catalogue's English fragments found in ``text`` (whole words, spacing ignored).

    ``besides``: other text of the page in that language (the bank's), whose words are its own:
    a German question may well say "Product Owner".
    """
    flat = " ".join(text.split())
    return [
        fragment
        for fragment in english_fragments(language)
        if _has(flat, fragment) and not _has(besides, fragment)
    ]


def _has(text: str, fragment: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(fragment)}(?![\w-])", text) is not None
