"""The section this app adds to a volunteer team's page (a page section of `people.team`, core.registry): residents
of the team's community in the talent pool whose skills suit the team's name and speciality, who are not members
yet — for the staff who see that pool."""

from __future__ import annotations

from gongzhi.people.selectors import current_members
from gongzhi.talent.selectors import suggestions_for


def team_context(team, user) -> dict | None:
    members = current_members(team).values_list("volunteer__person_id", flat=True)
    rows = suggestions_for(user, community=team.community, text=f"{team.name} {team.speciality}",
                           exclude_person_ids=list(members))
    if rows is None:
        return None
    return {"talent_suggestions": rows, "community": team.community}
