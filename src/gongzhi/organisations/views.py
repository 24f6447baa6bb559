from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from gongzhi.chronicle.services import entries_for
from gongzhi.core.listing import paginate, querystring_without_page
from gongzhi.core.privacy import mask_phone
from gongzhi.core.views import workbench_required
from gongzhi.organisations.models import DepartmentKind, OrganisationKind, PartnerType
from gongzhi.organisations.permissions import (
    get_department_for_user,
    get_organisation_for_user,
    may_see_contact_phone,
)
from gongzhi.organisations.selectors import department_list, organisation_list


@login_required
@workbench_required
def organisation_index(request):
    q, kind, partner_type = request.GET.get("q", ""), request.GET.get("kind", ""), request.GET.get("partner", "")
    qs = organisation_list(request.user, q=q, kind=kind, partner_type=partner_type)
    return render(request, "organisations/list.html", {
        "page": paginate(request, qs), "q": q, "kind": kind, "partner": partner_type,
        "kinds": OrganisationKind.choices, "partner_types": PartnerType.choices[1:],
        "qs": querystring_without_page(request),
    })


@login_required
@workbench_required
def organisation_detail(request, pk):
    org = get_organisation_for_user(request.user, pk)
    full = may_see_contact_phone(request.user, org)
    contacts = [{"c": c, "phone": c.phone if full else mask_phone(c.phone)} for c in org.contacts.all()]
    return render(request, "organisations/detail.html", {
        "org": org, "contacts": contacts,
        "party_orgs": org.party_organisations.all(),  # placed in the unit: visible with it
        "entries": entries_for(org).order_by("-seq")[:20],
    })


@login_required
@workbench_required
def department_index(request):
    q, kind = request.GET.get("q", ""), request.GET.get("kind", "")
    return render(request, "organisations/departments.html", {
        "page": paginate(request, department_list(request.user, q=q, kind=kind)), "q": q, "kind": kind,
        "kinds": DepartmentKind.choices, "qs": querystring_without_page(request),
    })


@login_required
@workbench_required
def department_detail(request, pk):
    dept = get_department_for_user(request.user, pk)
    return render(request, "organisations/department_detail.html", {
        "dept": dept, "phone": dept.phone, "units": dept.supervised_units.select_related("home")[:50],
    })
