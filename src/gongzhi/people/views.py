from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from gongzhi.chronicle.services import entries_for
from gongzhi.core.forms import add_service_errors
from gongzhi.core.listing import choice_filter, paginate, querystring_without_page
from gongzhi.core.views import workbench_required
from gongzhi.people.forms import PersonForm, RegisterPersonForm
from gongzhi.people.permissions import (
    get_person_for_user,
    may_edit_person,
    registration_neighbourhoods,
    teams_visible_to,
)
from gongzhi.people.selectors import person_list, present
from gongzhi.people.services import register_person, update_person


@login_required
@workbench_required
def person_index(request):
    q, kind = request.GET.get("q", ""), request.GET.get("kind", "")
    page = paginate(request, person_list(request.user, q=q, kind=kind))
    page.object_list = [present(request.user, p) for p in page.object_list]
    return render(request, "people/list.html", {
        "page": page, "q": q, "qs": querystring_without_page(request),
        "can_register": registration_neighbourhoods(request.user).exists(),
        "filters": [choice_filter(request, "kind", _("人员类别"), _("全部人员"), [
            ("party_member", _("党员")), ("in_service", _("在职党员")), ("registered", _("已报到社区")),
            ("volunteer", _("志愿者"))])],
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
        "can_edit": may_edit_person(request.user, person),
    })


@login_required
@workbench_required
def team_index(request):
    teams = teams_visible_to(request.user).select_related("community", "organisation").order_by("community__path")
    return render(request, "people/teams.html", {"page": paginate(request, teams)})


@login_required
@workbench_required
def person_edit(request, pk):
    person = get_person_for_user(request.user, pk, write=True)
    initial = {f: getattr(person, f) for f in ("name", "gender", "birth_year", "phone", "id_number")}
    form = PersonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            update_person(actor=request.user, person=person, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("人员信息已保存"))
            return redirect("people:detail", person.pk)
    return render(request, "people/edit.html", {"person": person, "form": form})


@login_required
@workbench_required
def person_register(request):
    neighbourhoods = registration_neighbourhoods(request.user)
    if not neighbourhoods.exists():
        raise Http404
    form = RegisterPersonForm(request.POST or None, neighbourhoods=neighbourhoods)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in ("name", "gender", "birth_year", "phone", "id_number")}
        try:
            person = register_person(actor=request.user, home=form.home, **fields)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已登记居民 %(name)s") % {"name": person.name})
            return redirect("people:detail", person.pk)
    return render(request, "people/register.html", {"form": form})


@login_required
@workbench_required
def building_options(request):
    """htmx: the <option>s of the buildings in the chosen neighbourhood (only where the user may register)."""
    neighbourhood = registration_neighbourhoods(request.user).filter(pk=request.GET.get("neighbourhood") or 0).first()
    buildings = neighbourhood.children.filter(kind="building").order_by("path") if neighbourhood else []
    return render(request, "people/building_options.html", {"buildings": buildings})
