"""HTML pages of micro-wishes: the workbench (wish list, review queue, detail, posting on a resident's behalf, claim
and fulfil pages for liaisons, the community's claim period), the resident's phone pages (我的心愿, 许个心愿,
confirm and thank, 我认领的心愿 for party members and volunteers) and the public wish wall. Views parse the
request, fetch through an access helper, call one service and render."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.chronicle.services import entries_for
from gongzhi.core import clock
from gongzhi.core.forms import add_service_errors
from gongzhi.core.frozen import checked_file_response
from gongzhi.core.listing import choice_filter, paginate, querystring_without_page
from gongzhi.core.views import workbench_required
from gongzhi.lists.permissions import communities_where, home_community
from gongzhi.people.permissions import shown_phone
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.wishes import services
from gongzhi.wishes.forms import (
    ClaimForm,
    DaysForm,
    FulfilForm,
    PolicyForm,
    ReasonForm,
    ResidentWishForm,
    ReviewForm,
    RewordForm,
    StaffWishForm,
    ThanksForm,
)
from gongzhi.wishes.models import (
    HELD_STATUSES,
    HOLDING_CLAIM_STATUSES,
    PUBLIC_STATUSES,
    Beneficiary,
    CommunityWishPolicy,
    WishClaim,
    WishStatus,
)
from gongzhi.wishes.permissions import (
    POSTERS,
    claim_options,
    claimant_member,
    get_wish_for_user,
    is_claimant,
    is_owner,
    may_claim_somewhere,
    may_post_for,
    may_review,
    may_see_resident,
    may_withdraw,
    sees_wishes_as_staff,
    wish_view,
    wishes_visible_to,
)
from gongzhi.wishes.selectors import (
    claims_of,
    holding,
    my_claims,
    my_wishes,
    residents_for_posting,
    review_queue,
    status_counts,
    timeline,
    wall,
    wish_list,
)


def _message_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _holding_of(claims) -> WishClaim | None:
    return next((c for c in claims if c.status in HOLDING_CLAIM_STATUSES), None)


# --- workbench: list, queue, detail ------------------------------------------------------------------------------

def _filters(request) -> list[dict]:
    return [
        choice_filter(request, "status", _("状态"), _("全部状态"), WishStatus.choices),
        choice_filter(request, "beneficiary", _("心愿对象"), _("全部对象"), Beneficiary.choices),
        choice_filter(request, "overdue", _("逾期"), _("是否逾期"), [("1", _("逾期未完成"))]),
    ]


@login_required
@workbench_required
def wish_index(request):
    g = request.GET
    user = request.user
    page = paginate(request, wish_list(user, q=g.get("q", ""), status=g.get("status", ""),
                                       beneficiary=g.get("beneficiary", ""), overdue=g.get("overdue", ""),
                                       mine=g.get("mine", "")))
    page.object_list = [{"wish": w, "claim": holding(w)} for w in page.object_list]
    return render(request, "wishes/list.html", {
        "page": page, "q": g.get("q", ""), "qs": querystring_without_page(request), "filters": _filters(request),
        "counts": status_counts(user), "show_names": sees_wishes_as_staff(user), "today": clock.today(),
        "can_post": communities_where(user, POSTERS).exists(), "claims_for_unit": bool(user.scope.organisation_ids),
        "can_set_policy": communities_where(user, ("community_staff",)).exists(),
        "tab": "mine" if g.get("mine") == "1" else "overdue" if g.get("overdue") == "1" else "all",
    })


@login_required
@workbench_required
def wish_queue(request):
    page = paginate(request, review_queue(request.user))
    page.object_list = [{"wish": w, "may_review": may_review(request.user, w)} for w in page.object_list]
    return render(request, "wishes/queue.html", {"page": page, "qs": querystring_without_page(request),
                                                 "counts": status_counts(request.user), "tab": "queue"})


def _resident_facts(user, wish, claim) -> dict | None:
    """Who the wish belongs to, for those who may know: name, home and the phone number as their role allows."""
    if not may_see_resident(user, wish, claim):
        return None
    return {"name": wish.resident.name, "phone": shown_phone(user, wish.resident),
            "home": wish.resident.home if sees_wishes_as_staff(user) or is_owner(user, wish) else None}


@login_required
@workbench_required
def wish_detail(request, pk):
    user = request.user
    wish = get_wish_for_user(user, pk)
    claims = list(claims_of(wish))
    claim = _holding_of(claims)
    staff = may_review(user, wish)
    return render(request, "wishes/detail.html", {
        "wish": wish, "claim": claim, "claims": claims, "events": wish_view(user, wish).events(timeline(wish)),
        "view": wish_view(user, wish), "resident": _resident_facts(user, wish, claim), "show_story": sees_wishes_as_staff(user) or is_owner(user, wish),
        "may_review": staff and wish.status == WishStatus.SUBMITTED,
        "may_reword": staff and wish.status in PUBLIC_STATUSES,
        "may_set_days": staff and wish.status in (WishStatus.SUBMITTED, WishStatus.OPEN, *HELD_STATUSES),
        "claim_days": services.claim_days_for(wish),
        "may_release": staff and wish.status == WishStatus.OVERDUE,
        "may_confirm": wish.status == WishStatus.FULFILLED and may_post_for(user, wish.community),
        "may_withdraw": wish.status in (WishStatus.SUBMITTED, WishStatus.OPEN) and may_withdraw(user, wish),
        "may_claim": wish.status == WishStatus.OPEN and bool(claim_options(user, wish)),
        "on_wall": wish.status in PUBLIC_STATUSES,
        "is_claimant": wish.status in HELD_STATUSES and is_claimant(user, claim),
        "entries": entries_for(wish).order_by("-seq")[:30] if sees_wishes_as_staff(user) else None,
        "today": clock.today(),
    })


def _post_action(request, pk, act, *, done: str, form_class=None, write: bool = False, back=None):
    """An action posted from a page: fetch the wish (404 when not theirs; `write` for the community staff's
    actions), parse the form, call one service with it, report the outcome and go `back` (a function of the wish
    giving the redirect; by default the workbench detail, or the review queue the form came from)."""
    wish = get_wish_for_user(request.user, pk, write=write)
    if back is None:
        def back(w):
            return ("wishes:queue",) if request.POST.get("next") == "queue" else ("wishes:detail", w.pk)
    data = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for e in errors:
                    messages.error(request, e)
            return redirect(*back(wish))
        data = form.cleaned_data
    try:
        act(wish, **data)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as e:
        _message_errors(request, e)
    else:
        messages.success(request, done)
    return redirect(*back(wish))


@login_required
@workbench_required
@require_POST
def wish_review(request, pk):
    def act(wish, decision, reason, public_title):
        services.review_wish(actor=request.user, wish=wish, decision=decision, reason=reason,
                             public_title=public_title)

    decision = request.POST.get("decision")
    return _post_action(request, pk, act, form_class=ReviewForm, write=True,
                        done=_("已通过，心愿已上墙") if decision == "approve" else _("已退回：不通过"))


@login_required
@workbench_required
@require_POST
def wish_reword(request, pk):
    return _post_action(request, pk, lambda wish, public_title: services.reword_wish(
        actor=request.user, wish=wish, public_title=public_title), form_class=RewordForm, done=_("公开表述已修改"),
        write=True)


@login_required
@workbench_required
@require_POST
def wish_days(request, pk):
    return _post_action(request, pk, lambda wish, days: services.set_wish_claim_days(
        actor=request.user, wish=wish, days=days), form_class=DaysForm, done=_("完成时限已调整"), write=True)


@login_required
@workbench_required
@require_POST
def wish_release(request, pk):
    return _post_action(request, pk, lambda wish, reason: services.release_claim(
        actor=request.user, wish=wish, reason=reason), form_class=ReasonForm, done=_("已收回认领，心愿重新上墙"),
        write=True)


@login_required
@workbench_required
@require_POST
def wish_confirm(request, pk):
    return _post_action(request, pk, lambda wish, reason: services.confirm_fulfilment(
        actor=request.user, wish=wish, reason=reason), form_class=ReasonForm, done=_("已代居民确认心愿实现"))


@login_required
@workbench_required
@require_POST
def wish_withdraw(request, pk):
    return _post_action(request, pk, lambda wish, reason: services.withdraw_wish(
        actor=request.user, wish=wish, reason=reason), form_class=ReasonForm, done=_("心愿已撤回"))


@login_required
@workbench_required
def wish_new(request):
    """代居民许愿: community staff or a grid worker post a wish for a resident of their community."""
    user = request.user
    if not communities_where(user, POSTERS).exists():
        raise Http404
    form = StaffWishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        found = residents_for_posting(user, data.pop("resident"))
        if not found:
            form.add_error("resident", _("本社区没有找到该居民，请核对手机号或姓名，或先登记居民"))
        elif len(found) > 1:
            form.add_error("resident", _("有 %(n)d 位同名居民，请改用手机号") % {"n": len(found)})
        else:
            try:
                wish = services.post_wish(actor=user, resident=found[0], **data)
            except ValidationError as e:
                add_service_errors(form, e)
            except PermissionDenied:
                form.add_error(None, _("您不能为该居民许愿"))
            else:
                messages.success(request, _("已代居民提交心愿，等待审核"))
                return redirect("wishes:detail", wish.pk)
    return render(request, "wishes/form.html", {"form": form})


@login_required
@workbench_required
def wish_policy(request):
    """社区认领时限: the default number of days claimants have, per community."""
    communities = communities_where(request.user, ("community_staff",))
    if not communities.exists():
        raise Http404
    form = PolicyForm(request.POST or None, communities=communities,
                      initial={"days": services.DEFAULT_CLAIM_DAYS})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_community_claim_days(actor=request.user, community=form.cleaned_data["community"],
                                              days=form.cleaned_data["days"])
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("认领时限已保存，此后的认领按新时限计算"))
            return redirect("wishes:policy")
    policies = dict(CommunityWishPolicy.objects.filter(community__in=communities)
                    .values_list("community_id", "claim_days"))
    rows = [{"community": c, "days": policies.get(c.pk, services.DEFAULT_CLAIM_DAYS)} for c in communities]
    return render(request, "wishes/policy.html", {"form": form, "rows": rows})


# --- claiming and fulfilling (workbench for liaisons, phone shell for party members and volunteers) ------------

def _claim_page(request, pk, *, template: str, done):
    wish = get_wish_for_user(request.user, pk)
    options = claim_options(request.user, wish)
    if not options:
        raise Http404
    form = ClaimForm(request.POST or None, options=options)
    if request.method == "POST" and form.is_valid():
        option = next((o for o in options if o.key == form.cleaned_data["option"]), options[0])
        try:
            claim = services.claim_wish(actor=request.user, wish=wish, kind=option.kind,
                                        organisation=option.organisation)
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("认领成功，请在 %(d)s 前完成心愿") % {"d": claim.deadline.isoformat()})
            return redirect(*done(wish))
    days = services.claim_days_for(wish)
    return render(request, template, {"wish": wish, "form": form, "open": wish.status == WishStatus.OPEN,
                                      "days": days, "deadline": clock.today() + dt.timedelta(days=days),
                                      "community": wish.community, "tab": "home"})


def _fulfil_page(request, pk, *, template: str, done):
    wish = get_wish_for_user(request.user, pk)
    claim = _holding_of(claims_of(wish))
    if wish.status not in HELD_STATUSES or not is_claimant(request.user, claim):
        raise Http404
    form = FulfilForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_fulfilment(actor=request.user, wish=wish, note=form.cleaned_data["note"],
                                       photo=form.cleaned_data.get("photo"))
        except PermissionDenied:
            raise Http404 from None
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已登记完成，等待居民确认"))
            return redirect(*done(wish))
    return render(request, template, {"wish": wish, "claim": claim, "form": form,
                                      "resident": _resident_facts(request.user, wish, claim),
                                      "community": wish.community, "tab": "home"})


def _give_up(request, pk, back):
    return _post_action(request, pk, lambda wish, reason: services.give_up_claim(
        actor=request.user, wish=wish, reason=reason), form_class=ReasonForm, back=back,
        done=_("已放弃认领，心愿重新回到心愿墙"))


@login_required
@workbench_required
def wish_claim(request, pk):
    return _claim_page(request, pk, template="wishes/claim.html", done=lambda w: ("wishes:detail", w.pk))


@login_required
@workbench_required
def wish_fulfil(request, pk):
    return _fulfil_page(request, pk, template="wishes/fulfil.html", done=lambda w: ("wishes:detail", w.pk))


@login_required
@workbench_required
@require_POST
def wish_give_up(request, pk):
    return _give_up(request, pk, lambda w: ("wishes:detail", w.pk))


@login_required
def claim_entry(request, pk):
    """The wall's 我来认领 button: logged-in claimants go to the claim page of their shell."""
    if request.user.uses_workbench:
        return redirect("wishes:claim", pk)
    return redirect("wishes:m_claim", pk)


