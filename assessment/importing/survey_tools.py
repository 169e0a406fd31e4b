"""What survey tools put in their exports besides the answers, and how their header rows read.

Each tool heads its answer columns with the question (its text, or a code the survey's author
chose) and adds columns of its own: when the response came, from where, by whom. This module
knows those columns, so the importer skips them, lists them, and takes the respondent from the
best one there is. What each tool writes (see the tests in ``tests/integration/test_survey_tools.py``,
which build each export as its documentation describes):

* **Google Forms** (CSV download, or the linked sheet as XLSX): ``Timestamp``, ``Email Address``
  when addresses are collected, ``Score`` for a quiz, then one column per question headed by its
  title; a grid question gives one column per row, headed ``Title [Row]``.
* **Microsoft Forms** (XLSX): ``ID``, ``Start time``, ``Completion time``, ``Email``, ``Name``,
  (``Last modified time``), then the questions; a quiz adds ``Total points``, ``Quiz feedback``
  and ``Points - …`` / ``Feedback - …`` per question. Anonymous responses say ``anonymous``.
* **LimeSurvey** (CSV with a BOM, ``;`` and every value quoted, or XLSX): ``id``/``Response ID``,
  ``submitdate``/``Date submitted``, ``lastpage``, ``startlanguage``, ``seed``, ``token``,
  ``startdate``, ``datestamp``, ``ipaddr``, ``refurl``; questions headed by their code, their
  text, or ``code. text``; answers as codes or as the answer texts.
* **SurveyMonkey** (CSV or XLSX): *two* header rows, the second saying ``Response`` (or
  ``Open-Ended Response``, or the row of a matrix) under each question; ``Respondent ID``,
  ``Collector ID``, ``Start Date``, ``End Date``, ``IP Address``, ``Email Address``,
  ``First Name``, ``Last Name``, ``Custom Data 1``.
* **KoboToolbox** (XLSX, or CSV separated by ``;``): ``start``, ``end``, ``today``, ``deviceid``
  …, then the questions (labels, or names; ``group/name`` with groups in headers), then
  ``_id``, ``_uuid``, ``_submission_time``, ``_validation_status``, ``_notes``, ``_status``,
  ``_submitted_by``, ``__version__``, ``_tags``, ``_index``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from assessment.importing.tables import cell_text
from questionnaires.text import fold

ColumnKind = Literal[
    "metadata", "response id", "respondent", "email", "name", "first name", "last name", "role"
]

# Folded headers of columns that hold no answer, by tool and in general.
METADATA_HEADERS = frozenset(
    {
        # Google Forms
        "timestamp",
        "score",
        # Microsoft Forms
        "start time",
        "completion time",
        "last modified time",
        "total points",
        "quiz feedback",
        "grade posted time",
        # LimeSurvey (codes, then the texts of its "full" headings)
        "submitdate",
        "lastpage",
        "startlanguage",
        "seed",
        "token",
        "startdate",
        "datestamp",
        "ipaddr",
        "refurl",
        "interviewtime",
        "date submitted",
        "last page",
        "start language",
        "date started",
        "date last action",
        "ip address",
        "referrer url",
        "total time",
        # SurveyMonkey
        "collector id",
        "start date",
        "end date",
        # KoboToolbox (the system columns start with "_", see below)
        "start",
        "end",
        "today",
        "deviceid",
        "subscriberid",
        "simserial",
        "phonenumber",
        "username",
        "audit",
        "audit_url",
        "meta/instanceid",
        "formhub/uuid",
        # general
        "status",
        "language",
        "progress",
        "duration",
        "duration (in seconds)",
        "finished",
        "submitted",
        "submitted at",
        "completed",
        "date",
        "date created",
        "date modified",
        "user agent",
        "ip",
        "total score",
        "points",
    }
)
METADATA_PATTERNS = (
    re.compile(r"^_"),  # KoboToolbox's _id, _uuid, _submission_time, _validation_status, …
    re.compile(r"^(points|feedback) - "),  # Microsoft Forms quizzes, per question
    re.compile(r"^custom data( \d+)?$"),  # SurveyMonkey
    re.compile(r"^(question|group) time: "),  # LimeSurvey's timings
)
RESPONSE_ID_HEADERS = ("id", "response id", "respondent id", "responseid", "submission id", "_id", "_uuid")
RESPONDENT_HEADERS = ("respondent", "name", "participant", "respondent name", "participant name")
EMAIL_HEADERS = re.compile(r"^(your )?e-?mail( address)?( \(optional\))?$")
NAME_HEADERS = ("full name", "your name", "your full name", "what is your name?", "what is your name")
FIRST_NAME_HEADERS = ("first name", "firstname", "given name")
LAST_NAME_HEADERS = ("last name", "lastname", "surname", "family name")
ROLE_HEADERS = ("role", "your role", "job role", "job title")
# What SurveyMonkey's second header row says under a question with one answer column.
GENERIC_SUBHEADERS = frozenset({"response", "open-ended response"})
# Identities a tool writes when it has none: not a respondent's name.
PLACEHOLDER_IDENTITIES = frozenset({"", "anonymous", "anonym", "anonyme"})

_NUMBERING = re.compile(r"^(?:q(?:uestion)?\s*)?\d+(?:\.\d+)*\s*[.):-]?\s+(?=\S)")
_CODE_THEN_TEXT = re.compile(r"^([^\s.]+)\.\s+(\S.*)$")  # LimeSurvey's "code. text" headings
_BRACKETED = re.compile(r"^(.*?)\s*\[([^\[\]]+)\]$")  # "Title [Row]", LimeSurvey's "code[sub]"


@dataclass(frozen=True)
class Header:
    """One column's header: ``text`` as the file shows it, ``variants`` (folded) to match it by."""

    text: str
    variants: tuple[str, ...]


