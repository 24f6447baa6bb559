"""What the public statistics page of a community may show of its cases: aggregates, and resolved examples
reduced to category, place at neighbourhood level, description and result — with phone and ID numbers scrubbed
(core.privacy.scrub) and the reporter's name, phone and address blotted out of the free text. Never the
reporter, the owner, an address, a phone number or a case number."""

from __future__ import annotations

from gongzhi.cases.models import Case
from gongzhi.cases.permissions import public_note, public_wording
from gongzhi.core.privacy import scrub
from gongzhi.regions.models import RegionKind

BLOT = "＊＊"


def neighbourhood_name(case: Case) -> str:
    """The case's place at neighbourhood level (小区/院落), else its community. Load with
    select_related("place__parent__parent")."""
    node = case.place
    while node is not None and node.kind in (RegionKind.BUILDING, RegionKind.ENTRANCE):
        node = node.parent
    if node is None or node.kind != RegionKind.NEIGHBOURHOOD:
        return case.community.name
    return node.name


def _known_personal_strings(case: Case) -> list[str]:
    values = [case.reporter_name, case.reporter_phone, case.reporter_email, case.address]
    if case.reporter_id and case.reporter is not None:
        values += [case.reporter.name, case.reporter.phone]
    return sorted({v.strip() for v in values if v and len(v.strip()) >= 2}, key=len, reverse=True)


def anonymise(text: str, case: Case) -> str:
    """The free text with the case's own personal strings blotted out and any phone or ID number masked."""
    text = text or ""
    for value in _known_personal_strings(case):
        text = text.replace(value, BLOT)
    return scrub(text)


def public_example(case: Case) -> dict:
    """Only cases with a staff-approved public wording are examples (rates.selectors.resolved_examples); the
    result is shown when it names no person, number, building or floor (cases.permissions.public_note)."""
    return {
        "category": case.category.name,
        "place": neighbourhood_name(case),
        "description": public_wording(case) or "",
        "result": public_note(case, anonymise(case.result, case)),
        "resolved_on": case.resolved_at,
    }
