"""Figures of the duty rosters (docs/figures.md, "Volunteer teams and duty rosters"): queries over recorded facts,
the same in pages, exports and the API. Volunteer teams and registered volunteers are people's figures
(people/stats.py) and are not counted again here."""

from __future__ import annotations

from gongzhi.people.models import DUTY_KINDS, VolunteerTeam
from gongzhi.volunteering.models import COUNTED, HoursEntry, HoursKind


def count_duty_teams(node, year=None) -> int:
    """Patrol (红袖标安全卫士) and persuasion (文明劝导) teams of the communities in the subtree."""
    return VolunteerTeam.objects.filter(community__path__startswith=node.path, kind__in=DUTY_KINDS).count()


def count_duty_person_times(node, year=None) -> int:
    """Served shifts whose duty hours are confirmed (one per member and shift), in the subtree, in `year`."""
    qs = HoursEntry.objects.filter(kind=HoursKind.DUTY, status__in=COUNTED, community__path__startswith=node.path)
    if year:
        qs = qs.filter(served_on__year=year)
    return qs.count()