@login_required
def photo(request, pk):
    """A fulfilment photo: for the staff in scope, the resident and the claimant only (it may show her home)."""
    claim = get_object_or_404(WishClaim.objects.select_related("wish__community", "organisation")
                              .filter(wish__in=wishes_visible_to(request.user).values("pk")), pk=pk)
    user = request.user
    if not claim.photo or not (user.scope.covers(claim.wish.community.path) or is_owner(user, claim.wish)
                               or is_claimant(user, claim)):
        raise Http404
    return checked_file_response(request, claim.photo, claim.photo_sha256, kind="wish_photo", document_id=claim.pk,
                                 content_type=claim.photo_type or "application/octet-stream")


# --- the resident's phone --------------------------------------------------------------------------------------

@login_required
def m_list(request):
    """我的心愿: her wishes with their status timelines, and for claimants the way to their claims."""
    user = request.user
    community = home_community(user)
    member = claimant_member(user)
    wall_community = community or (member.registered_community if member else None)
    status = request.GET.get("status", "")
    status = status if status in WishStatus.values else ""  # unknown values are ignored
    return render(request, "wishes/m_list.html", {
        "wishes": [{"wish": w, "claim": holding(w), "last": list(w.events.all())[-1]}
                   for w in my_wishes(user, status=status)],
        "status": status, "status_label": WishStatus(status).label if status else "",
        "community": community,
        "wall_community": wall_community, "can_post": getattr(user, "person", None) is not None,
        "claimant": may_claim_somewhere(user), "tab": "home",
    })


