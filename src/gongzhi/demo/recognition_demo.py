"""The demo's certificates of service hours and honours in 五美社区, written through the recognition services.

Certificates: the volunteers with the most confirmed hours recorded by the community this year (the hours are
those the volunteering demo confirmed; none is invented here — with no confirmed hours there are no certificates)
get a certificate for the year so far; one is revoked for a wrong period and issued again; one volunteer with an
account has a request waiting for the staff.

Honours of the year: 最美志愿者 (staff nominate the volunteers with the most hours, a resident nominates a
neighbour by name), 文明家庭 (two families), both decided by the community's committee and published; 文明楼院
selected by the street among the community's buildings and published; the community's own 文明楼院 selection is
left open for residents' nominations on their phones."""

from __future__ import annotations

import datetime as dt

from django.db.models import Sum

from gongzhi.people.models import Person
from gongzhi.recognition import services
from gongzhi.recognition.models import Certificate, HonourSelection, Nomination
from gongzhi.regions.models import RegionKind, RegionNode
from gongzhi.volunteering.models import COUNTED, HoursEntry

CERTIFICATES = 6
COMMITTEE = "张志强（社区党委书记）、黄敏（社区居委会）、周丽华（共建单位代表）、陈桂芳（居民代表）、李德福（老党员）"
STREET_COMMITTEE = "吴刚（街道党工委）、郑红（区文明办）、张志强、赵磊、居民代表二人"
FAMILY_REASONS = ["三代同堂，孝老爱亲，常年照顾邻居独居老人", "热心公益，家庭成员都是社区志愿者"]
RESIDENT_NOMINEE = ("张桂兰", "每天早上帮楼里行动不便的老人买菜，风雨无阻")


def _top_volunteers(community: RegionNode, year: int, limit: int) -> list[tuple[int, float]]:
    rows = (HoursEntry.objects.filter(community=community, status__in=COUNTED, served_on__year=year)
            .values("person_id").annotate(h=Sum("hours")).order_by("-h", "person_id")[:limit])
    return [(r["person_id"], float(r["h"])) for r in rows]


def _decided_on(today: dt.date) -> dt.date:
    day = today - dt.timedelta(days=3)
    return day if day.year == today.year else today


def load(*, community: RegionNode, community_staff, street_staff=None, resident=None, volunteer=None,
         today: dt.date) -> dict[str, int]:
    """Certificates, a request and the year's honours of `community`; returns counts for the demo's summary.
    `resident` (a user linked to a person of the community) nominates from the phone; `volunteer` (a user linked
    to a person with confirmed hours) asks for a certificate."""
    year = today.year
    start = dt.date(year, 1, 1)
    top = _top_volunteers(community, year, CERTIFICATES)
    people = {p.pk: p for p in Person.objects.filter(pk__in=[pk for pk, _h in top]).select_related("home")}
    volunteer_person = getattr(volunteer, "person", None) if volunteer is not None else None
    issued: list[Certificate] = []
    for pk, _hours in top:
        if volunteer_person is not None and pk == volunteer_person.pk:
            continue  # she asks for hers herself, below
        issued.append(services.issue_certificate(actor=community_staff, person=people[pk], community=community,
                                                 period_start=start, period_end=today,
                                                 content=""))
    if len(issued) >= 2:
        wrong = issued[-1]
        services.revoke_certificate(actor=community_staff, certificate=wrong,
                                    reason="服务期间填写有误，应为本年度全年截至出具日")
        issued[-1] = services.issue_certificate(actor=community_staff, person=wrong.person, community=community,
                                                period_start=start, period_end=today)
    requests = 0
    if volunteer_person is not None and any(pk == volunteer_person.pk for pk, _h in top):
        services.request_certificate(actor=volunteer, community=community, period_start=start, period_end=today,
                                     purpose="单位年度评优")
        requests = 1

    decided_on = _decided_on(today)
    # 最美志愿者: staff nominate the three volunteers with the most hours; a resident adds a neighbour
    best = services.open_selection(actor=community_staff, node=community, year=year, kind="volunteer")
    nominations = []
    for pk, hours in top[:3]:
        nominations.append(services.nominate(
            actor=community_staff, selection=best, person=people[pk],
            reason=f"本年度已确认志愿服务 {hours:.1f} 小时，参加巡逻、敬老、环境整治等服务"))
    if resident is not None:
        nominations.append(services.nominate(actor=resident, selection=best, nominee_name=RESIDENT_NOMINEE[0],
                                             reason=RESIDENT_NOMINEE[1], as_resident=True))
    if nominations:
        decisions = {n.pk: ("selected", "服务时长居社区前列，群众公认") if i < 2 else
                     ("not_selected", "事迹突出，列入下一年度重点推荐") for i, n in enumerate(nominations)}
        services.decide_selection(actor=community_staff, selection=best, committee=COMMITTEE,
                                  decided_on=decided_on, decisions=decisions)
        services.publish_selection(actor=community_staff, selection=best)

    # 文明家庭: two families of the community
    families = list(Person.objects.filter(home__path__startswith=community.path, home__kind=RegionKind.BUILDING)
                    .exclude(pk__in=[pk for pk, _h in top[:3]]).order_by("pk")[:2])
    if families:
        family = services.open_selection(actor=community_staff, node=community, year=year, kind="family")
        nominated = [services.nominate(actor=community_staff, selection=family, person=p, reason=reason)
                     for p, reason in zip(families, FAMILY_REASONS, strict=False)]
        services.decide_selection(actor=community_staff, selection=family, committee=COMMITTEE,
                                  decided_on=decided_on,
                                  decisions={n.pk: ("selected", "邻里公认，家风良好") for n in nominated})
        services.publish_selection(actor=community_staff, selection=family)

    # 文明楼院: the street selects among the community's buildings; the community's own selection stays open
    buildings = list(RegionNode.objects.filter(kind=RegionKind.BUILDING, path__startswith=community.path)
                     .order_by("path")[:3])
    street = community.parent
    if street_staff is not None and street is not None and street.kind == RegionKind.STREET and buildings:
        selection = services.open_selection(actor=street_staff, node=street, year=year, kind="building")
        nominated = [services.nominate(actor=street_staff, selection=selection, building=b,
                                       reason="楼道整洁无堆物，邻里互助，无违章搭建") for b in buildings]
        services.decide_selection(
            actor=street_staff, selection=selection, committee=STREET_COMMITTEE, decided_on=decided_on,
            decisions={n.pk: ("selected", "环境整洁，邻里和睦") if i == 0 else ("not_selected", "楼道仍有堆物，待整改")
                       for i, n in enumerate(nominated)})
        services.publish_selection(actor=street_staff, selection=selection)
    if buildings:
        open_one = services.open_selection(actor=community_staff, node=community, year=year, kind="building")
        if resident is not None:
            services.nominate(actor=resident, selection=open_one, building=buildings[0],
                              reason="楼长带领大家自治，楼道干净、花草整齐", as_resident=True)

    return {
        "certificates": Certificate.objects.filter(community=community, revoked=False).count(),
        "revoked": Certificate.objects.filter(community=community, revoked=True).count(),
        "requests": requests,
        "selections": HonourSelection.objects.filter(node__in=[community, *([street] if street else [])]).count(),
        "honours": Nomination.objects.filter(status="selected", selection__status="published",
                                             selection__node__in=[community, *([street] if street else [])]).count(),
    }
