"""What reading a response file gives: its answers checked against the bank, and its columns."""

from __future__ import annotations

from dataclasses import dataclass, field

from assessment.importing.mapping import ColumnMatch
from questionnaires.answers import Answer
from questionnaires.i18n import _


@dataclass(frozen=True)
class ParsedAnswer:
    respondent: str
    question_id: str
    answer: Answer
    note: str | None


@dataclass(frozen=True)
class RespondentSource:
    """Where a wide file's respondents come from: a column, two (first and last name), or row numbers."""

    kind: str  # "respondent", "email", "name", "response id", "row" (see wide.py)
    columns: tuple[int, ...]
    described: str  # "column B 'Email Address'", for the preview and the command line


def row_numbers() -> RespondentSource:
    """Respondents named by their row's place: "Respondent 1", "Respondent 2", … (in the current language)."""
    return RespondentSource(
        "row",
        (),
        _("the row order ('{first}', '{second}', …)").format(
            first=respondent_label(1), second=respondent_label(2)
        ),
    )


def respondent_label(position: int) -> str:
    """The label of the ``position``-th respondent of a file that names none."""
    return _("Respondent {number}").format(number=position)


@dataclass(frozen=True)
class ColumnPlan:
    """A file's layout and what each column holds, before any answer is read (the mapping step)."""

    layout: str
    tool: str | None = None  # "Google Forms", …, when the file's own columns say so
    headers: tuple[str, ...] = ()
    columns: tuple[ColumnMatch, ...] = ()
    respondent: RespondentSource = field(default_factory=row_numbers)
    header_rows: int = 1  # SurveyMonkey writes two

    @property
    def unmatched(self) -> tuple[ColumnMatch, ...]:
        return tuple(column for column in self.columns if column.use == "unmatched")


@dataclass(frozen=True)
class ParsedResponses:
    """A file's responses, checked against the bank and ready to store."""

    layout: str
    respondents: dict[str, str]  # label → role, in file order
    answers: tuple[ParsedAnswer, ...]
    ignored_columns: tuple[str, ...] = ()
    plan: ColumnPlan | None = field(default=None, compare=False)
