"""HTML pages of 服务阵地: the workbench (the points with their maintenance, the neighbourhoods' coordinates, the
15-minute service circle of a community with its drawn map and gaps) and the resident's phone pages (身边服务: the
points nearest her neighbourhood with the walk to each, filtered by need and kind; a point; her community's circle).
Views parse the request, fetch through an access helper, call one service and render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongzhi.chronicle.services import entries_for
from gongzhi.core.forms import add_service_errors
from gongzhi.core.listing import as_id, choice_filter, paginate, querystring_without_page
from gongzhi.core.views import workbench_required
from gongzhi.lists.permissions import home_community, units_in
from gongzhi.regions.models import RegionNode
from gongzhi.servicepoints import selectors, services
from gongzhi.servicepoints.circle_map import draw
from gongzhi.servicepoints.forms import CloseForm, LocationForm, NewPointForm, PointForm
from gongzhi.servicepoints.geometry import CIRCLE_MINUTES, CIRCLE_RADIUS_M, WALK_KMH
from gongzhi.servicepoints.models import NeighbourhoodLocation, Offering, PointKind
from gongzhi.servicepoints.permissions import (
    communities_maintained_by,
    communities_seen_by,
    get_community_for_user,
    get_neighbourhood_for_user,
    get_point_for_user,
    may_maintain,
    neighbourhoods_visible_to,
    sees_servicepoints_as_staff,
)

WALK = {"speed": WALK_KMH, "minutes": CIRCLE_MINUTES, "radius": int(CIRCLE_RADIUS_M)}


def _staff(request) -> None:
    if not sees_servicepoints_as_staff(request.user):
        raise Http404


# neighbourhoods of the 15-minute circle's table and map on one page
CIRCLE_PER_PAGE = 50


def _context(request, tab: str, **extra) -> dict:
    return {"tab": tab, "qs": querystring_without_page(request), "walk": WALK, **extra}


def _units_for(communities):
    """Units a point may be run by: those of the streets the communities lie in."""
    streets = RegionNode.objects.filter(pk__in=communities.values_list("parent_id", flat=True))
    return units_in(streets)


# --- workbench: the points ---------------------------------------------------------------------------------------

@login_required
@workbench_required
def points(request):
    _staff(request)
    communities = communities_maintained_by(request.user)
    form = (NewPointForm(request.POST or None, communities=communities, units=_units_for(communities))
            if communities.exists() else None)
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                point = services.create_point(actor=request.user, **form.service_data())
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, _("已登记服务阵地：%(name)s") % {"name": point.name})
                return redirect("servicepoints:point", point.pk)
    g = request.GET
    page = paginate(request, selectors.staff_points(request.user, community=g.get("community"),
                                                    kind=g.get("kind", ""), active=g.get("active", ""),
                                                    q=g.get("q", "")))
    page.object_list = selectors.with_offers(list(page.object_list))
    filters = [
        choice_filter(request, "community", _("社区"), _("全部社区"),
                      [(str(c.pk), c.name) for c in communities_seen_by(request.user)]),
        choice_filter(request, "kind", _("类别"), _("全部类别"), PointKind.choices),
        choice_filter(request, "active", _("状态"), _("全部状态"), [("1", _("在用")), ("0", _("已停用"))]),
    ]
    return render(request, "servicepoints/points.html", _context(request, "points", page=page, form=form,
                                                                 filters=filters, q=g.get("q", "")))


@login_required
@workbench_required
def point_detail(request, pk):
    _staff(request)
    point = get_point_for_user(request.user, pk)
    may_edit = may_maintain(request.user, point.community)
    form = None
    if may_edit:
        initial = {f: getattr(point, f) for f in services.EDITABLE}
        initial.update(days=list(point.days), lat=str(point.lat), lon=str(point.lon),
                       opens_at=f"{point.opens_at:%H:%M}" if point.opens_at else "",
                       closes_at=f"{point.closes_at:%H:%M}" if point.closes_at else "",
                       elderly_discount=str(point.elderly_discount.normalize()) if point.elderly_discount else "")
        form = PointForm(request.POST or None, initial=initial,
                         units=_units_for(RegionNode.objects.filter(pk=point.community_id)))
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.change_point(actor=request.user, point=point, **form.service_data())
            except ValidationError as e:
                add_service_errors(form, e)
            else:
                messages.success(request, _("已保存"))
                return redirect("servicepoints:point", point.pk)
        point.refresh_from_db()
    selectors.with_offers([point])
    return render(request, "servicepoints/point.html", _context(
        request, "points", point=point, form=form, close_form=CloseForm() if may_edit else None,
        entries=entries_for(point).order_by("-seq")[:20]))


@login_required
@workbench_required
@require_POST
def point_active(request, pk):
    _staff(request)
    point = get_point_for_user(request.user, pk, write=True)
    form = CloseForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    active = request.POST.get("active") == "1"
    try:
        services.set_point_active(actor=request.user, point=point, active=active, reason=reason)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as e:
        for message in e.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("已恢复使用") if active else _("已停用"))
    return redirect("servicepoints:point", point.pk)


# --- workbench: neighbourhoods' coordinates --------------------------------------------------------------------------

@login_required
@workbench_required
def neighbourhoods(request):
    _staff(request)
    g = request.GET
    qs = neighbourhoods_visible_to(request.user).select_related("parent", "location").order_by("path")
    community = as_id(g.get("community"))
    if community is not None:
        qs = qs.filter(parent_id=community)
    if g.get("located") in ("1", "0"):
        qs = qs.filter(location__isnull=g.get("located") == "0")
    page = paginate(request, qs)
    rows = [{"node": n, "location": getattr(n, "location", None), "may_set": may_maintain(request.user, n)}
            for n in page.object_list]
    filters = [choice_filter(request, "community", _("社区"), _("全部社区"),
                             [(str(c.pk), c.name) for c in communities_seen_by(request.user)]),
               choice_filter(request, "located", _("坐标"), _("全部"), [("1", _("已设定")), ("0", _("未设定"))])]
    return render(request, "servicepoints/neighbourhoods.html", _context(request, "neighbourhoods", page=page,
                                                                         rows=rows, filters=filters))


@login_required
@workbench_required
def neighbourhood_locate(request, pk):
    _staff(request)
    node = get_neighbourhood_for_user(request.user, pk, write=True)
    current = NeighbourhoodLocation.objects.filter(neighbourhood=node).first()
    form = LocationForm(request.POST or None,
                        initial={"lat": current.lat, "lon": current.lon} if current else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_neighbourhood_location(actor=request.user, neighbourhood=node, **form.cleaned_data)
        except ValidationError as e:
            add_service_errors(form, e)
        else:
            messages.success(request, _("已设定%(name)s的位置") % {"name": node.name})
            return redirect(f"{reverse('servicepoints:neighbourhoods')}?community={node.parent_id}")
    return render(request, "servicepoints/locate.html", _context(request, "neighbourhoods", node=node, form=form))


# --- workbench: the 15-minute circle ---------------------------------------------------------------------------------

@login_required
@workbench_required
def circle(request):
    _staff(request)
    communities = list(communities_seen_by(request.user))
    if not communities:
        raise Http404
    chosen = as_id(request.GET.get("community"))
    community = next((c for c in communities if c.pk == chosen), communities[0])
    found = selectors.CommunityCircle(community)
    # the summary counts every neighbourhood; the table and the map show one page of them
    page = paginate(request, found.neighbourhoods, per_page=CIRCLE_PER_PAGE)
    shown = found.part(page.object_list)
    return render(request, "servicepoints/circle.html", _context(
        request, "circle", summary=found.summary(page.paginator.count), shown=shown, page=page, drawing=draw(shown),
        community=community, communities=communities))


# --- the resident's phone ------------------------------------------------------------------------------------------

@login_required
def m_directory(request):
    """身边服务: the points nearest a neighbourhood of her community (her own by default), nearest first."""
    user = request.user
    community = home_community(user)
    origins = selectors.located_choices(community) if community is not None else []
    chosen = as_id(request.GET.get("from"))
    home = selectors.home_neighbourhood(user)
    picked = (next((o for o in origins if o[1] == chosen), None)
              or next((o for o in origins if home is not None and o[1] == home.pk), None)
              or (origins[0] if origins else None))
    origin = selectors.location(picked[0]) if picked is not None else None
    need = request.GET.get("need", "")
    need = need if need in Offering.values else ""
    kind = request.GET.get("kind", "")
    kind = kind if kind in PointKind.values else ""
    rows = selectors.nearby(user, origin=origin, kind=kind, need=need) if origin is not None else []
    # a district's community may hold thousands of neighbourhoods: their <option>s are written here, not one
    # template render each
    origin_options = format_html_join("", '<option value="{}"{}>{}</option>', (
        (neighbourhood, mark_safe(" selected") if origin is not None and pk == origin.pk else "", name)
        for pk, neighbourhood, name in origins))
    return render(request, "servicepoints/m_directory.html", {
        "community": community, "origins": origins, "origin": origin, "origin_options": origin_options, "rows": rows, "need": need, "kind": kind,
        "needs": Offering.choices, "kinds": PointKind.choices, "walk": WALK,
        "quick": [("meals", _("助餐")), ("elderly_discount", _("老年优惠")), ("rest", _("歇脚")),
                  ("day_care", _("日间照料"))]})


@login_required
def m_point(request, pk):
    point = get_point_for_user(request.user, pk)
    if not point.active:
        raise Http404
    selectors.with_offers([point])
    return render(request, "servicepoints/m_point.html", {"community": home_community(request.user),
                                                          "point": point})


@login_required
def m_circle(request):
    """Her community's 15-minute service circle: the map and what each neighbourhood lacks."""
    community = home_community(request.user)
    if community is None:
        raise Http404
    community = get_community_for_user(request.user, community.pk)
    found = selectors.CommunityCircle(community)
    page = paginate(request, found.located_neighbourhoods, per_page=CIRCLE_PER_PAGE)
    shown = found.part(page.object_list)
    return render(request, "servicepoints/m_circle.html", {
        "community": community, "summary": found.summary(page.paginator.count), "shown": shown, "page": page,
        "qs": querystring_without_page(request), "drawing": draw(shown), "walk": WALK})
