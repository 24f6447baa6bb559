"""HTML pages of the talent pool: the staff's searchable pool (pinyin too) with the add form, one entry (change,
withdraw), the suggestion page (people for a need or for wanted skills), and the resident's phone page (register
with consent, change, withdraw)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.chronicle.services import entries_for
from gongzhi.core.forms import add_service_errors
from gongzhi.core.listing import as_id, choice_filter, paginate, querystring_without_page
from gongzhi.core.views import workbench_required
from gongzhi.lists.permissions import get_need_for_user, home_community
from gongzhi.talent import selectors, services
from gongzhi.talent.forms import AddForm, ChangeForm, SelfRegisterForm, SuggestForm
from gongzhi.talent.models import Availability, Skill
from gongzhi.talent.permissions import (
    communities_kept_by,
    communities_seen_by,
    get_talent_for_user,
    may_change,
    may_register_self,
    sees_talent_as_staff,
    shown_talent,
)


def _staff(request) -> None:
    if not sees_talent_as_staff(request.user):
        raise Http404


@login_required
@workbench_required
def pool(request):
    _staff(request)
    user, g = request.user, request.GET
    kept = communities_kept_by(user)
    form = AddForm(request.POST or None, communities=kept) if kept.exists() else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = dict(form.cleaned_data)
            found = selectors.residents_in(kept.filter(pk=data.pop("community").pk), data.pop("resident"))
            if not found:
                form.add_error("resident", _("本社区没有找到该居民，请核对手机号或姓名"))
            elif len(found) > 1:
                form.add_error("resident", _("有 %(n)d 位同名居民，请改用手机号") % {"n": len(found)})
            else:
                try:
                    talent = services.register_talent(actor=user, person=found[0], **data)
                except ValidationError as e:
                    add_service_errors(form, e)
                else:
                    messages.success(request, _("已加入人才储备库：%(name)s") % {"name": talent.person.name})
                    return redirect("talent:pool")
    page = paginate(request, selectors.pool(user, q=g.get("q", ""), skill=g.get("skill", ""),
                                            availability=g.get("availability", ""), community=g.get("community"),
                                            active=g.get("active", "1")))
    page.object_list = [{"t": t, "who": shown_talent(user, t)} for t in page.object_list]
    filters = [choice_filter(request, "community", _("社区"), _("全部社区"),
                             [(str(c.pk), c.name) for c in communities_seen_by(user)]),
               choice_filter(request, "skill", _("特长"), _("全部特长"), Skill.choices),
               choice_filter(request, "availability", _("可服务时间"), _("全部时间"), Availability.choices),
               choice_filter(request, "active", _("状态"), _("在库"), [("all", _("全部（含已退出）")),
                                                                      ("0", _("已退出"))])]
    return render(request, "talent/pool.html", {"page": page, "filters": filters, "q": g.get("q", ""),
                                                "form": form, "qs": querystring_without_page(request),
                                                "tab": "pool"})


@login_required
@workbench_required
def detail(request, pk):
    _staff(request)
    user = request.user
    talent = get_talent_for_user(user, pk)
    writable = may_change(user, talent)
    form = ChangeForm(request.POST or None, initial={"skills": talent.skills, "skills_note": talent.skills_note,
                                                     "availability": talent.availability}) if writable else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.change_talent(actor=user, talent=talent, **form.cleaned_data)
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, _("已保存"))
                return redirect("talent:detail", talent.pk)
    return render(request, "talent/detail.html", {"t": talent, "who": shown_talent(user, talent), "form": form,
                                                  "entries": entries_for(talent).order_by("-seq")[:20],
                                                  "tab": "pool"})


@login_required
@workbench_required
@require_POST
def withdraw(request, pk):
    _staff(request)
    talent = get_talent_for_user(request.user, pk, write=True)
    try:
        services.withdraw_talent(actor=request.user, talent=talent)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as e:
        for m in e.messages:
            messages.error(request, m)
    else:
        messages.success(request, _("已退出人才储备库"))
    return redirect("talent:detail", talent.pk)


@login_required
@workbench_required
def suggest(request):
    """People to propose: for a need (?need=<id>, its community and the skills it calls for) or for the skills and
    times chosen on the form."""
    _staff(request)
    user = request.user
    communities = communities_seen_by(user)
    need = None
    need_id = as_id(request.GET.get("need"))
    if need_id is not None:
        need = get_need_for_user(user, need_id)
    data = request.GET if "community" in request.GET else None
    initial = {"community": need.community_id, "skills": selectors.skills_for_need(need)} if need else {}
    form = SuggestForm(data, communities=communities, initial=initial)
    results, community = None, None
    if need is not None and data is None:
        community = need.community
        if not communities.filter(pk=community.pk).exists():
            raise Http404
        results = selectors.suggest(community=community, need=need, limit=20)
    elif data is not None and form.is_valid():
        community = form.cleaned_data["community"]
        results = selectors.suggest(community=community, skills=form.cleaned_data["skills"],
                                    availability=form.cleaned_data["availability"], need=need, limit=20)
    rows = [{"s": s, "who": shown_talent(user, s.talent)} for s in results] if results is not None else None
    return render(request, "talent/suggest.html", {"form": form, "rows": rows, "need": need, "community": community,
                                                   "tab": "suggest"})


# --- the resident's phone -------------------------------------------------------------------------------------------

@login_required
def m_home(request):
    user = request.user
    community = may_register_self(user)
    entries = selectors.mine(user)
    current = next((t for t in entries if t.active), None)
    if current is not None:
        form = ChangeForm(request.POST or None, initial={"skills": current.skills,
                                                         "skills_note": current.skills_note,
                                                         "availability": current.availability})
    else:
        form = SelfRegisterForm(request.POST or None) if community is not None else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                if current is not None:
                    services.change_talent(actor=user, talent=current, **form.cleaned_data)
                    messages.success(request, _("已保存"))
                else:
                    services.register_talent(actor=user, person=user.person, **form.cleaned_data)
                    messages.success(request, _("感谢您加入社区人才储备库！社区需要时会与您联系。"))
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                return redirect("talent:m_home")
    return render(request, "talent/m_home.html", {"form": form, "current": current,
                                                  "community": home_community(user), "can_register": community})


@login_required
@require_POST
def m_withdraw(request):
    current = next((t for t in selectors.mine(request.user) if t.active), None)
    if current is None:
        raise Http404
    services.withdraw_talent(actor=request.user, talent=current)
    messages.success(request, _("您已退出人才储备库"))
    return redirect("talent:m_home")
