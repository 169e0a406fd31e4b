"""Content rules a bank must meet beyond its schema, for ``bank --check`` and the tests.

Levels attested as a ladder, a tie-break in every help text and in its translations, level 5
within the organisation's own control, no two questions asking the same thing, and every seed
idea of the framework carried by a question. Each rule is a pure function of a loaded
:class:`Bank` (two also take a translated bank or a document's text) yielding :class:`Problem`
objects, so a bank that breaks one still loads; :func:`content_problems` runs them all with the
coverage rules of :mod:`questionnaires.coverage`. docs/authoring.md, "Coverage rules", lists
them with their thresholds; each function's docstring says what it guards against.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from itertools import combinations
from pathlib import Path

from questionnaires.coverage import coverage_problems
from questionnaires.i18n import _
from questionnaires.loader import AREAS_DIR, Bank
from questionnaires.problem_text import Problem
from questionnaires.schema import HIGHEST_LEVEL, Question

# The integrator's record of why the bank changed; its seed idea table is checked for the shipped bank.
FRAMEWORK_CHANGES = Path(__file__).resolve().parent.parent / "docs" / "framework-changes.md"
FRAMEWORK_CHANGES_NAME = "docs/framework-changes.md"
SEED_IDEAS_HEADING = "## Seed ideas and the questions that carry them"

# The ideas the framework was built from, as its source material names them: the five guiding
# steps, the five pillars, then the seed ideas behind the questions. Each must be carried by at
# least one question, named in the table of docs/framework-changes.md.
SEED_IDEAS: tuple[str, ...] = (
    "devops and cloud culture",
    "prioritised backlog and product owner",
    "layered, decoupled, reusable architecture",
    "multi-supplier collaboration with sandboxes and rules",
    "dedicated digital unit and learning culture",
    "security standards",
    "interoperability away from legacy",
    "digital identity",
    "accessible data",
    "personalised citizen services",
    "people before technology",
    "product ownership never outsourced",
    "buy small and be prepared to throw away",
    "citizen journeys",
    "experiment and measure impact",
    "scale what works",
)

TIE_BREAK = re.compile(r"\banswer level ([1-5])\b|\blevel ([1-5]) at most\b", re.IGNORECASE)

_OTHER_BODIES = r"(?:other (?:public )?(?:bodies|organisations|administrations|departments)|peer bodies)"
_OTHERS = r"(?:" + _OTHER_BODIES + r"|others|(?:outside )?reusers)"
# Level-5 conditions met only when someone else acts. An offer ("offers it to other bodies",
# "publishes it for others to reuse", "offers training to ...") is the organisation's own act and
# matches none of them.
OUTSIDE_CONTROL: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        # others act on the work: "other public bodies have adopted", "others reuse it"
        _OTHERS + r"(?: or [a-z ]{1,30}?)? (?:have |has |had )?(?:asked for|asks? for|adopt|adopts|adopted|"
        r"reuse|reuses|reused|use|uses|used|build on|builds on|built on|copy|copies|copied|"
        r"contribute|contributes|contributed|helps? decide)\b",
        # the same in the passive: "adopted by other public bodies", "copied by others"
        r"\b(?:adopted|reused|used|copied|taken up|taken over|built on) by " + _OTHERS,
        # outsiders' reactions as the condition: "draws comments from citizens and other bodies"
        r"\bdraws? (?:comments|contributions|requests|interest) from\b",
        # serving others who must first ask: "trains people in other bodies", "coach ... in other bodies"
        r"(?<!to )\b(?:trains?|coach(?:es)?)\b[a-z ]{0,30}?\b(?:in |at )?" + _OTHER_BODIES,
        # arrangements other bodies must join: "co-own ... with other bodies", "staff move between bodies"
        r"\bco-owns? [^.;]{0,60}?\bwith other\b",
        r"\bmove between (?:public )?bodies\b",
    )
)

# Whole-question similarity (TF-IDF cosine, see question_similarities) from which two
# questions are reported as asking the same thing.
NEAR_DUPLICATE_SIMILARITY = 0.43
_WORD = re.compile(r"[a-z0-9]+")
# Words too common to tell two questions apart.
_STOP_WORDS = frozenset(
    _WORD.findall(
        "a all an and any are as at be but by each every for from has have in into is it its least more "
        "most no not of on one only or our per so than that the their this to we when where which who with "
        "you your"
    )
)


def content_problems(
    bank: Bank, *, translations: Mapping[str, Bank] | None = None, framework_changes: str | None = None
) -> list[Problem]:
    """Every coverage and content rule on ``bank``.

    ``translations`` maps a language to ``bank`` translated into it (its tie-breaks are checked);
    ``framework_changes`` is the text of docs/framework-changes.md, whose seed idea table is
    checked when it is given (for the shipped bank: a tailored bank has no such record).
    """
    problems = [
        *coverage_problems(bank),
        *unattested_ladders(bank),
        *missing_tie_breaks(bank),
        *level_five_outside_control(bank),
        *near_duplicate_questions(bank),
    ]
    for language, translated_bank in (translations or {}).items():
        problems += untranslated_tie_breaks(bank, translated_bank, language=language)
    if framework_changes is not None:
        problems += unmapped_seed_ideas(framework_changes, bank)
    return problems


def _file(question: Question) -> str:
    return f"{AREAS_DIR}/{question.area}.yaml"


def unattested_ladders(bank: Bank) -> Iterator[Problem]:
    """Questions nobody has attested to read as a ladder (``requires_previous: true``).

    The tie-break rule asks respondents to read upwards and stop at the first level not fully
    met; that only works when each level includes the one below, which a reviewer checks and
    records on the question.
    """
    for question in bank.questions:
        if not question.requires_previous:
            yield Problem(
                _file(question),
                question.id,
                _(
                    "its levels are not attested as a ladder: check that each level includes the one "
                    "below, then set requires_previous: true"
                ),
            )


def tie_break_levels(help_text: str) -> tuple[int, ...]:
    """The levels a help text's tie-break names ("answer level 2", "level 3 at most"), in order."""
    return tuple(int(first or second) for first, second in TIE_BREAK.findall(help_text))


