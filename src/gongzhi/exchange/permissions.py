"""Who may import and export which kind. Which rows an export holds is decided by each app's
`*_visible_to`, never here."""

from __future__ import annotations

from gongzhi.accounts.models import Role

IMPORT_ROLES = (Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.DISTRICT_STAFF, Role.SYSTEM_ADMIN)
REGION_IMPORT_ROLES = (Role.DISTRICT_STAFF, Role.SYSTEM_ADMIN)  # the roles that maintain the region tree
REGION_EXPORT_ROLES = (Role.GRID_WORKER, Role.COMMUNITY_STAFF, Role.STREET_STAFF, Role.DISTRICT_STAFF,
                       Role.SYSTEM_ADMIN)


def may_import(user, kind: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return user.has_role(*(REGION_IMPORT_ROLES if kind == "regions" else IMPORT_ROLES))


def may_export(user, kind: str) -> bool:
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    if kind == "regions":
        return user.has_role(*REGION_EXPORT_ROLES)
    return user.uses_workbench


def may_import_at(user, path: str) -> bool:
    """A row may be placed at `path`: the node is in the user's scope and one of the user's importing roles
    covers it (a community staffer who is also a grid worker elsewhere imports only into their community)."""
    if user.scope.everything:
        return True
    return user.scope.covers(path) and any(user.has_role_at(role, path) for role in IMPORT_ROLES)
