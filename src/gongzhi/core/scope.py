"""What a user may see: the one place where scope becomes a database filter.

`accounts` builds a `Scope` from a user's role assignments (`user.scope`); every app's
`permissions.py` turns it into a queryset filter with the helpers below, so lists, detail pages,
the API, exports and statistics all start from the same rows. Region scope is a set of
materialised paths: a node is in scope when its path starts with one of them."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.db.models import Q


def ancestor_paths(path: str) -> list[str]:
    """'0001/0002/0003/' -> ['0001/', '0001/0002/', '0001/0002/0003/']."""
    parts = [p for p in path.split("/") if p]
    return ["".join(f"{p}/" for p in parts[: i + 1]) for i in range(len(parts))]


# Q() would vanish when OR-ed with another condition (Q() | Q(x) == Q(x)), so "all rows" and "no rows"
# are spelled as conditions that survive combination.
ALL_ROWS = Q(pk__isnull=False)
NO_ROWS = Q(pk__in=[])


def _any(qs: list[Q]) -> Q:
    return reduce(or_, qs) if qs else NO_ROWS


@dataclass(frozen=True)
class Scope:
    everything: bool = False  # system administrators
    region_paths: tuple[str, ...] = ()  # staff: subtrees they see
    personal_data_paths: tuple[str, ...] = ()  # subtrees whose residents' phone numbers they may see
    id_number_paths: tuple[str, ...] = ()  # subtrees whose residents' ID numbers they may see
    organisation_ids: frozenset[int] = field(default_factory=frozenset)  # unit liaisons
    department_ids: frozenset[int] = field(default_factory=frozenset)  # department receivers
    person_ids: frozenset[int] = field(default_factory=frozenset)  # the user's own person record
    home_paths: tuple[str, ...] = ()  # residents and volunteers: where they live

    @property
    def is_staff_scope(self) -> bool:
        return self.everything or bool(self.region_paths or self.organisation_ids or self.department_ids)

    @property
    def is_region_staff(self) -> bool:
        """Administrators and staff with a region role (grid worker, community, street, district staff): the
        people who work for an area, as opposed to a unit's liaison, a department's receiver or a resident."""
        return self.everything or bool(self.region_paths)

    # --- region subtree filters -------------------------------------------------------------
    def in_regions(self, path_field: str) -> Q:
        """Rows whose region (reached by `path_field`, e.g. 'home__path') lies in the user's subtrees."""
        if self.everything:
            return ALL_ROWS
        return _any([Q(**{f"{path_field}__startswith": p}) for p in self.region_paths])

    def in_regions_or_above(self, path_field: str) -> Q:
        """Rows placed in the user's subtrees or on the chain above them (a community staffer sees the
        street's judicial office and the district's bureaus)."""
        if self.everything:
            return ALL_ROWS
        above = sorted({a for p in self.region_paths for a in ancestor_paths(p)})
        return self.in_regions(path_field) | (Q(**{f"{path_field}__in": above}) if above else NO_ROWS)

    def covers(self, path: str) -> bool:
        return self.everything or any(path.startswith(p) for p in self.region_paths)

    # --- personal data ---------------------------------------------------------------------
    def may_see_phone(self, path: str | None, *, person_id: int | None = None,
                      organisation_id: int | None = None) -> bool:
        if self.everything or (person_id is not None and person_id in self.person_ids):
            return True
        if organisation_id is not None and organisation_id in self.organisation_ids:
            return True
        return bool(path) and any(path.startswith(p) for p in self.personal_data_paths)

    def may_see_id_number(self, path: str | None, *, person_id: int | None = None) -> bool:
        if self.everything or (person_id is not None and person_id in self.person_ids):
            return True
        return bool(path) and any(path.startswith(p) for p in self.id_number_paths)


NOBODY = Scope()

# Community, street and district staff register residents and units in their area.
REGISTRAR_ROLES = ("community_staff", "street_staff", "district_staff")


def holds_somewhere(user, roles) -> bool:
    """Whether `user` holds one of `roles` anywhere (administrators: everywhere). No query beyond the user's
    roles: the test a to-do source or a filter makes before it asks for counts."""
    if not getattr(user, "is_authenticated", False):
        return False
    scope = user.scope_for(*roles)
    return scope.everything or bool(scope.region_paths)


def get_visible(queryset, pk):
    """The row `pk` of a scoped queryset, or 404 — alike for "does not exist", "not yours" and a malformed id,
    so the answer never reveals that an object exists."""
    from django.http import Http404

    try:
        return queryset.get(pk=pk)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
