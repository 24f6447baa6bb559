"""The community's public board section: the 权责清单 that applies to it (its district's and street's), as counts
per kind with a link to the full public list. No personal data."""

from django.utils.translation import gettext_lazy as _

from gongzhi.cases.models import Responsibility
from gongzhi.cases.selectors import responsibility_counts
from gongzhi.core.registry import register_board_section
from gongzhi.core.scope import ancestor_paths
from gongzhi.regions.models import RegionNode


def context(community) -> dict:
    regions = RegionNode.objects.filter(path__in=ancestor_paths(community.path)[:-1],
                                        pk__in=Responsibility.objects.values("region_id")).order_by("path")
    return {"lists": [{"region": r, "summary": responsibility_counts(r)} for r in regions]}


def register() -> None:
    register_board_section("responsibilities", _("权责清单"), "cases/board_section.html", context, order=35)