def read_headers(header: Sequence[Any], below: Sequence[Any] | None) -> tuple[list[Header], bool]:
    """The columns' headers, and whether the row ``below`` the header is a second header row.

    SurveyMonkey writes its question texts in the first row and, in the second, "Response"
    under each question with one answer column, or the rows of a matrix question (whose text
    then spans those columns, written only above the first).
    """
    first = [cell_text(cell) for cell in header]
    second = [cell_text(cell) for cell in below or ()]
    if not _is_second_header(first, second):
        return [Header(text, header_variants(text)) for text in first], False
    headers: list[Header] = []
    spanning = ""
    for index, text in enumerate(first):
        sub = second[index] if index < len(second) else ""
        spanning = text or spanning
        if fold(sub) in GENERIC_SUBHEADERS or not sub:
            shown = text
        else:
            shown = f"{spanning} [{sub}]" if spanning else sub
        headers.append(Header(shown, header_variants(shown)))
    return headers, True


def _is_second_header(first: list[str], second: list[str]) -> bool:
    # Under the tool's own columns (Respondent ID, Start Date, …) the second row is empty; under
    # the questions it says "Response", or names a matrix row where the first row is empty.
    if not second or not first or second[0]:
        return False
    if any(second[i] for i, text in enumerate(first[: len(second)]) if column_kind(fold(text))):
        return False
    continuing = any(
        not first[i] and second[i] and any(first[:i]) for i in range(min(len(first), len(second)))
    )
    return continuing or any(fold(text) in GENERIC_SUBHEADERS for text in second)


def header_variants(text: str) -> tuple[str, ...]:
    """``text`` folded, then the parts a tool wraps a question's id or text in: numbering
    ("3. …", "Q3: …"), a code ("cult1. …"), a group ("culture/…"), a grid row ("… [row]")."""
    folded = fold(text)
    variants = [folded]
    bracketed = _BRACKETED.match(folded)
    if bracketed:
        variants += [bracketed.group(2), bracketed.group(1)]
    numbered = _NUMBERING.sub("", folded, count=1)
    if numbered != folded:
        variants.append(numbered)
    coded = _CODE_THEN_TEXT.match(folded)
    if coded:
        variants += [coded.group(2), coded.group(1)]
    if "/" in folded:
        variants.append(folded.rsplit("/", 1)[1].strip())
    return tuple(dict.fromkeys(variant for variant in variants if variant))


def column_kind(header: str) -> ColumnKind | None:
    """What a column that is not a question holds, from its (folded) header; None if unknown."""
    if header in RESPONSE_ID_HEADERS:
        return "response id"
    if header in RESPONDENT_HEADERS or (
        re.search(r"\b(respondent|participant)\b", header) and not header.endswith(" id")
    ):
        return "respondent"
    if EMAIL_HEADERS.match(header):
        return "email"
    if header in NAME_HEADERS:
        return "name"
    if header in FIRST_NAME_HEADERS:
        return "first name"
    if header in LAST_NAME_HEADERS:
        return "last name"
    if header in ROLE_HEADERS:
        return "role"
    if header in METADATA_HEADERS or any(pattern.search(header) for pattern in METADATA_PATTERNS):
        return "metadata"
    return None


def detect_tool(headers: Sequence[str]) -> str | None:
    """The survey tool whose export has these (folded) headers, when its own columns say so."""
    present = set(headers)
    if {"respondent id", "collector id"} <= present:
        return "SurveyMonkey"
    if {"id", "start time", "completion time"} <= present:
        return "Microsoft Forms"
    if {"_uuid", "_submission_time"} & present:
        return "KoboToolbox"
    if {"id", "submitdate"} <= present or {"response id", "date submitted"} <= present:
        return "LimeSurvey"
    if headers and headers[0] == "timestamp":
        return "Google Forms"
    return None


def usable_identity(text: str) -> bool:
    """Whether a cell names someone (not empty, not "anonymous")."""
    return fold(text) not in PLACEHOLDER_IDENTITIES