@login_required
def m_new(request):
    """许个心愿 from her phone (channel 本人手机发布)."""
    person = getattr(request.user, "person", None)
    form = ResidentWishForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_wish(actor=request.user, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("心愿已提交，社区审核通过后会出现在心愿墙上"))
            return redirect("wishes:m_list")
    return render(request, "wishes/m_form.html", {"form": form, "person": person,
                                                  "community": home_community(request.user), "tab": "home"})


@login_required
def m_detail(request, pk):
    user = request.user
    wish = get_wish_for_user(user, pk)
    claims = list(claims_of(wish))
    claim = _holding_of(claims)
    owner = is_owner(user, wish)
    return render(request, "wishes/m_detail.html", {
        "wish": wish, "claim": claim, "events": wish_view(user, wish).events(timeline(wish)), "owner": owner,
        "resident": _resident_facts(user, wish, claim),
        "may_withdraw": owner and wish.status in (WishStatus.SUBMITTED, WishStatus.OPEN),
        "may_confirm": owner and wish.status == WishStatus.FULFILLED,
        "may_thank": owner and wish.status == WishStatus.CONFIRMED and not wish.thanks_note,
        "is_claimant": wish.status in HELD_STATUSES and is_claimant(user, claim),
        "thanks_form": ThanksForm(), "community": wish.community, "tab": "home",
    })


