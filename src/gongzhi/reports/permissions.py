"""Who makes and publishes annual reports: staff of a community, street or district for the nodes in their scope
(administrators for any). A report outside the user's scope is 404, as every out-of-scope object."""

from __future__ import annotations

from django.http import Http404

from gongzhi.core.scope import ancestor_paths, holds_somewhere
from gongzhi.regions.models import RegionNode
from gongzhi.reports.models import AnnualReport, ReportStatus

STAFF = ("community_staff", "street_staff", "district_staff")


def may_use_reports(user) -> bool:
    return bool(user and user.is_authenticated and (user.scope.everything or holds_somewhere(user, STAFF)))


def nodes_for(user):
    """The nodes a user may report on: their scope's communities, streets, districts (and the city for admins)."""
    if not may_use_reports(user):
        return RegionNode.objects.none()
    return RegionNode.objects.filter(user.scope_for(*STAFF).in_regions("path"),
                                     kind__in=["city", "district", "street", "community"])


def reports_visible_to(user):
    if not may_use_reports(user):
        return AnnualReport.objects.none()
    return AnnualReport.objects.filter(user.scope_for(*STAFF).in_regions("node__path"))


def get_report_for_user(user, pk) -> AnnualReport:
    try:
        return reports_visible_to(user).select_related("node").get(pk=pk)
    except (AnnualReport.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def may_publish(user, report: AnnualReport) -> bool:
    """The staff of the node's own level publish (a street's report by the street, a district's by the district)."""
    if user.scope.everything:
        return True
    role = {"community": "community_staff", "street": "street_staff", "district": "district_staff"}.get(report.node.kind)
    return any(a.role == role and a.region_id == report.node_id for a in user.active_roles)


def published_above(community):
    return (AnnualReport.objects.filter(status=ReportStatus.PUBLISHED, node__path__in=ancestor_paths(community.path))
            .select_related("node").order_by("-year", "node__path"))
