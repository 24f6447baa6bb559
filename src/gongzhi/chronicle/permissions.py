"""Who reads the chronicle (纪实档案) and who may check its chain."""

from __future__ import annotations

from django.db.models import Q

from gongzhi.chronicle.models import Entry

READERS = {"community_staff", "street_staff", "district_staff", "system_admin"}


def may_read_chronicle(user) -> bool:
    """Community, street and district staff and administrators open the chronicle; grid workers, liaisons,
    receivers and residents do not."""
    return user.has_role(*READERS)


def entries_visible_to(user):
    """Administrators read the whole chronicle; community, street and district staff the entries about
    subjects placed in their subtrees."""
    if not may_read_chronicle(user):
        return Entry.objects.none()
    scope = user.scope
    if scope.everything:
        return Entry.objects.all()
    return Entry.objects.filter(scope.in_regions("region_path") & ~Q(region_path=""))


def may_verify_chronicle(user) -> bool:
    """Checking the whole hash chain is the administrators' (it reads every entry)."""
    return user.scope.everything
