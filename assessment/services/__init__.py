"""The service layer: data access as plain functions, keyword-only, session first, records out.

One module per entity, each with its own helpers:

* :mod:`~assessment.services.organisations`, :mod:`~assessment.services.units`,
  :mod:`~assessment.services.assessments`, :mod:`~assessment.services.respondents`,
  :mod:`~assessment.services.answers` (the one writer of answer rows) and
  :mod:`~assessment.services.scores` (stored assessments through the scoring engine);
  :mod:`~assessment.services.plans` (a unit's plan: adopted backlog items, edits, history);
  :mod:`~assessment.services.share_links` (read-only results links for people without an account);
* :mod:`~assessment.services.members` (roles per organisation, instance admins, the actor of a
  signed-in person); :mod:`~assessment.services.import_mappings` (how a survey form's columns
  map to the bank, remembered per organisation);
* :mod:`~assessment.services.live` (lookups of what is not deleted, checked against the actor) and
  :mod:`~assessment.services.inputs` (validation) are shared by them.

Every function that reads or changes an organisation's data takes the ``actor`` asking and
checks their role first (:mod:`assessment.access`). Every function works inside the caller's
session (``db.session_scope``) and never commits itself, so several calls form one transaction
(one exception: a wrong join code is committed at once, see ``join_workshop``). Errors are
:mod:`assessment.errors` exceptions with a message for the user. Deleting an organisation, unit
or assessment is soft (it disappears everywhere but can be restored) and needs its exact name
as confirmation; deleting a respondent removes their answers for good.

Callers write ``from assessment import services`` and ``services.create_unit(...)``: this
module gathers the public functions of the entity modules under that one name.
"""

from assessment.services.answers import (
    NewAnswer,
    answers_for_respondent,
    answers_version,
    clear_answer,
    load_answers,
    load_organisation_answers,
    save_answer,
    save_answers,
    workshop_progress,
    write_answers,
)
from assessment.services.assessments import (
    JOIN_CODE_ALPHABET,
    close_assessment,
    create_assessment,
    delete_assessment,
    get_assessment_info,
    list_assessments,
    new_join_code,
    rename_assessment,
    reopen_assessment,
    restore_assessment,
    rotate_join_code,
    update_targets,
)
from assessment.services.audit import audit_trail, record_report, record_sign_in
from assessment.services.banks import (
    adopt_bank,
    bank_by_version,
    bank_diff,
    bank_of_organisation,
    check_tailored_bank,
    comparison_bank,
    list_bank_versions,
    preview_adoption,
    stop_tailored_bank,
)
from assessment.services.erasure import PurgeReport, apply_retention, person_data, purge
from assessment.services.import_mappings import find_import_mapping, save_import_mapping
from assessment.services.inputs import current_bank
from assessment.services.languages import (
    person_language,
    set_person_language,
    set_report_language,
    set_respondent_language,
    shown_bank,
)
from assessment.services.members import (
    actor_for,
    add_admin,
    add_member,
    is_admin,
    list_admins,
    list_members,
    remove_admin,
    remove_member,
)
from assessment.services.organisations import (
    create_organisation,
    delete_organisation,
    deleted_organisations,
    find_organisation,
    get_organisation,
    list_deleted,
    list_organisations,
    rename_organisation,
    restore_organisation,
    set_retention,
)
from assessment.services.plans import (
    adopt_backlog,
    get_plan,
    import_statuses,
    plan_history,
    review_round,
    save_plan_items,
)
from assessment.services.pulse import WorkshopPulse, workshop_pulse
from assessment.services.respondents import (
    add_respondent,
    delete_respondent,
    join_workshop,
    list_respondents,
    new_token,
    own_respondents,
    participation_for,
    rename_respondent,
    respondent_by_token,
    restore_respondent,
    returning_participant,
    start_self_assessment,
    withdraw,
    workshop_is_anonymous,
)
from assessment.services.scores import overall_scores, score_assessment, score_organisation, unit_trend
from assessment.services.share_links import (
    create_share_link,
    list_share_links,
    revoke_share_link,
    shared_results,
)
from assessment.services.units import (
    create_unit,
    delete_unit,
    find_unit,
    get_unit,
    list_units,
    rename_unit,
    restore_unit,
)

__all__ = [
    "JOIN_CODE_ALPHABET",
    "NewAnswer",
    "PurgeReport",
    "WorkshopPulse",
    "actor_for",
    "add_admin",
    "add_member",
    "add_respondent",
    "adopt_backlog",
    "adopt_bank",
    "answers_for_respondent",
    "answers_version",
    "apply_retention",
    "audit_trail",
    "bank_by_version",
    "bank_diff",
    "bank_of_organisation",
    "check_tailored_bank",
    "clear_answer",
    "close_assessment",
    "comparison_bank",
    "create_assessment",
    "create_organisation",
    "create_share_link",
    "create_unit",
    "current_bank",
    "delete_assessment",
    "delete_organisation",
    "delete_respondent",
    "delete_unit",
    "deleted_organisations",
    "find_import_mapping",
    "find_organisation",
    "find_unit",
    "get_assessment_info",
    "get_organisation",
    "get_plan",
    "get_unit",
    "import_statuses",
    "is_admin",
    "join_workshop",
    "list_admins",
    "list_assessments",
    "list_bank_versions",
    "list_deleted",
    "list_members",
    "list_organisations",
    "list_respondents",
    "list_share_links",
    "list_units",
    "load_answers",
    "load_organisation_answers",
    "new_join_code",
    "new_token",
    "overall_scores",
    "own_respondents",
    "participation_for",
    "person_data",
    "person_language",
    "plan_history",
    "preview_adoption",
    "purge",
    "record_report",
    "record_sign_in",
    "remove_admin",
    "remove_member",
    "rename_assessment",
    "rename_organisation",
    "rename_respondent",
    "rename_unit",
    "reopen_assessment",
    "respondent_by_token",
    "restore_assessment",
    "restore_organisation",
    "restore_respondent",
    "restore_unit",
    "returning_participant",
    "review_round",
    "revoke_share_link",
    "rotate_join_code",
    "save_answer",
    "save_answers",
    "save_import_mapping",
    "save_plan_items",
    "score_assessment",
    "score_organisation",
    "set_person_language",
    "set_report_language",
    "set_respondent_language",
    "set_retention",
    "shared_results",
    "shown_bank",
    "start_self_assessment",
    "stop_tailored_bank",
    "unit_trend",
    "update_targets",
    "withdraw",
    "workshop_is_anonymous",
    "workshop_progress",
    "workshop_pulse",
    "write_answers",
]
