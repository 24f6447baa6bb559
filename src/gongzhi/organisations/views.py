from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from gongzhi.chronicle.services import entries_for
from gongzhi.core.forms import add_service_errors
from gongzhi.core.listing import choice_filter, paginate, querystring_without_page
from gongzhi.core.privacy import mask_phone
from gongzhi.core.views import workbench_required
from gongzhi.organisations.forms import OrganisationForm, RegisterOrganisationForm
from gongzhi.organisations.models import DepartmentKind, Organisation, OrganisationKind, PartnerType
from gongzhi.organisations.permissions import (
    get_department_for_user,
    get_organisation_for_user,
    may_edit_organisation,
    may_see_contact_phone,
    organisations_visible_to,
    registration_homes,
)
from gongzhi.organisations.selectors import ANY_PARTNER, department_list, organisation_list
from gongzhi.organisations.services import register_organisation, update_organisation


@login_required
@workbench_required
def organisation_index(request):
    q, kind, partner_type = request.GET.get("q", ""), request.GET.get("kind", ""), request.GET.get("partner", "")
    qs = organisation_list(request.user, q=q, kind=kind, partner_type=partner_type)
    return render(request, "organisations/list.html", {
        "page": paginate(request, qs), "q": q, "qs": querystring_without_page(request),
        "can_register": registration_homes(request.user).exists(),
        "filters": [choice_filter(request, "kind", _("单位类别"), _("全部类别"), OrganisationKind.choices),
                    choice_filter(request, "partner", _("合伙人类型"), _("全部合伙人类型"),
                                  [(ANY_PARTNER, _("社区合伙人（任一类型）")), *PartnerType.choices[1:]])],
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
        "can_edit": may_edit_organisation(request.user, org),
    })


@login_required
@workbench_required
def department_index(request):
    q, kind = request.GET.get("q", ""), request.GET.get("kind", "")
    return render(request, "organisations/departments.html", {
        "page": paginate(request, department_list(request.user, q=q, kind=kind)), "q": q,
        "qs": querystring_without_page(request),
        "filters": [choice_filter(request, "kind", _("类别"), _("全部类别"), DepartmentKind.choices)],
    })


@login_required
@workbench_required
def department_detail(request, pk):
    dept = get_department_for_user(request.user, pk)
    return render(request, "organisations/department_detail.html", {
        "dept": dept, "phone": dept.phone, "units": organisations_visible_to(request.user).filter(supervising_department=dept)
        .select_related("home")[:50],
    })


@login_required
@workbench_required
def organisation_edit(request, pk):
    org = get_organisation_for_user(request.user, pk, write=True)
    departments = department_list(request.user)
    form = OrganisationForm(request.POST or None, instance=Organisation.objects.get(pk=org.pk),
                            departments=departments)
    if request.method == "POST" and form.is_valid():
        try:
            update_organisation(actor=request.user, organisation=org, **form.cleaned_data)
        except ValidationError as e:
            form.add_error(None, e)
        else:
            messages.success(request, _("单位信息已保存"))
            return redirect("organisations:detail", org.pk)
    return render(request, "organisations/edit.html", {"org": org, "form": form})


@login_required
@workbench_required
def organisation_register(request):
    homes = registration_homes(request.user)
    if not homes.exists():
        raise Http404
    form = RegisterOrganisationForm(request.POST or None, homes=homes, departments=department_list(request.user))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        contact = {k: data.pop(f"contact_{k}") for k in ("name", "title", "phone")}
        try:
            org = register_organisation(actor=request.user, contact=contact, **data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已新增驻区单位 %(name)s") % {"name": org.name})
            return redirect("organisations:detail", org.pk)
    return render(request, "organisations/register.html", {"form": form})
