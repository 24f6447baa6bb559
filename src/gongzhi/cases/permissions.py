"""Which cases, whistles and responsibility lines a user sees, and who may do what with a case.

- Grid workers, community, street and district staff see every case of the communities in their region
  subtrees; system administrators see everything.
- A department receiver (接哨员) sees the whistles blown to their department and the cases those whistles
  belong to — nothing else.
- A resident sees the cases she reported herself (as the reporter person, or as the user who filed it).
- Unit liaisons and outsiders see no case.

Who acts:
- accept / reject (首问负责): grid workers and community staff of the case's community, street and district
  staff covering it, administrators.
- handle (contact, whistle, meeting, withdraw, score, resolve, close unconfirmed, transfer): the owner while
  she still holds a staff role covering the community, and community / street / district staff covering it.
- report / complete a whistle: receivers of the whistled department.
- confirm / reopen / rate: the resident who reported the case.

Out of scope is 404, never 403: `get_*_for_user` answers Http404 for "missing" and "not yours" alike."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from gongzhi.cases.models import Case, CaseKind, Whistle, WhistleStatus
from gongzhi.core.privacy import mask_phone, public_text_problems, scrub
from gongzhi.core.scope import NO_ROWS, ancestor_paths, get_visible
from gongzhi.people.permissions import FULL_TEXT, TextAccess, shown_text, text_access_at

# Roles that take a case as first responder.
RESPONDER_ROLES = ("grid_worker", "community_staff", "street_staff", "district_staff")
# Roles that supervise every case of their area (they may act on a case someone else owns).
SUPERVISOR_ROLES = ("community_staff", "street_staff", "district_staff")
# Roles that maintain the 权责清单 of their district or street.
RESPONSIBILITY_EDITORS = ("street_staff", "district_staff")


# --- rows a user sees -------------------------------------------------------------------------------------

def _own_cases(user) -> Q:
    scope = user.scope
    condition = NO_ROWS
    if scope.person_ids:
        condition |= Q(reporter_id__in=scope.person_ids)
    if user.is_authenticated and (scope.home_paths or scope.person_ids):
        condition |= Q(reported_by_id=user.pk, channel="phone_app")
    return condition


def cases_visible_to(user):
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    scope = user.scope
    condition = scope.in_regions("community__path") | _own_cases(user)
    if scope.department_ids:
        condition |= Q(pk__in=Whistle.objects.filter(department_id__in=scope.department_ids).values("case_id"))
    return Case.objects.filter(condition)


def my_reported_cases(user):
    """The resident's own cases (the phone's 我的诉求), whatever staff roles she may also hold."""
    if not getattr(user, "is_authenticated", False):
        return Case.objects.none()
    return Case.objects.filter(_own_cases(user))


def whistles_visible_to(user):
    if not getattr(user, "is_authenticated", False):
        return Whistle.objects.none()
    scope = user.scope
    condition = scope.in_regions("case__community__path") | Q(department_id__in=scope.department_ids)
    own = _own_cases(user)
    if own is not NO_ROWS:  # the reporter: the whistles still standing (see CaseView)
        condition |= Q(case__in=Case.objects.filter(own)) & ~Q(status=WhistleStatus.WITHDRAWN)
    return Whistle.objects.filter(condition)


def receiver_whistles(user):
    """The whistles of the departments the user receives for (the receiver inbox)."""
    return Whistle.objects.filter(department_id__in=user.scope.department_ids) if user.is_authenticated \
        else Whistle.objects.none()


def get_case_for_user(user, pk, write: bool = False) -> Case:
    """The case or 404. `write=True` also answers 404 to those who may see but not handle it (a receiver)."""
    qs = cases_visible_to(user)
    if write:
        qs = qs.filter(user.scope.in_regions("community__path"))
    return get_visible(qs.select_related("category", "community", "place", "reporter", "owner"), pk)


def get_own_case_for_user(user, pk) -> Case:
    """A case the resident reported herself (phone pages), or 404."""
    return get_visible(my_reported_cases(user).select_related("category", "community", "place", "owner"), pk)


def get_whistle_for_user(user, pk) -> Whistle:
    return get_visible(whistles_visible_to(user).select_related("case", "case__community", "case__category",
                                                                "department"), pk)


def may_use_case_workbench(user) -> bool:
    """The workbench's case pages are for staff with a region role (and administrators) and for receivers."""
    return user.scope.is_region_staff or bool(user.scope.department_ids)


def sees_case_as_staff(user, case: Case) -> bool:
    """Staff whose region covers the case's community (and administrators) see it whole; a receiver sees only
    their department's whistles, the reporter what a resident sees."""
    return user.scope.covers(case.community.path)


