"""The demo district as `gongzhi demo` loads it, read by every app's demo tests. Loading takes a minute or more,
so it is loaded once for this module (`demo_district` in src/gongzhi/conftest.py: a transaction rolled back after
the module, each test in a savepoint), and xdist keeps the module on one worker (`--dist loadgroup`,
gongzhi/testing/xdist_groups.py ONE_WORKER)."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F

from gongzhi.accounts.models import Role, User
from gongzhi.cases.models import Case, CaseKind, CaseStatus, Escalation, Whistle
from gongzhi.cases.selectors import responsibility_counts, whistle_advice
from gongzhi.chronicle.models import Entry
from gongzhi.chronicle.services import verify
from gongzhi.demo import names
from gongzhi.demo.builder import demo_accounts, make_plan
from gongzhi.elections.models import Candidate, Election, Inspection, VoterRecord
from gongzhi.elections.permissions import phase
from gongzhi.orders.models import Escalation as OrderEscalation
from gongzhi.orders.models import FollowUp, MenuItem, Order, OrderStatus
from gongzhi.organisations.models import Contact, Department, Organisation
from gongzhi.party.models import UNIT_KINDS, BigCommitteeMembership, PartyOrganisation, PartyOrgKind
from gongzhi.people.models import PartyMember, Person, Volunteer, VolunteerTeam
from gongzhi.people.services import validate_id_number
from gongzhi.proposals.models import Proposal, Support
from gongzhi.regions.models import Grid, RegionKind, RegionNode
from gongzhi.volunteering.models import InServiceReport, ReportStatus

MOBILE = re.compile(r"^1[3-9]\d{9}$")
# The plan's 48 units, and the 4 merchants of the street alliance that the partners demo registers as new units
# (demo/partners_demo.py MERCHANTS: 五美老友桂林米粉店, 五美惠民大药房, 文化路便民修鞋配钥匙店, 南门老字号豆浆店).
NEW_MERCHANTS = ("五美老友桂林米粉店", "五美惠民大药房", "文化路便民修鞋配钥匙店", "南门老字号豆浆店")
UNITS = 48 + len(NEW_MERCHANTS)


@pytest.fixture
def demo(demo_district, db):
    return demo_district[0]


def node(code):
    return RegionNode.objects.get(code=code)


def test_the_command_prints_the_accounts_and_loads_once(demo_district, db):
    _, first = demo_district
    assert "wangxiuying" in first and "gongzhi2026" in first and "elapsed" in first

    def counts():
        return RegionNode.objects.count(), Person.objects.count(), User.objects.count(), Entry.objects.count()

    before = counts()
    out = StringIO()
    call_command("demo", "--scale", "2", stdout=out)
    again = out.getvalue()
    assert "已存在" in again and "wumei_grid" in again
    assert counts() == before
    assert verify().ok


def test_it_loads_the_district_tree(demo):
    city = node("450300")
    xiangshan = node("450304")
    street = RegionNode.objects.get(parent=xiangshan, name="象山街道")
    assert xiangshan.parent == city
    communities = RegionNode.objects.filter(parent=street, kind=RegionKind.COMMUNITY)
    assert communities.count() == 7
    assert "五美社区" in set(communities.values_list("name", flat=True))
    lidong = RegionNode.objects.get(parent=node("450305"), name="漓东街道")
    assert RegionNode.objects.filter(parent=lidong, kind=RegionKind.COMMUNITY).count() == 2
    for community in RegionNode.objects.filter(kind=RegionKind.COMMUNITY):
        neighbourhoods = RegionNode.objects.filter(parent=community, kind=RegionKind.NEIGHBOURHOOD).count()
        assert 4 <= neighbourhoods <= 6
        # Every building of a community lies in exactly one of its grids.
        buildings = set(community.subtree().filter(kind=RegionKind.BUILDING).values_list("pk", flat=True))
        gridded = list(Grid.buildings.through.objects.filter(grid__community=community)
                       .values_list("regionnode_id", flat=True))
        assert sorted(gridded) == sorted(buildings)
    for n in RegionNode.objects.filter(path__startswith=city.path).exclude(pk=city.pk):
        assert n.path.startswith(n.parent.path) and n.depth == n.parent.depth + 1 and n.search_key
    assert Grid.objects.filter(community__name="五美社区", name="第一网格").exists()


def test_it_loads_units_departments_and_the_party_tree(demo):
    xiangshan = node("450304")
    units = Organisation.objects.filter(home__path__startswith=xiangshan.path)
    assert units.count() == UNITS
    assert set(units.values_list("kind", flat=True)) == {"agency", "public_institution", "state_enterprise",
                                                         "private_enterprise", "social_organisation", "merchant"}
    # the plan's 33 partner units, and 五美老友桂林米粉店, which the partners demo approves as a new partner
    assert units.exclude(partner_type="").count() == 33 + 1
    assert {"桂林市中医医院", "桂林市崇善小学", "华润桂林医药有限公司", "桂爱社会工作服务中心", "李宗仁文物馆",
            "桂林市妇幼保健院"} <= set(units.values_list("name", flat=True))
    # the plan's 16 units at home in 五美社区, and the 3 merchants of its street alliance the partners demo registers
    assert units.filter(home__name="五美社区").count() == 16 + 3
    # the plan's units each have a party organisation, a seat in the big committee and a liaison; the merchants the
    # partners demo registers later are plain new units
    for unit in units.exclude(name__in=NEW_MERCHANTS):
        party_orgs = list(PartyOrganisation.objects.filter(organisation=unit))
        assert len(party_orgs) == 1 and party_orgs[0].kind in UNIT_KINDS
        membership = BigCommitteeMembership.objects.get(member=party_orgs[0])
        assert membership.committee.region == unit.home
        assert Contact.objects.filter(organisation=unit, is_liaison=True).count() == 1
        assert all(MOBILE.match(c.phone) for c in unit.contacts.all())
    assert units.filter(supervising_department__isnull=False).count() > 30

    kinds = set(Department.objects.values_list("kind", flat=True))
    assert {"judicial_office", "police_station", "housing", "market_regulation", "legal_adviser", "health",
            "education", "culture", "state_assets", "civil_affairs"} <= kinds
    assert Department.objects.get(name="丽景街司法所").home.name == "象山街道"

    street_committee = PartyOrganisation.objects.get(name="象山街道党工委")
    assert PartyOrganisation.objects.filter(parent=street_committee,
                                            kind=PartyOrgKind.COMMUNITY_COMMITTEE).count() == 7
    for branch in PartyOrganisation.objects.filter(kind=PartyOrgKind.NEIGHBOURHOOD_BRANCH):
        assert branch.parent.kind == PartyOrgKind.COMMUNITY_COMMITTEE
        assert branch.parent.region == branch.region.parent
    groups = PartyOrganisation.objects.filter(kind=PartyOrgKind.BUILDING_GROUP)
    assert groups.exists()
    for group in groups:
        assert group.parent.kind == PartyOrgKind.NEIGHBOURHOOD_BRANCH
        assert group.region.parent == group.parent.region

    neighbourhoods = RegionNode.objects.filter(kind=RegionKind.NEIGHBOURHOOD)
    uncovered = neighbourhoods.exclude(party_organisations__kind=PartyOrgKind.NEIGHBOURHOOD_BRANCH)
    assert [(n.parent.name, n.name) for n in uncovered] == [names.UNCOVERED_NEIGHBOURHOOD]
    assert 90 < demo.counts["coverage_percent"] < 100


def test_it_loads_people_with_valid_numbers(demo):
    persons = list(Person.objects.select_related("home"))
    assert len(persons) == demo.counts["residents"] > 500
    assert len({p.id_number for p in persons}) == len(persons)
    for p in persons:
        assert validate_id_number(p.id_number) == p.id_number
        assert p.id_number.startswith("4503") and p.id_number[6:10] == str(p.birth_year)
        assert (int(p.id_number[16]) % 2 == 1) == (p.gender == "male")
        assert p.phone == "" or MOBILE.match(p.phone)
        assert p.home.kind == RegionKind.BUILDING
        assert 2 <= len(p.name) <= 3 and p.search_key
    assert sum(1 for p in persons if p.phone) > 0.9 * len(persons)
    assert {p.gender for p in persons} == {"male", "female"}

    # The database holds the plan drawn from the seed.
    plan = make_plan(scale=1, seed=names.DEFAULT_SEED)
    loaded = list(Person.objects.order_by("pk").values_list("name", "phone", "id_number")[:20])
    assert loaded == [(p.name, p.phone, p.id_number) for p in plan.residents[:20]]

    members = PartyMember.objects.select_related("person__home", "work_unit", "party_organisation")
    assert members.filter(in_service=False).exists()
    in_service = members.filter(in_service=True)
    assert in_service.exists()
    # the in-service demo adds members whose first 报到 is still pending or was returned (not registered yet)
    unregistered = {r.member_id for r in InServiceReport.objects.exclude(status=ReportStatus.CONFIRMED)}
    assert len(unregistered) < 5
    for m in in_service:
        assert m.registered_community is not None or m.pk in unregistered
        assert m.registered_community is None or m.person.home.is_within(m.registered_community)
        assert m.party_organisation.organisation == m.work_unit
    for m in members.filter(in_service=False):
        assert m.person.home.is_within(m.party_organisation.region)

    assert VolunteerTeam.objects.filter(community__parent__name="象山街道").count() == 63
    assert VolunteerTeam.objects.filter(organisation__isnull=False).count() == 14
    volunteers = Volunteer.objects.prefetch_related("teams__community").select_related("person__home")
    assert volunteers.count() > 30
    for v in volunteers:
        teams = list(v.teams.all())
        assert teams and all(v.person.home.is_within(t.community) for t in teams)


def test_demo_accounts_have_their_roles_and_scopes(demo):
    wumei = RegionNode.objects.get(name="五美社区")
    users = {u.username: u for u in User.objects.filter(username__in=[a.username for a in names.ACCOUNTS])}
    assert set(users) == {a.username for a in names.ACCOUNTS}
    for spec in names.ACCOUNTS:
        user = users[spec.username]
        assert [a.role for a in user.active_roles] == [spec.role]
        assert user.display_name == spec.display_name
        assert user.check_password(names.DEMO_PASSWORD)

    assert users["admin"].scope.everything
    assert users["xiangshan"].scope.region_paths == (node("450304").path,)
    assert users["xiangshan_street"].scope.region_paths == (RegionNode.objects.get(name="象山街道").path,)
    assert users["wumei"].scope.region_paths == (wumei.path,)
    assert users["nanmen"].scope.region_paths == (RegionNode.objects.get(name="南门社区").path,)
    grid_role = users["wumei_grid"].active_roles[0]
    assert grid_role.region == wumei and grid_role.grid.name == "第一网格" and grid_role.grid.community == wumei
    assert users["zhongyi"].scope.organisation_ids == {Organisation.objects.get(name="桂林市中医医院").pk}
    assert users["sifasuo"].scope.department_ids == {Department.objects.get(name="丽景街司法所").pk}

    wang = users["wangxiuying"].person
    assert wang.name == "王秀英" and wang.home.is_within(wumei)
    assert users["wangxiuying"].scope.home_paths == (wang.home.path,)
    liu = users["liuyang"].person
    assert liu.name == "刘洋"
    assert liu.volunteer.teams.filter(name="学雷锋志愿服务队", community=wumei).exists()

    # Every grid has a worker; only the demo account among them can log in.
    workers = User.objects.filter(role_assignments__role=Role.GRID_WORKER)
    assert workers.count() == Grid.objects.count()
    assert not any(u.has_usable_password() for u in workers.exclude(username="wumei_grid"))

    rows = demo_accounts()
    assert [r[0] for r in rows] == [a.username for a in names.ACCOUNTS]
    assert ("wumei", "社区工作人员", "五美社区", names.DEMO_PASSWORD) in rows


def test_the_load_is_chronicled(demo):
    assert verify().ok
    entry = Entry.objects.get(subject_type="demo.district", subject_id="450300")
    assert entry.action == "demo.loaded"
    assert entry.data["units"] == UNITS and entry.data["residents"] == demo.counts["residents"]
    # Bulk rows are covered by that one entry; services chronicle the named structure.
    assert Entry.objects.filter(action="organisation.created").count() == UNITS
    # 王秀英 and 刘洋, and the few people the volunteering demos register through the services (in-service party
    # members, volunteers of the activities); the hundreds of bulk-loaded residents are covered by the one entry
    registered = Entry.objects.filter(action="person.registered").count()
    assert 2 <= registered <= 20 < demo.counts["residents"]


# --- the apps' demos on the district ---------------------------------------------------------------------

def test_the_demo_year_of_cases(demo):
    district = RegionNode.objects.get(name="象山区", kind="district")
    summary = {s.kind: s.description for s in responsibility_counts(district)}
    assert summary["autonomous"] == "4 类 13 项 32 子项"
    assert summary["access"] == "4 类 17 项"
    assert summary["removed"] == "46 项"
    assert summary["department"] == "12 项"
    story = Case.objects.get(reporter__name="王秀英", channel="phone_app")
    assert story.status == CaseStatus.CLOSED and story.satisfaction == "satisfied"
    assert sorted(story.whistles.values_list("score", flat=True)) == [90, 92, 95]
    assert story.meetings.count() == 1
    names = [s.department.name for s in whistle_advice(story).suggestions]
    assert {"丽景街司法所", "广西桂象律师事务所", "象山区住房和城乡建设局"} <= set(names)
    # The year: 24 cases a community of 象山街道 (48 in 五美社区), the sewage story and the case waiting for the
    # judicial office, and two cases a community from the last days (those still ahead of the clock today left out).
    street = RegionNode.objects.get(name="象山街道", kind="street")
    communities = RegionNode.objects.filter(parent=street, kind="community").count()
    # (the cases that stewards' suggestions and supervisors' inspections became are the stewards' and elections'
    # demos, not this year's)
    from gongzhi.elections.models import Problem
    from gongzhi.stewards.models import Suggestion

    others = [*Problem.objects.exclude(case=None).values_list("case", flat=True),
              *Suggestion.objects.exclude(case=None).values_list("case", flat=True)]
    requests = (Case.objects.filter(kind=CaseKind.REQUEST, community__parent=street).exclude(channel="open311")
                .exclude(pk__in=others))
    year = 24 * (communities + 1) + 2
    assert year <= requests.count() <= year + 2 * communities
    assert requests.filter(community__name="五美社区").count() >= 48 + 2
    # every case was reported through the service (one chronicle entry each), every escalation fired by the sweep
    assert Case.objects.count() == Entry.objects.filter(action="case.reported").count()
    escalations = Escalation.objects.all()
    assert escalations.exists() and escalations.count() == Entry.objects.filter(action="case.escalated").count()
    assert not escalations.filter(created_at__lte=F("due_at")).exists()  # only overdue steps are raised
    assert Whistle.objects.filter(case__community__parent=street).exists()
    assert Case.objects.filter(status=CaseStatus.CLOSED).exclude(satisfaction="").exists()
    assert verify().ok


def test_the_demo_menu_and_orders(demo):
    wumei = RegionNode.objects.get(name="五美社区", kind="community")
    shelf = MenuItem.objects.filter(community=wumei, active=True)
    titles = set(shelf.values_list("title", flat=True))
    assert {"一元理发、免费磨刀、便民维修", "四点半课堂课后看护", "就医陪诊、代买药品"} <= titles
    assert shelf.filter(provider_kind="team").exists() and shelf.filter(provider_kind="party_member").exists()
    assert MenuItem.objects.exclude(community=wumei).exists()  # every community of the street has a menu
    orders = Order.objects.filter(community=wumei)
    assert orders.count() >= 30
    assert set(orders.values_list("status", flat=True)) == set(OrderStatus.values)
    assert orders.filter(resident__user__username="wangxiuying").count() >= 10
    assert set(orders.values_list("channel", flat=True)) == {"online", "grid_worker", "phone", "window"}
    overdue = [o for o in orders if o.is_overdue]
    assert len(overdue) == 1 and OrderEscalation.objects.filter(order=overdue[0]).count() == 1
    assert orders.filter(follow_up=FollowUp.OPEN, rating__lte=2).count() == 1
    assert orders.filter(confirm_note="居民逾期未确认").exists()
    assert verify().ok


def test_the_demo_holds_proposals_and_elections(demo):
    declared, open_now = Election.objects.order_by("pk")
    assert phase(declared) == "declared" and phase(open_now) == "voting"
    assert Candidate.objects.filter(election=declared, elected=True).count() == 3
    assert Candidate.objects.filter(election=declared).count() == 4  # 差额: 4 for 3 seats
    assert VoterRecord.objects.filter(election=declared, channel="online").count() == 1
    assert VoterRecord.objects.filter(election=declared, channel="paper").count() > 3
    assert Inspection.objects.exists() and declared.paper_tallies.filter(status="confirmed").count() == 2
    assert Proposal.objects.count() == 5 and Proposal.objects.filter(status="answered").count() == 3
    assert Proposal.objects.filter(reminded_at__isnull=False).count() == 1
    assert Support.objects.count() == sum(p.support_count for p in Proposal.objects.all())
    assert verify().ok


def test_the_open_data_of_the_demo_district_holds_no_personal_data(demo, client):
    """Every file of the open-data zip, scanned: no phone or ID number, no private person's name, no home detail."""
    import io
    import zipfile

    from gongzhi.core.privacy import find_personal_numbers, public_text_problems
    from gongzhi.people.models import Person

    archive = zipfile.ZipFile(io.BytesIO(client.get("/open-data/gongzhi-open-data.zip").content))
    names = {n for n in Person.objects.values_list("name", flat=True) if len(n) >= 2}
    rows = 0
    for member in archive.namelist():
        text = archive.read(member).decode("utf-8")
        assert find_personal_numbers(text) == [], member
        assert not [n for n in names if n in text], member
        if member.endswith(".json"):
            import json

            for row in json.loads(text)["rows"]:
                rows += 1
                for key in ("title", "place", "schedule"):
                    assert not public_text_problems(str(row.get(key, ""))), (member, row)
    assert rows > 100  # the demo's contracts, commitments, lists, menu, cases and service points are all there
