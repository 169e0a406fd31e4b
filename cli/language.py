"""The command line's messages in the operator's language (``--lang``, else the terminal's).

``_`` and ``ngettext`` load the catalogues only when a message is written, so building the
parser and ``--help`` stay instant (``questionnaires`` loads pydantic and YAML).
"""

from __future__ import annotations


def _(message: str) -> str:
    """``message`` in the current language (see :mod:`questionnaires.i18n`)."""
    from questionnaires.i18n import gettext

    return gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural message for ``count``, in the current language."""
    from questionnaires.i18n import ngettext as plural_form

    return plural_form(singular, plural, count)