def _resident_action(request, pk, act, done: str):
    return _post_action(request, pk, act, done=done, back=lambda wish: ("wishes:m_detail", wish.pk))


@login_required
@require_POST
def m_confirm(request, pk):
    return _resident_action(request, pk, lambda w: services.confirm_fulfilment(actor=request.user, wish=w),
                            _("谢谢您的确认，心愿已圆满实现"))


@login_required
@require_POST
def m_thank(request, pk):
    return _resident_action(request, pk, lambda w: services.thank(actor=request.user, wish=w,
                                                                  note=request.POST.get("note", "")),
                            _("感谢留言已发布在心愿墙上"))


@login_required
@require_POST
def m_withdraw(request, pk):
    return _resident_action(request, pk, lambda w: services.withdraw_wish(actor=request.user, wish=w),
                            _("心愿已撤回"))


@login_required
def m_claimed(request):
    """我认领的心愿: a party member's or volunteer's claims, soonest deadline first."""
    claims = list(my_claims(request.user))
    member = claimant_member(request.user)
    community = home_community(request.user) or (member.registered_community if member else None)
    return render(request, "wishes/m_claimed.html", {
        "active": [c for c in claims if c.status == "active"], "done": [c for c in claims if c.status != "active"],
        "community": community, "today": clock.today(), "tab": "home",
    })


@login_required
def m_claim(request, pk):
    return _claim_page(request, pk, template="wishes/m_claim.html", done=lambda w: ("wishes:m_claimed",))


@login_required
def m_fulfil(request, pk):
    return _fulfil_page(request, pk, template="wishes/m_fulfil.html", done=lambda w: ("wishes:m_claimed",))


@login_required
@require_POST
def m_give_up(request, pk):
    return _give_up(request, pk, lambda w: ("wishes:m_claimed",))


# --- the public wish wall ----------------------------------------------------------------------------------------

def wall_page(request, community_id: int):
    """心愿墙: the community's approved wishes, public data only (no login, no name, no phone)."""
    community = get_object_or_404(RegionNode.objects.select_related("parent"), pk=community_id,
                                  kind=RegionKind.COMMUNITY)
    data = wall(community)
    return render(request, "wishes/wall.html", {
        "community": community, "open": data["open"], "counts": data["counts"],
        "in_progress": [{"wish": w, "claim": holding(w)} for w in data["in_progress"]],
        "confirmed": [{"wish": w, "claim": holding(w)} for w in data["confirmed"]],
    })
