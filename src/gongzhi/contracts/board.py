"""The community's public board sections: the contracts in force and the frozen publications."""

from django.utils.translation import gettext_lazy as _

from gongzhi.contracts.models import Contract, ContractStatus, Publication
from gongzhi.core import clock
from gongzhi.core.registry import register_board_section


def contracts_context(community) -> dict:
    year = clock.today().year
    contracts = (Contract.objects.filter(community=community, status=ContractStatus.SIGNED, year__gte=year - 1)
                 .prefetch_related("parties__organisation", "commitments").order_by("-year", "number"))
    return {"contracts": contracts}


def publications_context(community) -> dict:
    return {"publications": Publication.objects.filter(community=community).order_by("-year", "-period")}


def register() -> None:
    register_board_section("contracts", _("共建契约"), "contracts/board_contracts.html", contracts_context, order=20)
    register_board_section("publications", _("年初公示与季度履约情况"), "contracts/board_publications.html",
                           publications_context, order=21)
