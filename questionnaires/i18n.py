"""Interface languages: gettext catalogues, the current language, and Babel's locale data.

Every user-facing string of the app, the PDFs and the CLI is marked where it is written:
``_("Saved")``, ``ngettext("{count} answer", "{count} answers", n).format(count=n)``, and
``lazy_gettext`` for module-level constants (translated each time they are turned into text,
so one constant serves every language). Bank content (questions, levels, steps, pillars, areas)
is not in the catalogue: it is translated by ``questionnaires.translations``.

The language is held in a :class:`contextvars.ContextVar`, so each thread or task has its own:
Streamlit sets it at the start of every script run (each run has its own thread), the PDFs and
the CLI use ``with language("fr"):``. Without one set, text is English.

Catalogues are ``locales/<lang>/LC_MESSAGES/wayfinder.po``, read from the ``.po`` at first use
in a process (tens of milliseconds each, ~830 messages) so there is no build step: ``make run``
and ``make test`` stay the only set-up, and an edited catalogue is seen on the next start. A
language is shipped by adding its catalogue (and its bank translations): no code.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel import Locale
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import NullTranslations, Translations

DOMAIN = "wayfinder"
DEFAULT_LANGUAGE = "en"
LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
# Babel's locale for formatting each language: English dates and numbers the European way
# ("26 Nov 2026"), as a public body in Europe writes them.
_FORMAT_LOCALES = {"en": "en_GB"}

_current: ContextVar[str] = ContextVar("wayfinder_language", default=DEFAULT_LANGUAGE)
_loading = threading.Lock()


class LanguageError(ValueError):
    """A language Wayfinder does not ship; the message lists those it does."""


def _shipped() -> tuple[str, ...]:
    found = sorted(p.parent.parent.name for p in LOCALES_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))
    return (DEFAULT_LANGUAGE, *(code for code in found if code != DEFAULT_LANGUAGE))


LANGUAGES: tuple[str, ...] = _shipped()


def language_name(code: str) -> str:
    """A language's own name for itself, as a picker shows it: "English", "Français", "Deutsch"."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def normalise_language(value: str | None) -> str | None:
    """The shipped language ``value`` asks for ("fr-CH", "de_DE", "FR" …), or None for others."""
    if not value:
        return None
    code = value.strip().replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else None


def require_language(value: str) -> str:
    """``value`` as a shipped language code; :class:`LanguageError` naming the choices otherwise."""
    code = normalise_language(value)
    if code is None:
        raise LanguageError(f"unknown language {value!r}: use one of {', '.join(LANGUAGES)}")
    return code


def current_language() -> str:
    """The language text is written in now (English unless one was set)."""
    return _current.get()


def set_language(code: str) -> None:
    """Make ``code`` the language of this thread from now on (Streamlit: once per script run)."""
    _current.set(require_language(code))


@contextmanager
def language(code: str | None) -> Iterator[str]:
    """Write in ``code`` inside the block (None keeps the current language): PDFs, the CLI, tests."""
    token = _current.set(require_language(code) if code else current_language())
    try:
        yield _current.get()
    finally:
        _current.reset(token)


@cache
def _translations(code: str) -> NullTranslations:
    """The catalogue of ``code``, compiled in memory from its ``.po`` once per process."""
    path = LOCALES_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po"
    if code == DEFAULT_LANGUAGE or not path.exists():
        return NullTranslations()
    with _loading, path.open("rb") as po:
        catalog = read_po(po, locale=code, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)  # fuzzy entries are left out: they are not yet reviewed
    compiled.seek(0)
    return Translations(compiled, domain=DOMAIN)


def gettext(message: str) -> str:
    """``message`` in the current language (itself when the catalogue has no translation)."""
    return _translations(current_language()).gettext(message)


_ = gettext


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``, by the current language's plural rule."""
    return _translations(current_language()).ngettext(singular, plural, count)


class LazyText:
    """A marked message translated each time it becomes text, for module-level constants."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message

    def __str__(self) -> str:
        return gettext(self.message)

    def __format__(self, spec: str) -> str:
        return format(str(self), spec)

    def __repr__(self) -> str:
        return f"lazy_gettext({self.message!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LazyText) and other.message == self.message

    def __hash__(self) -> int:
        return hash(self.message)

    def format(self, *args: object, **kwargs: object) -> str:
        return str(self).format(*args, **kwargs)


def lazy_gettext(message: str) -> LazyText:
    """Mark ``message`` for translation where it is used, not where it is defined."""
    return LazyText(message)


@cache
def format_locale(code: str) -> Locale:
    """Babel's locale for numbers and dates in ``code``."""
    return Locale.parse(_FORMAT_LOCALES.get(code, code))


def warm_up(code: str) -> None:
    """Load ``code``'s catalogue now (a server may call it at start so no visitor waits)."""
    _translations(require_language(code))