def case_photos_visible_to(user):
    """Cases whose photos the user may open: region staff those of the cases they see, everybody else (a
    receiver, the reporter) only the cases they reported themselves."""
    visible = cases_visible_to(user)
    return visible if user.scope.is_region_staff else visible.filter(pk__in=my_reported_cases(user).values("pk"))


def may_edit_categories(user) -> bool:
    """Case categories and their limits are the administrators' (they hold for the whole platform)."""
    return user.scope.everything


# --- who may act ------------------------------------------------------------------------------------------

def _staff_at(user, roles, path: str) -> bool:
    if user is None or not user.is_active:
        return False
    if user.scope.everything:
        return True
    return any(user.has_role_at(role, path) for role in roles)


def may_accept(user, case: Case) -> bool:
    return _staff_at(user, RESPONDER_ROLES, case.community.path)


def may_supervise(user, case: Case) -> bool:
    return _staff_at(user, SUPERVISOR_ROLES, case.community.path)


def may_manage_case(user, case: Case) -> bool:
    """The owner (while still responsible for the community) or supervising staff of its area."""
    if may_supervise(user, case):
        return True
    return case.owner_id is not None and user is not None and case.owner_id == user.pk \
        and _staff_at(user, RESPONDER_ROLES, case.community.path)


def may_take_over(user, community) -> bool:
    """Whether `user` may become the owner of a case of `community` (transfer target): a grid worker or staff
    member whose role covers the community (an administrator without such a role does not own cases)."""
    return user is not None and user.is_active and any(user.has_role_at(r, community.path) for r in RESPONDER_ROLES)


def may_report_for(user, community) -> bool:
    """Staff recording a case on a resident's behalf (grid visit, window, hotline)."""
    return _staff_at(user, RESPONDER_ROLES, community.path)


def is_resident_of(user, community) -> bool:
    return user is not None and any(p.startswith(community.path) for p in user.scope.home_paths)


def is_reporter(user, case: Case) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if case.reporter_id is not None and case.reporter_id in user.scope.person_ids:
        return True
    return case.channel == "phone_app" and case.reported_by_id == user.pk


def may_receive(user, whistle: Whistle) -> bool:
    return user is not None and user.is_active and (whistle.department_id in user.scope.department_ids
                                                    or user.scope.everything)


def may_edit_responsibilities(user, region) -> bool:
    """District and street staff keep the 权责清单 of their own district / street; administrators any."""
    if user is None or not user.is_active:
        return False
    if user.scope.everything:
        return True
    return any((a.role in RESPONSIBILITY_EDITORS and a.region is not None and a.region_id == region.pk)
               or (a.role == "district_staff" and a.region is not None and region.path.startswith(a.region.path))
               for a in user.active_roles)


def may_see_escalations(user) -> bool:
    return user.scope.everything or user.has_role("street_staff", "district_staff", "community_staff")


# --- personal data ----------------------------------------------------------------------------------------

def reporter_path(case: Case) -> str:
    return case.reporter.home.path if case.reporter_id and case.reporter else case.community.path


def shown_reporter_phone(user, case: Case) -> str:
    """The reporter's phone as this viewer may see it: full for staff with phone rights in the community (and
    the reporter herself), masked for everyone else who can see the case."""
    phone = case.reporter_phone or (case.reporter.phone if case.reporter_id and case.reporter else "")
    if not phone:
        return ""
    if user.scope.may_see_phone(reporter_path(case), person_id=case.reporter_id) or is_reporter(user, case):
        return phone
    return mask_phone(phone)


def case_text_access(user, case: Case) -> TextAccess:
    """Numbers typed into a case's free text follow the reporter's phone and ID fields: whole for community staff
    and grid workers of the community (ID numbers for community staff only), the reporter and administrators;
    masked for street and district staff and the departments' receivers."""
    if is_reporter(user, case):
        return FULL_TEXT
    return text_access_at(user, case.community.path, person_id=case.reporter_id)


# --- what each viewer sees of a case (page and API alike) -------------------------------------------------

STAFF, RECEIVER, REPORTER = "staff", "receiver", "reporter"


