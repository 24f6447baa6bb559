"""The section this app adds to a partner's record page (a page section of `partners.partner`, core.registry): the
services the partner gives in exchange for space, whether they are in force, and their fulfilment."""

from __future__ import annotations

from gongzhi.spaces.selectors import commitments


def partner_context(partner, user) -> dict:
    rows = list(commitments(user, partner=partner)[:20])
    data = {"partner": partner, "commitments": rows,
            "services": sum(c.services for c in rows), "person_times": sum(c.person_times or 0 for c in rows)}
    # under one key, so the template reads it whether the partner page includes it `with ctx=...` or pushes it
    return {"spaces_exchange": data}