def missing_tie_breaks(bank: Bank) -> Iterator[Problem]:
    """Help texts that do not say how to answer a partly met level.

    Without a question-specific tie-break, respondents who half-meet a level round up or down as
    they please, and the spread in a workshop reflects reading habits, not the organisation.
    """
    for question in bank.questions:
        if not tie_break_levels(question.help):
            yield Problem(
                _file(question),
                question.id,
                _(
                    "the help text names no tie-break: end it with how to answer when a level is only "
                    "partly met ('answer level N' or 'level N at most')"
                ),
            )


def outside_control_phrases(descriptor: str) -> list[str]:
    """The phrases of ``descriptor`` that make it depend on what other bodies do."""
    return [match.group(0) for pattern in OUTSIDE_CONTROL if (match := pattern.search(descriptor))]


def level_five_outside_control(bank: Bank) -> Iterator[Problem]:
    """Level-5 descriptors met only when other bodies adopt, reuse, use or ask for the work.

    An organisation cannot plan its way to such a level: a small body doing everything right
    stays at 4 because nobody else adopted its playbook. Level 5 must name what the
    organisation itself does (publishes for reuse, offers to other bodies, reviews with peers).
    """
    for question in bank.questions:
        phrases = outside_control_phrases(question.levels[HIGHEST_LEVEL])
        if phrases:
            yield Problem(
                _file(question),
                question.id,
                _(
                    "level 5 depends on what other bodies do ('{phrase}'): describe what the "
                    "organisation itself does"
                ).format(phrase=phrases[0]),
            )


