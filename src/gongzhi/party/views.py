from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from gongzhi.core.listing import choice_filter, paginate, querystring_without_page, search
from gongzhi.core.views import workbench_required
from gongzhi.party.models import PartyOrgKind
from gongzhi.party.permissions import get_party_organisation_for_user, party_organisations_visible_to
from gongzhi.party.selectors import big_committee_members, coverage


@login_required
@workbench_required
def party_index(request):
    q, kind = request.GET.get("q", ""), request.GET.get("kind", "")
    qs = search(party_organisations_visible_to(request.user), q, ("name", "search_key"))
    if kind:
        qs = qs.filter(kind=kind)
    qs = qs.select_related("region", "parent", "organisation").order_by("region__path", "kind", "name")
    return render(request, "party/list.html", {
        "page": paginate(request, qs), "q": q, "qs": querystring_without_page(request),
        "filters": [choice_filter(request, "kind", _("类别"), _("全部类别"), PartyOrgKind.choices)],
    })


@login_required
@workbench_required
def party_detail(request, pk):
    org = get_party_organisation_for_user(request.user, pk)
    visible = party_organisations_visible_to(request.user)
    return render(request, "party/detail.html", {
        "org": org,
        "children": visible.filter(parent=org).select_related("region"),
        "members_count": org.members.count(),
        "member_units": big_committee_members(org) if org.kind == PartyOrgKind.COMMUNITY_COMMITTEE else [],
        "coverage": coverage(org.region) if org.kind == PartyOrgKind.COMMUNITY_COMMITTEE else None,
    })
