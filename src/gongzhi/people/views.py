from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.services import entries_for
from gongzhi.core.listing import paginate, querystring_without_page
from gongzhi.core.views import workbench_required
from gongzhi.people.permissions import get_person_for_user, teams_visible_to
from gongzhi.people.selectors import person_list, present


@login_required
@workbench_required
def person_index(request):
    q, kind = request.GET.get("q", ""), request.GET.get("kind", "")
    page = paginate(request, person_list(request.user, q=q, kind=kind))
    page.object_list = [present(request.user, p) for p in page.object_list]
    return render(request, "people/list.html", {
        "page": page, "q": q, "kind": kind, "qs": querystring_without_page(request),
        "kinds": [("party_member", _("党员")), ("in_service", _("在职党员")),
                  ("registered", _("已报到社区")), ("volunteer", _("志愿者"))],
    })


@login_required
@workbench_required
def person_detail(request, pk):
    person = get_person_for_user(request.user, pk)
    return render(request, "people/detail.html", {
        "card": present(request.user, person),
        "member": getattr(person, "party_member", None),
        "volunteer": getattr(person, "volunteer", None),
        "entries": entries_for(person).order_by("-seq")[:20],
    })


@login_required
@workbench_required
def team_index(request):
    teams = teams_visible_to(request.user).select_related("community", "organisation").order_by("community__path")
    return render(request, "people/teams.html", {"page": paginate(request, teams)})
