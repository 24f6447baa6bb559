"""Read queries over people, starting from the scoped queryset, and their presentation with personal
data masked for the viewer."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext as _

from gongzhi.core.listing import search
from gongzhi.people.models import Person
from gongzhi.people.permissions import people_visible_to, shown_id_number, shown_phone

KINDS = {
    "party_member": Q(party_member__isnull=False),
    "in_service": Q(party_member__in_service=True),
    "registered": Q(party_member__registered_community__isnull=False),
    "volunteer": Q(volunteer__isnull=False),
}


def person_list(user, *, q: str = "", kind: str = "", home: int | None = None):
    qs = people_visible_to(user).select_related("home__parent", "party_member", "party_member__work_unit", "volunteer")
    qs = search(qs, q, ("name", "search_key"))
    if kind in KINDS:
        qs = qs.filter(KINDS[kind])
    if home:
        qs = qs.filter(home_id=home)
    return qs.order_by("home__path", "name", "pk")


@dataclass(frozen=True)
class PersonCard:
    """A person as one viewer may see them: phone and ID number already masked where required."""

    person: Person
    phone: str
    id_number: str

    @property
    def tags(self) -> list[str]:
        p, tags = self.person, []
        member = getattr(p, "party_member", None)
        if member is not None:
            tags.append(_("在职党员") if member.in_service else _("党员"))
        if getattr(p, "volunteer", None) is not None:
            tags.append(_("志愿者"))
        return tags


def present(user, person: Person) -> PersonCard:
    return PersonCard(person, shown_phone(user, person), shown_id_number(user, person))


