"""The board section 年度报告: the published annual reports of the community's street, district and city."""

from gongzhi.reports.permissions import published_above


def context(community) -> dict:
    return {"reports": list(published_above(community)[:6])}
