"""Figures of the lists for a region node (its subtree) and, optionally, a year."""

from django.utils.translation import gettext_lazy as _

from gongzhi.core.registry import list_link, register_stat
from gongzhi.lists.models import Activity, Need, Resource, ResourceStatus
from gongzhi.lists.permissions import PUBLIC_NEED_STATUSES


def count_published_needs(node, year=None):
    """Needs that passed the review and were published (still open, or since met and closed)."""
    qs = Need.objects.filter(community__path__startswith=node.path, status__in=PUBLIC_NEED_STATUSES)
    return (qs.filter(year=year) if year else qs).count()


def count_published_resources(node, year=None):
    qs = Resource.objects.filter(community__path__startswith=node.path, status=ResourceStatus.PUBLISHED)
    return (qs.filter(year=year) if year else qs).count()


def count_activities(node, year=None):
    qs = Activity.objects.filter(community__path__startswith=node.path)
    return (qs.filter(starts_at__year=year) if year else qs).count()


def register() -> None:
    register_stat("needs_published", _("公布需求"), count_published_needs, unit=_("项"), order=50,
                  link=list_link("lists:needs", "status=public"))
    register_stat("resources_published", _("公布资源"), count_published_resources, unit=_("项"), order=51,
                  link=list_link("lists:resources", "status=published"))
    register_stat("activities", _("开展活动"), count_activities, unit=_("场"), order=52,
                  link=list_link("lists:activities"))
