from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from gongzhi.chronicle.services import entries_for
from gongzhi.chronicle.versions import CountedUntilChange
from gongzhi.core import clock
from gongzhi.core.forms import add_service_errors
from gongzhi.core.listing import as_id, choice_filter, paginate, querystring_without_page
from gongzhi.core.registry import render_page_sections
from gongzhi.core.views import workbench_required
from gongzhi.people.forms import (
    CaptainForm,
    PersonForm,
    RegisterPersonForm,
    TeamEditForm,
    TeamForm,
    TeamJoinForm,
    TeamLeaveForm,
)
from gongzhi.people.models import TeamKind, VolunteerTeam
from gongzhi.people.permissions import (
    get_person_for_user,
    get_team_for_user,
    may_edit_person,
    may_lead_team,
    may_manage_team,
    registration_neighbourhoods,
    sees_team_as_staff,
    team_communities,
)
from gongzhi.people.sections import TEAM_PAGE
from gongzhi.people.selectors import (
    DUTY,
    current_members,
    membership_history,
    person_list,
    present,
    present_members,
    team_hours_by_month,
    team_list,
    volunteers_for_joining,
    with_team_figures,
)
from gongzhi.people.services import (
    create_team,
    join_team,
    leave_team,
    register_person,
    set_captain,
    update_person,
    update_team,
)


@login_required
@workbench_required
def person_index(request):
    q, kind = request.GET.get("q", ""), request.GET.get("kind", "")
    page = paginate(request, CountedUntilChange(person_list(request.user, q=q, kind=kind), "people"))
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
        "current_teams": [m.team for m in current_members().filter(volunteer__person=person)],
        "entries": entries_for(person).order_by("-seq")[:20],
        "can_edit": may_edit_person(request.user, person),
    })


@login_required
@workbench_required
def team_index(request):
    """The teams per community with kind, captain, current members and this year's confirmed hours (one query for
    the page whatever its length)."""
    g = request.GET
    year = clock.today().year
    teams = team_list(request.user, year=year, q=g.get("q", ""), kind=g.get("kind", ""),
                      community=as_id(g.get("community")))
    return render(request, "people/teams.html", {
        "page": paginate(request, teams), "year": year, "q": g.get("q", ""), "qs": querystring_without_page(request),
        "filters": [choice_filter(request, "kind", _("队伍类别"), _("全部类别"),
                                  [*TeamKind.choices, (DUTY, _("巡逻与文明劝导队"))])],
        "can_create": team_communities(request.user).exists(),
    })


@login_required
@workbench_required
def team_new(request):
    communities = team_communities(request.user)
    if not communities.exists():
        raise Http404
    form = TeamForm(request.POST or None, communities=communities)
    if request.method == "POST" and form.is_valid():
        try:
            team = create_team(actor=request.user, **form.cleaned_data)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("志愿服务队已成立"))
            return redirect("people:team_detail", team.pk)
    return render(request, "people/team_form.html", {"form": form})


@login_required
@workbench_required
@require_POST
def team_edit(request, pk):
    return _team_action(request, pk, lambda team, data: update_team(actor=request.user, team=team, **data),
                        form=TeamEditForm(request.POST), done=_("队伍信息已保存"), lead=True)


@login_required
@workbench_required
def team_detail(request, pk):
    user = request.user
    team = get_team_for_user(user, pk)
    year = clock.today().year
    members = present_members(user, team)
    figures = with_team_figures(VolunteerTeam.objects.filter(pk=team.pk), year=year).get()
    manage = may_manage_team(user, team)
    return render(request, "people/team_detail.html", {
        "team": team, "members": members, "history": membership_history(team)[:50], "year": year,
        "months": team_hours_by_month(team, year=year), "figures": figures,
        "may_manage": manage, "may_lead": may_lead_team(user, team),
        "join_form": TeamJoinForm() if manage else None,
        "captain_form": CaptainForm(members=members, initial={"volunteer": team.captain_id}),
        "edit_form": TeamEditForm(initial={"kind": team.kind, "speciality": team.speciality}),
        "entries": entries_for(team).order_by("-seq")[:20] if sees_team_as_staff(user, team) else None,
        "sections": render_page_sections(TEAM_PAGE, request, team, "team"),
    })


def _team_action(request, pk, act, *, form, done, lead: bool = False):
    team = get_team_for_user(request.user, pk, manage=True)
    if lead and not may_lead_team(request.user, team):
        raise Http404
    if not form.is_valid():
        for errors in form.errors.values():
            for e in errors:
                messages.error(request, e)
        return redirect("people:team_detail", team.pk)
    try:
        act(team, form.cleaned_data)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
    else:
        messages.success(request, done)
    return redirect("people:team_detail", team.pk)


@login_required
@workbench_required
@require_POST
def team_join(request, pk):
    def act(team, data):
        found = volunteers_for_joining(request.user, data["volunteer"])
        if not found:
            raise ValidationError(_("没有找到该注册志愿者，请核对手机号或姓名，或先登记为志愿者"))
        if len(found) > 1:
            raise ValidationError(_("有 %(n)d 位同名志愿者，请改用手机号") % {"n": len(found)})
        join_team(actor=request.user, volunteer=found[0], team=team, on=data["on"])

    return _team_action(request, pk, act, form=TeamJoinForm(request.POST), done=_("已入队"))


@login_required
@workbench_required
@require_POST
def team_leave(request, pk):
    def act(team, data):
        membership = current_members(team).filter(pk=data["membership"]).first()
        if membership is None:
            raise ValidationError(_("该队员已不在队中"))
        leave_team(actor=request.user, volunteer=membership.volunteer, team=team, on=data["on"])

    return _team_action(request, pk, act, form=TeamLeaveForm(request.POST), done=_("已登记离队"))


@login_required
@workbench_required
@require_POST
def team_captain(request, pk):
    team = get_team_for_user(request.user, pk)
    members = present_members(request.user, team)

    def act(team, data):
        chosen = next((m.membership.volunteer for m in members if m.membership.volunteer_id == data["volunteer"]),
                      None)
        if data["volunteer"] is not None and chosen is None:
            raise ValidationError(_("队长须是该队的现任队员"))
        set_captain(actor=request.user, team=team, volunteer=chosen)

    return _team_action(request, pk, act, form=CaptainForm(request.POST, members=members), done=_("队长已设定"),
                        lead=True)


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
