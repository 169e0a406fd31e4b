"""Scoring: pure functions from an answers table and a bank to result objects.

* ``scoring.engine``: ``score_tables`` (many assessments at once, as DataFrames),
  ``score_assessment`` / ``score_assessments`` / ``assessment_result`` (full results);
* ``scoring.options``: ``ScoringOptions`` — targets, focus, work-in-progress limits;
* ``scoring.compare``: ``compare`` (ranks, percentiles, matrices) and ``change_between``;
* ``scoring.answers``: validation of the answers table into answer codes (``AnswersError``);
  one answer's vocabulary is ``questionnaires.answers``;
* ``scoring.scale``: ``score_of`` and ``level_of`` — a value on the 1–5 scale as a ``Score``;
* ``scoring.results``: the result dataclasses every other part renders.

The method is documented in ``docs/scoring.md``.
"""
