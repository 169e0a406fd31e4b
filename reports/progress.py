"""The roadmap's "Progress since last round" page: each plan item done since it was adopted, how
the question it targeted moved, the ones to discuss, and what the backlog leaves out because it
is already in progress."""

from __future__ import annotations

from reportlab.platypus import Flowable

from questionnaires.i18n import _, ngettext
from questionnaires.loader import Bank
from reports.blocks import data_table, paragraph, plain, text
from reports.text import safe
from scoring.formatting import delta_text, score_text
from scoring.progress import ItemProgress, Progress

DISCUSS_MARK = "⚑"
WIDTHS = (150, 170, 40, 40, 44, 70)


def progress_section(progress: Progress, bank: Bank) -> list[Flowable]:
    """The page's flowables: a heading, what it shows, one row per done item, what was left out."""
    done, flagged = len(progress.items), len(progress.to_discuss)
    flowables: list[Flowable] = [
        text(_("Progress since last round"), "h1"),
        paragraph(
            safe(
                ngettext(
                    "{count} plan item is done since it was adopted.",
                    "{count} plan items are done since they were adopted.",
                    done,
                ).format(count=done)
                + " "
                + _(
                    "For each, the question it targeted: its mean when the item was adopted, now, and "
                    "the change. {mark} marks an item to discuss: done, yet its question did not move."
                ).format(mark=DISCUSS_MARK)
            ),
            "small",
        ),
    ]
    if progress.items:
        flowables.append(
            data_table(
                [_("Done item"), _("Question"), _("Then"), _("Now"), _("Change"), _("Discuss")],
                [_row(item, bank) for item in progress.items],
                WIDTHS,
                numeric=(2, 3, 4),
            )
        )
    if flagged:
        flowables.append(
            paragraph(
                safe(
                    ngettext(
                        "{count} done item to discuss: did the work reach practice, or does the question "
                        "measure something else?",
                        "{count} done items to discuss: did the work reach practice, or does the question "
                        "measure something else?",
                        flagged,
                    ).format(count=flagged)
                )
            )
        )
    if progress.left_out:
        titles = "; ".join(item.title for item in progress.left_out)
        flowables.append(
            paragraph(
                safe(
                    ngettext(
                        "Left out of this backlog, already in progress in the plan ({count}): {titles}.",
                        "Left out of this backlog, already in progress in the plan ({count}): {titles}.",
                        len(progress.left_out),
                    ).format(count=len(progress.left_out), titles=titles)
                )
            )
        )
    return flowables


def _row(item: ItemProgress, bank: Bank) -> list[Flowable | str]:
    question = (
        bank.question(item.question_id).text if bank.has_question(item.question_id) else item.question_id
    )
    return [
        text(item.title, "cell"),
        text(question, "cell", max_lines=4),
        plain(score_text(item.before)),
        plain(score_text(item.after)),
        plain(delta_text(item.delta)),
        plain(_outcome(item)),
    ]


def _outcome(item: ItemProgress) -> str:
    if item.to_discuss:
        return f"{DISCUSS_MARK} {_('discuss')}"
    return _("found out") if item.found_out else _("moved")