@dataclass(frozen=True)
class CaseView:
    """What one viewer may see of one case. The staff page, the resident's phone page and the API all ask this
    object, so the API never shows a resident more than her page does.

    - staff of the community's area: everything;
    - a department receiver: the case, the whistles of her departments with their notes; no meetings,
      escalations, transfers or photos, the public timeline;
    - the reporter: her case, the whistles still standing (department and state only — no request, report
      note, action, withdrawal reason or staff score), the public timeline."""

    audience: str
    text: TextAccess
    department_ids: frozenset[int]

    @property
    def staff(self) -> bool:
        return self.audience == STAFF

    def whistles(self, whistles) -> list[Whistle]:
        if self.audience == RECEIVER:
            return [w for w in whistles if w.department_id in self.department_ids]
        if self.audience == REPORTER:
            return [w for w in whistles if w.status != WhistleStatus.WITHDRAWN]
        return list(whistles)

    @property
    def whistle_notes(self) -> bool:
        """Requests, report notes, actions, withdrawal reasons and scores of whistles."""
        return self.audience != REPORTER

    def text_of(self, text: str | None) -> str:
        return shown_text(text, self.text)


def case_view(user, case: Case) -> CaseView:
    scope = user.scope
    if sees_case_as_staff(user, case):
        audience = STAFF
    elif scope.department_ids and not is_reporter(user, case):
        audience = RECEIVER
    else:
        audience = REPORTER
    return CaseView(audience=audience, text=case_text_access(user, case), department_ids=scope.department_ids)


def present_whistle(view: CaseView, whistle: Whistle) -> dict:
    """A whistle for the API as `view` may see it (the page shows the same fields)."""
    notes, text = view.whistle_notes, view.text_of
    return {
        "id": whistle.pk, "case_id": whistle.case_id, "case_number": whistle.case.number,
        "department_id": whistle.department_id, "department_name": whistle.department.name,
        "request": text(whistle.request) if notes else "", "status": whistle.status, "blown_at": whistle.blown_at,
        "respond_due_at": whistle.respond_due_at, "reported_at": whistle.reported_at,
        "report_note": text(whistle.report_note) if notes else "", "act_due_at": whistle.act_due_at,
        "done_at": whistle.done_at, "action": text(whistle.action) if notes else "",
        "withdrawn_reason": text(whistle.withdrawn_reason) if notes else "",
        "score": whistle.score if notes else None, "score_comment": text(whistle.score_comment) if notes else "",
    }


# --- what the public may read of a case (Open311, the public statistics page, the board) ----------------------

def public_wording(case: Case) -> str | None:
    """The staff-approved public wording, scrubbed once more; None for disputes and until one is approved —
    the resident's own words are never public."""
    if case.kind == CaseKind.DISPUTE or not case.public_description:
        return None
    return scrub(case.public_description)


def public_note(case: Case, note: str | None) -> str:
    """A staff note (result, public timeline note) as the public may read it: "" when it names the reporter, a
    phone or ID number, a building, unit, floor or room."""
    note = (note or "").strip()
    names = [case.reporter_name, case.reporter.name if case.reporter_id and case.reporter else ""]
    if not note or public_text_problems(note) or any(n and len(n) >= 2 and n in note for n in names):
        return ""
    return note


def street_and_district_paths(community_path: str) -> tuple[str, str]:
    """(street path, district path) above a community's path."""
    chain = ancestor_paths(community_path)
    return chain[-2], chain[-3]


def home_community(user):
    """The community a resident lives in (from her resident or volunteer role, else her person record)."""
    from gongzhi.regions.models import RegionKind, RegionNode

    paths = list(user.scope.home_paths)
    if not paths:
        person = getattr(user, "person", None)
        paths = [person.home.path] if person is not None else []
    above = sorted({a for p in paths for a in ancestor_paths(p)})
    if not above:
        return None
    return RegionNode.objects.filter(kind=RegionKind.COMMUNITY, path__in=above).order_by("path").first()


def communities_for_reporting(user):
    """Communities where the user may record a case on a resident's behalf."""
    from gongzhi.regions.models import RegionKind, RegionNode

    if user.scope.everything:
        return RegionNode.objects.filter(kind=RegionKind.COMMUNITY).order_by("path")
    paths = [a.region.path for a in user.active_roles if a.role in RESPONDER_ROLES and a.region is not None]
    if not paths:
        return RegionNode.objects.none()
    condition = Q(path__startswith=paths[0])
    for p in paths[1:]:
        condition |= Q(path__startswith=p)
    return RegionNode.objects.filter(condition, kind=RegionKind.COMMUNITY).order_by("path")


def owner_candidates(case: Case):
    """Users who may take the case over: active grid workers and staff whose role covers its community."""
    from django.contrib.auth import get_user_model

    from gongzhi.accounts.models import RoleAssignment

    ids = RoleAssignment.objects.filter(role__in=RESPONDER_ROLES, active=True,
                                        region__path__in=ancestor_paths(case.community.path)).values("user_id")
    candidates = get_user_model().objects.filter(pk__in=ids, is_active=True).order_by("username")
    return candidates.exclude(pk=case.owner_id) if case.owner_id is not None else candidates
