"""The command line's language: its help, argparse's own words and errors, and its messages.

The language is the one ``--lang`` names, else the terminal's (``WAYFINDER_LANGUAGE``, then
gettext's ``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG``), else English.

Two readers of the same catalogue (``locales/<lang>/LC_MESSAGES/wayfinder.po``):

- ``help_text`` serves the parser. ``--help`` and argument errors must answer at once, before
  anything but the standard library is loaded, so the ``.po`` is read here by a small reader
  (a few milliseconds) instead of Babel (``questionnaires`` also loads pydantic and YAML).
  Help texts have no plurals, so singular messages are all it reads. argparse's own texts
  ("usage:", "options", its errors) come from the same catalogue while the parser is built
  and run (:func:`parser_language`).
- ``_`` and ``ngettext`` serve the messages a running command writes, through
  :mod:`questionnaires.i18n` (plurals, and the language ``report --lang`` switches to).
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path
from types import MappingProxyType

DEFAULT_LANGUAGE = "en"
LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
CATALOGUE = "LC_MESSAGES/wayfinder.po"
# The same list as questionnaires.i18n.LANGUAGES (tests/unit/test_cli_language.py checks it).
LANGUAGES: tuple[str, ...] = (
    DEFAULT_LANGUAGE,
    *sorted(p.parent.parent.name for p in LOCALES_DIR.glob(f"*/{CATALOGUE}") if p.parent.parent.name != "en"),
)
ENVIRONMENT_VARIABLES = ("WAYFINDER_LANGUAGE", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def N_(message: str) -> str:
    """Mark ``message`` for the catalogue without translating it here (gettext's usual name)."""
    return message


# argparse's own texts that this parser can show (Python 3.11's wording): argparse looks each up
# through ``gettext`` when it writes it, and :func:`parser_language` answers from our catalogue.
# Listed so that ``make messages`` keeps them; tests check each is still argparse's wording.
ARGPARSE_TEXTS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("unrecognized arguments: %s"),
    N_("ignored explicit argument %r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
)

_parser_texts: ContextVar[Mapping[str, str]] = ContextVar("wayfinder_cli_help", default=MappingProxyType({}))
_ESCAPE = re.compile(r"\\([\\trn\"])")
_ESCAPED = {"\\": "\\", "t": "\t", "r": "\r", "n": "\n", '"': '"'}


def normalise_language(value: str | None) -> str | None:
    """The shipped language ``value`` names ("fr_CH.UTF-8", "de-DE", "FR"), or None."""
    code = (value or "").split(".")[0].strip().replace("_", "-").split("-")[0].lower()
    return code if code in LANGUAGES else None


def language_from_environment(environ: Mapping[str, str]) -> str:
    """The language a terminal asks for, in gettext's order; English when none names a shipped one."""
    for name in ENVIRONMENT_VARIABLES:
        for part in environ.get(name, "").split(":"):  # LANGUAGE lists several: "fr:de"
            code = normalise_language(part)
            if code:
                return code
    return DEFAULT_LANGUAGE


def requested_language(argv: Sequence[str], environ: Mapping[str, str]) -> str:
    """The command line's language: the last shipped one a ``--lang`` names, else the terminal's.

    Read before argparse runs, because the help texts are written while the parser is built.
    """
    chosen = None
    for index, argument in enumerate(argv):
        if argument == "--lang" and index + 1 < len(argv):
            chosen = normalise_language(argv[index + 1]) or chosen
        elif argument.startswith("--lang="):
            chosen = normalise_language(argument.removeprefix("--lang=")) or chosen
    return chosen or language_from_environment(environ)


@cache
def help_catalogue(code: str) -> Mapping[str, str]:
    """The reviewed singular translations of ``code``'s catalogue: English message -> text."""
    path = LOCALES_DIR / code / CATALOGUE
    if code == DEFAULT_LANGUAGE or not path.exists():
        return {}
    return _read_po(path.read_text("utf-8"))


def _read_po(text: str) -> dict[str, str]:
    """Singular, non-fuzzy, translated entries of a ``.po`` file (the few rules Babel writes by)."""
    found: dict[str, str] = {}
    entry: dict[str, str] = {}
    fuzzy = False
    field = None

    def keep() -> None:
        if entry.get("msgid") and entry.get("msgstr") and not fuzzy and "msgctxt" not in entry:
            found[entry["msgid"]] = entry["msgstr"]

    for line in text.splitlines():
        line = line.strip()
        if line.startswith('"'):
            if field:
                entry[field] += _unquote(line)
            continue
        if any(key.startswith("msgstr") for key in entry) and not line.startswith("msgstr"):
            keep()  # a comment, a blank line or the next msgid ends the entry
            entry, fuzzy, field = {}, False, None
        if line.startswith("#,"):
            fuzzy = "fuzzy" in line
        elif line.startswith("msg"):
            field, _, value = line.partition(" ")
            entry[field] = _unquote(value)
        else:
            field = None  # comments, obsolete "#~" entries, blank lines
    keep()
    return found


def _unquote(quoted: str) -> str:
    return _ESCAPE.sub(lambda match: _ESCAPED[match.group(1)], quoted.strip()[1:-1])


def help_text(message: str) -> str:
    """``message`` in the parser's language (see :func:`parser_language`); for help texts."""
    return _parser_texts.get().get(message, message)


@contextmanager
def parser_language(code: str) -> Iterator[None]:
    """Build and run the parser in ``code``: our help texts and argparse's own words and errors.

    argparse reads its texts through the module's ``_`` each time it writes one; inside the
    block that ``_`` answers from our catalogue, and the original is put back after it.
    """
    texts = help_catalogue(code)
    token = _parser_texts.set(texts)
    original = argparse._  # type: ignore[attr-defined]
    argparse._ = lambda message: texts.get(message, message)  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._ = original  # type: ignore[attr-defined]
        _parser_texts.reset(token)


def _(message: str) -> str:
    """``message`` in the current language (see :mod:`questionnaires.i18n`)."""
    from questionnaires.i18n import gettext

    return gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural message for ``count``, in the current language."""
    from questionnaires.i18n import ngettext as plural_form

    return plural_form(singular, plural, count)