def _stem(word: str) -> str:
    for suffix, replacement in (("ies", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ing", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)] + replacement
    return word


def _words(question: Question) -> Counter[str]:
    texts = [
        question.text,
        question.help,
        *question.levels.values(),
        *(f"{action.title} {action.description}" for action in question.actions.values()),
    ]
    return Counter(
        _stem(word)
        for text in texts
        for word in _WORD.findall(text.lower())
        if word not in _STOP_WORDS and not word.isdigit()
    )


def question_similarities(bank: Bank) -> list[tuple[float, str, str]]:
    """(similarity, id, id) for every pair of questions, most similar first.

    Each question is the bag of its words (text, help, levels and actions; lower case, stop
    words and numbers left out, plurals and -ed/-ing endings cut), weighted by TF-IDF over the
    bank, so words every question uses ("yearly", "service") count little; pairs are compared
    by cosine.
    """
    bags = {question.id: _words(question) for question in bank.questions}
    document_frequency = Counter(word for bag in bags.values() for word in bag)
    count = len(bags)
    vectors = {
        question_id: {word: n * math.log(count / document_frequency[word]) for word, n in bag.items()}
        for question_id, bag in bags.items()
    }
    norms = {
        question_id: math.sqrt(sum(v * v for v in vector.values())) for question_id, vector in vectors.items()
    }
    pairs = []
    for first, second in combinations(vectors, 2):
        a, b = vectors[first], vectors[second]
        if len(b) < len(a):
            a, b = b, a
        dot = sum(weight * b[word] for word, weight in a.items() if word in b)
        norm = norms[first] * norms[second]
        pairs.append((dot / norm if norm else 0.0, first, second))
    return sorted(pairs, key=lambda pair: (-pair[0], pair[1], pair[2]))


def near_duplicate_questions(bank: Bank) -> Iterator[Problem]:
    """Pairs of questions that ask the same thing in other words.

    A duplicate counts one practice twice in every score it feeds and makes respondents answer
    it twice, often differently. The threshold was set on version 1 of the bank: its two known
    duplicates score 0.58 (procurement.product-ownership / skills.product-owners) and 0.46
    (architecture.portability / procurement.exit-and-data-rights, whose level 4 is the same
    yearly export rehearsal), while the next pairs are related but distinct questions: 0.40
    architecture.data-catalogue / open-data (an internal catalogue vs publishing), 0.39
    culture.experiment-and-measure / scale-what-works (two seed ideas), 0.36
    culture.leadership-mandate / skills.digital-unit. 0.43 splits the two groups.
    """
    for similarity, first, second in question_similarities(bank):
        if similarity < NEAR_DUPLICATE_SIMILARITY:
            break
        question = bank.question(first)
        yield Problem(
            _file(question),
            first,
            _(
                "reads like '{other}' (similarity {similarity}, limit {limit}): merge the two or make "
                "them ask about different things"
            ).format(other=second, similarity=f"{similarity:.2f}", limit=f"{NEAR_DUPLICATE_SIMILARITY:.2f}"),
        )


def untranslated_tie_breaks(english: Bank, translated: Bank, *, language: str) -> Iterator[Problem]:
    """Translated help texts that lost the English tie-break's level.

    A French or German respondent told to "answer level 3" where the English says level 2
    scores differently for the same situation; the level digit is the part of the tie-break a
    check can see in any language.
    """
    for question in english.questions:
        levels = tie_break_levels(question.help)
        if not levels or not translated.has_question(question.id):
            continue
        translated_help = translated.question(question.id).help
        for level in levels:
            if not re.search(rf"(?<!\d){level}(?!\d)", translated_help):
                yield Problem(
                    f"translations/{language}/{AREAS_DIR}/{question.area}.yaml",
                    question.id,
                    _("the help text lacks the tie-break's level {level} that the English help names").format(
                        level=level
                    ),
                )


def _normalised(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9]+", " ", text.lower()).split())


def seed_idea_table(markdown: str) -> dict[str, tuple[str, ...]] | None:
    """The rows of the ``| Seed idea | Questions |`` table under :data:`SEED_IDEAS_HEADING`:
    each idea cell → the backticked ids of its questions cell. None without such a table."""
    lines = markdown.splitlines()
    heading = _normalised(SEED_IDEAS_HEADING)
    start = next(
        (i for i, line in enumerate(lines) if line.startswith("## ") and _normalised(line) == heading), None
    )
    if start is None:
        return None
    rows: dict[str, tuple[str, ...]] | None = None
    for line in lines[start + 1 :]:
        if line.startswith("## "):
            break
        if not line.strip().startswith("|"):
            continue
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if rows is None:
            if (
                len(cells) >= 2
                and _normalised(cells[0]) == "seed idea"
                and _normalised(cells[1]) == "questions"
            ):
                rows = {}
            continue
        if all(re.fullmatch(r":?-+:?", cell) for cell in cells if cell):
            continue
        rows[cells[0]] = tuple(re.findall(r"`([^`]+)`", " ".join(cells[1:])))
    return rows


def unmapped_seed_ideas(markdown: str, bank: Bank) -> Iterator[Problem]:
    """Seed ideas of :data:`SEED_IDEAS` that no question is recorded as carrying, and recorded
    question ids the bank does not have.

    The bank is meant to carry the ideas the framework was built from; the table in
    docs/framework-changes.md is where the integrator records which questions do, and a
    retired or renamed question must not go on carrying an idea on paper.
    """
    table = seed_idea_table(markdown)
    if table is None:
        yield Problem(
            FRAMEWORK_CHANGES_NAME,
            None,
            _("no section '{heading}' with a table | Seed idea | Questions |").format(
                heading=SEED_IDEAS_HEADING
            ),
        )
        return
    rows = {_normalised(idea): ids for idea, ids in table.items()}
    for idea in SEED_IDEAS:
        wanted = f" {_normalised(idea)} "
        carried = any(
            bank.has_question(question_id)
            for cell, ids in rows.items()
            if wanted in f" {cell} "
            for question_id in ids
        )
        if not carried:
            yield Problem(
                FRAMEWORK_CHANGES_NAME,
                None,
                _("seed idea '{idea}' has no row naming a question that carries it").format(idea=idea),
            )
    for idea, ids in table.items():
        for question_id in ids:
            if not bank.has_question(question_id):
                yield Problem(
                    FRAMEWORK_CHANGES_NAME,
                    None,
                    _("seed idea '{idea}' names '{question}', which is not a question in the bank").format(
                        idea=idea, question=question_id
                    ),
                )
