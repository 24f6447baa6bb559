"""Figures of the orders for a region node (its subtree) and, optionally, a year: orders placed, completed, the
average rating, the share taken within the limit, and low ratings still to follow up. One query serves them all."""

from django.db.models import Avg, Count, F, Q
from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import list_link, register_stat, shared
from gongzhi.orders.models import COMPLETED_STATUSES, FollowUp, Order


def _figures(node, year) -> dict:
    qs = Order.objects.filter(community__path__startswith=node.path)
    if year:
        qs = qs.filter(placed_at__year=year)
    row = qs.aggregate(
        placed=Count("pk"), completed=Count("pk", filter=Q(status__in=COMPLETED_STATUSES)),
        rating=Avg("rating"), taken=Count("pk", filter=Q(taken_at__isnull=False)),
        on_time=Count("pk", filter=Q(taken_at__isnull=False, taken_at__lte=F("take_deadline"))),
        follow_up=Count("pk", filter=Q(follow_up=FollowUp.OPEN)))
    row["rating"] = round(row["rating"], 1) if row["rating"] is not None else None
    row["on_time_rate"] = row["on_time"] / row["taken"] if row["taken"] else None
    return row


def _figure(name):
    def compute(node, year=None):
        return shared(("orders.figures", node.path, year), lambda: _figures(node, year))[name]

    return compute


def register() -> None:
    register_stat("orders_placed", _("居民点单"), _figure("placed"), unit=_("单"), order=60,
                  link=list_link("orders:board"))  # the dispatch board: the orders the staff see
    register_stat("orders_completed", _("完成服务"), _figure("completed"), unit=_("单"), order=61,
                  link=list_link("orders:board", "flag=completed"))
    register_stat("orders_rating", _("平均评分"), _figure("rating"), unit=_("星"), order=62,
                  link=list_link("orders:board", "status=rated"))  # the rated orders averaged
    register_stat("orders_on_time", _("按时接单率"), _figure("on_time_rate"), percent=True, order=63,
                  link=list_link("orders:board"))
    register_stat("orders_follow_up", _("低评价待回访"), _figure("follow_up"), unit=_("单"), order=64,
                  link=list_link("orders:board", "flag=follow_up"))
