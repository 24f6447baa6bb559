"""Every write of 接诉即办 / 吹哨报到, split by sub-domain; import from here (`gongzhi.cases.services`).

Each service takes keyword-only arguments, runs in one transaction, checks the actor's permission
(PermissionDenied) and the state (ValidationError with a Chinese message), makes the change, adds a CaseEvent
to the case's timeline and records it in the chronicle (codes and ids, never personal data)."""

from gongzhi.cases.services.cases import (
    accept_case,
    clean_attributes,
    close_unconfirmed,
    confirm_case,
    departments_for_case,
    rate_case,
    record_contact,
    record_meeting,
    reject_case,
    reopen_case,
    report_case,
    resolve_case,
    set_public_wording,
    transfer_case,
)
from gongzhi.cases.services.escalation import sweep_deadlines
from gongzhi.cases.services.responsibilities import (
    add_responsibility,
    edit_responsibility,
    remove_responsibility,
    update_category_limits,
)
from gongzhi.cases.services.whistles import (
    blow_whistle,
    complete_whistle,
    report_whistle,
    score_whistle,
    withdraw_whistle,
)

__all__ = [
    "accept_case",
    "add_responsibility",
    "blow_whistle",
    "clean_attributes",
    "close_unconfirmed",
    "complete_whistle",
    "confirm_case",
    "departments_for_case",
    "edit_responsibility",
    "rate_case",
    "record_contact",
    "record_meeting",
    "reject_case",
    "remove_responsibility",
    "reopen_case",
    "report_case",
    "report_whistle",
    "resolve_case",
    "score_whistle",
    "set_public_wording",
    "sweep_deadlines",
    "transfer_case",
    "update_category_limits",
    "withdraw_whistle",
]
