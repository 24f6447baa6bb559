"""The demo district loader behind `gongzhi demo`.

Two steps. `make_plan()` draws everything random from one `random.Random(seed)` without touching the
database, so the same seed always gives the same names, phone numbers and ID numbers. `load_demo()` writes a
plan in one transaction: the named structure (the region tree down to communities, departments, the 48 units
and their contacts, street and community party committees, unit party organisations and their big-committee
memberships, volunteer teams, every account and role) goes through the app services and is chronicled; what
grows with `--scale` (neighbourhoods, buildings, grids, neighbourhood branches, building groups, residents,
party members, volunteers) is bulk-created — the documented exception for bulk loads — and the load as a whole
gets one chronicle entry, ("demo.district", "450300") "demo.loaded", whose data are the counts."""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import Count, Q, Sum

from gongzhi.accounts.models import Role, RoleAssignment, User
from gongzhi.accounts.services import assign_role, create_user
from gongzhi.chronicle.services import held_head, record
from gongzhi.core import clock
from gongzhi.core.pinyin import search_key
from gongzhi.demo import names as N
from gongzhi.demo.bulk import chunks, insert
from gongzhi.organisations.models import Contact, Department, Organisation
from gongzhi.organisations.services import add_contact, create_department, create_organisation
from gongzhi.party.models import BigCommitteeMembership, PartyOrganisation, PartyOrgKind
from gongzhi.party.services import create_party_organisation, join_big_committee
from gongzhi.people.models import PartyMember, Person, TeamMembership, Volunteer, VolunteerTeam
from gongzhi.people.services import (
    create_team,
    id_check_char,
    link_account,
    register_person,
    register_volunteer,
)
from gongzhi.regions.models import Grid, RegionKind, RegionNode
from gongzhi.regions.services import create_node, plan_paths

CHUNK = 20_000  # rows a bulk step holds in memory at a time (a district at scale 1000 has 650,000 residents)
GRID_BUILDINGS = 10  # a grid takes whole neighbourhoods until it has about this many buildings
REFERENCE_YEAR = 2025  # ages and dates are drawn relative to this year, never to today's date
SUBJECT = ("demo.district", N.CITY[1])

# --- numbers and names ------------------------------------------------------------------------------

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 105 → 一百零五, 2010 → 二千零一十 (1 ≤ n ≤ 9999)."""
    if not 0 < n < 10000:
        raise ValueError("out of range")
    out, zero = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            if zero:
                out += "零"
            out += ("" if (unit == "十" and digit == 1 and not out) else _DIGITS[digit]) + unit
            zero = False
        elif out:
            zero = True
    return out


CREDIT_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_CODE_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
# Registering authority and kind (GB 32100): 11 agency, 12 public institution, 52 social service organisation,
# 91 enterprise, 92 individual business.
CREDIT_KIND = {"agency": "11", "public_institution": "12", "social_organisation": "52",
               "state_enterprise": "91", "private_enterprise": "91", "merchant": "92"}


def credit_check_char(first17: str) -> str:
    total = sum(CREDIT_ALPHABET.index(c) * w for c, w in zip(first17, CREDIT_WEIGHTS, strict=True))
    return CREDIT_ALPHABET[(31 - total % 31) % 31]


def credit_code(rng: random.Random, *, kind: str, area: str) -> str:
    """A unified social credit code (统一社会信用代码) with valid check characters."""
    body = f"{rng.randrange(10**8):08d}"
    c = 11 - sum(int(d) * w for d, w in zip(body, ORG_CODE_WEIGHTS, strict=True)) % 11
    org_code = body + {10: "X", 11: "0"}.get(c, str(c))
    first17 = CREDIT_KIND[kind] + area + org_code
    return first17 + credit_check_char(first17)


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


class PeopleFactory:
    """Plausible Chinese names, mobile numbers and ID numbers, unique within one plan."""

    BIRTH_SPANS = ((1935, 1949, 10), (1950, 1964, 22), (1965, 1979, 22), (1980, 1994, 22), (1995, 2009, 14),
                   (2010, 2020, 10))

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.surnames = [s for s, _ in N.SURNAMES]
        self.surname_weights = [w for _, w in N.SURNAMES]
        self.phones: set[str] = set()
        self.ids: set[str] = set()

    def gender(self) -> str:
        return "female" if self.rng.random() < 0.52 else "male"

    def birth_year(self, *, earliest: int = 1935, latest: int = 2020) -> int:
        spans = [(max(a, earliest), min(b, latest), w) for a, b, w in self.BIRTH_SPANS
                 if a <= latest and b >= earliest]
        start, end, _ = self.rng.choices(spans, weights=[w for *_, w in spans])[0]
        return self.rng.randint(start, end)

    def name(self, *, gender: str, birth_year: int) -> str:
        generation = 0 if birth_year < 1970 else 1 if birth_year < 1990 else 2
        surname = self.rng.choices(self.surnames, weights=self.surname_weights)[0]
        if self.rng.random() < N.SINGLE_NAME_SHARE[generation]:
            return surname + self.rng.choice(N.SINGLE_NAMES[(gender, generation)])
        if self.rng.random() < N.COMPOSED_NAME_SHARE:
            first, second = N.GIVEN_CHARS[(gender, generation)]
            a, b = self.rng.choice(first), self.rng.choice(second)
            if a != b:
                return surname + a + b
        return surname + self.rng.choice(N.GIVEN_NAMES[(gender, generation)])

    def adult_name(self) -> str:
        gender = self.gender()
        return self.name(gender=gender, birth_year=self.birth_year(earliest=1960, latest=1995))

    def mobile(self) -> str:
        while True:
            phone = self.rng.choice(N.MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def landline(self) -> str:
        return f"{N.AREA_CODE}-{self.rng.randint(2100000, 3899999)}"

    def id_number(self, *, birth_year: int, gender: str) -> str:
        """18 digits: a 4503xx region prefix, the birth date, a sequence number (odd for men, even for
        women) and the check character."""
        while True:
            born = _date_between(self.rng, dt.date(birth_year, 1, 1), dt.date(birth_year, 12, 31))
            sequence = self.rng.randrange(499) * 2 + (1 if gender == "male" else 2)
            first17 = f"{self.rng.choice(N.ID_PREFIXES)}{born:%Y%m%d}{sequence:03d}"
            value = first17 + id_check_char(first17)
            if value not in self.ids:
                self.ids.add(value)
                return value


# --- the plan ---------------------------------------------------------------------------------------


@dataclass(slots=True)
class PersonPlan:
    name: str
    gender: str
    birth_year: int
    phone: str
    id_number: str
    community: int  # index into Plan.communities
    neighbourhood: int
    building: int
    party: str = ""  # "", "branch" (member of the neighbourhood's branch) or "in_service"
    joined_on: dt.date | None = None
    work_unit: int | None = None  # index into names.UNITS
    # days since the in-service member last reported (报到, renewed every six months): the build turns it into a date
    # before today, so most registrations are current and about one in seven has lapsed whatever the day
    report_age_days: int | None = None
    teams: tuple[int, ...] = ()  # indexes into the community's teams; () = not a volunteer
    volunteer_on: dt.date | None = None


@dataclass
class NeighbourhoodPlan:
    name: str
    buildings: int
    covered: bool  # has a neighbourhood party branch
    secretary: str = ""
    founded_on: dt.date | None = None
    groups: tuple[tuple[int, str], ...] = ()  # (building index, group leader)


@dataclass
class GridPlan:
    name: str
    neighbourhoods: tuple[int, ...]
    worker: str  # the grid worker's name
    username: str


@dataclass
class TeamPlan:
    name: str
    speciality: str
    unit: int | None = None  # index into names.UNITS


@dataclass
class CommunityPlan:
    spec: N.Community
    secretary: str
    neighbourhoods: list[NeighbourhoodPlan]
    grids: list[GridPlan]
    teams: list[TeamPlan]


@dataclass
class ContactPlan:
    name: str
    title: str
    phone: str
    is_liaison: bool


@dataclass
class UnitPlan:
    spec: N.UnitSpec
    credit_code: str
    contacts: list[ContactPlan]
    secretary: str
    joined_on: dt.date


@dataclass
class Plan:
    scale: int
    seed: int
    communities: list[CommunityPlan]
    units: list[UnitPlan]
    department_phones: dict[str, str]
    residents: list[PersonPlan]
    featured: dict[str, PersonPlan]  # username -> person behind the resident / volunteer accounts


def _neighbourhood_names(spec: N.Community, rng: random.Random) -> Iterator[str]:
    yield from spec.neighbourhoods
    seen = set(spec.neighbourhoods)
    combos = [p + s for p in N.NEIGHBOURHOOD_PREFIXES for s in N.NEIGHBOURHOOD_SUFFIXES if p[-1] != s[0]]
    rng.shuffle(combos)
    phase = 1
    while True:
        for combo in combos:
            name = combo if phase == 1 else f"{combo}{chinese_number(phase)}期"
            if name not in seen:
                seen.add(name)
                yield name
        phase += 1


def _grids(spec: N.Community, neighbourhoods: list[NeighbourhoodPlan], people: PeopleFactory) -> list[GridPlan]:
    groups: list[list[int]] = [[]]
    size = 0
    for i, nb in enumerate(neighbourhoods):
        if size >= GRID_BUILDINGS:
            groups.append([])
            size = 0
        groups[-1].append(i)
        size += nb.buildings
    if len(groups) > 1 and sum(neighbourhoods[i].buildings for i in groups[-1]) < GRID_BUILDINGS // 2:
        groups[-2].extend(groups.pop())
    grids = []
    for n, members in enumerate(groups, start=1):
        username = f"{spec.slug}_grid" if n == 1 else f"{spec.slug}_grid{n}"
        grids.append(GridPlan(name=f"第{chinese_number(n)}网格", neighbourhoods=tuple(members),
                              worker=people.adult_name(), username=username))
    return grids


def make_plan(*, scale: int = 1, seed: int = N.DEFAULT_SEED) -> Plan:
    """Everything random about the demo district, drawn in a fixed order from random.Random(seed)."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    rng = random.Random(seed)
    people = PeopleFactory(rng)
    unit_index = {u.name: i for i, u in enumerate(N.UNITS)}

    communities = []
    for spec in N.COMMUNITIES:
        names = _neighbourhood_names(spec, rng)
        neighbourhoods = []
        for _ in range(rng.randint(4, 6) * scale):
            name = next(names)
            nb = NeighbourhoodPlan(name=name, buildings=rng.randint(4, 8),
                                   covered=(spec.name, name) != N.UNCOVERED_NEIGHBOURHOOD)
            if nb.covered:
                nb.secretary = people.adult_name()
                nb.founded_on = _date_between(rng, dt.date(2015, 1, 1), dt.date(2023, 12, 31))
                if rng.random() < 0.3:
                    buildings = sorted(rng.sample(range(nb.buildings), rng.randint(1, 2)))
                    nb.groups = tuple((b, people.adult_name()) for b in buildings)
            neighbourhoods.append(nb)
        teams = [TeamPlan(name, speciality) for name, speciality in N.TEAMS[:spec.teams]]
        teams += [TeamPlan(name, speciality, unit_index[unit]) for slug, name, unit, speciality in N.UNIT_TEAMS
                  if slug == spec.slug]
        communities.append(CommunityPlan(spec=spec, secretary=people.adult_name(), neighbourhoods=neighbourhoods,
                                         grids=_grids(spec, neighbourhoods, people), teams=teams))

    area = {c.slug: c.code[:6] for c in N.COMMUNITIES}
    units = []
    for spec in N.UNITS:
        secretary = people.adult_name()
        contacts = [ContactPlan(secretary, N.CONTACT_TITLES[spec.party][0], people.mobile(), False),
                    ContactPlan(spec.liaison or people.adult_name(),
                                "党办主任" if spec.liaison else rng.choice(N.LIAISON_TITLES), people.mobile(), True)]
        if rng.random() < 0.5:
            contacts.append(ContactPlan(people.adult_name(), rng.choice(N.CONTACT_TITLES[spec.party][1:]),
                                        people.mobile(), False))
        joined_on = (dt.date(2020, 12, 2) if spec.community == "wumei"
                     else _date_between(rng, dt.date(2020, 9, 1), dt.date(2021, 6, 30)))
        units.append(UnitPlan(spec=spec, credit_code=credit_code(rng, kind=spec.kind, area=area[spec.community]),
                              contacts=contacts, secretary=secretary, joined_on=joined_on))

    department_phones = {d.name: people.landline() for d in N.DEPARTMENTS}

    residents = []
    for ci, community in enumerate(communities):
        for ni, nb in enumerate(community.neighbourhoods):
            for _ in range(rng.randint(12, 18)):
                residents.append(_resident(rng, people, community, ci, ni, nb))

    featured = {}
    for username, (name, gender, birth_year, slug, ni, bi) in N.FEATURED_PEOPLE.items():
        ci = next(i for i, c in enumerate(communities) if c.spec.slug == slug)
        featured[username] = PersonPlan(name=name, gender=gender, birth_year=birth_year, phone=people.mobile(),
                                        id_number=people.id_number(birth_year=birth_year, gender=gender),
                                        community=ci, neighbourhood=ni, building=bi)
    return Plan(scale=scale, seed=seed, communities=communities, units=units, department_phones=department_phones,
                residents=residents, featured=featured)


def _resident(rng: random.Random, people: PeopleFactory, community: CommunityPlan, ci: int, ni: int,
              nb: NeighbourhoodPlan) -> PersonPlan:
    gender = people.gender()
    birth_year = people.birth_year()
    age = REFERENCE_YEAR - birth_year
    person = PersonPlan(name=people.name(gender=gender, birth_year=birth_year), gender=gender,
                        birth_year=birth_year, phone=people.mobile() if age >= 12 else "",
                        id_number=people.id_number(birth_year=birth_year, gender=gender),
                        community=ci, neighbourhood=ni, building=rng.randrange(nb.buildings))
    if age >= 18:
        draw = rng.random()
        if 23 <= age <= 60 and draw < 0.04:
            person.party = "in_service"
            person.work_unit = rng.randrange(len(N.UNITS))
            person.report_age_days = rng.randrange(215)
        elif draw < 0.12:
            person.party = "branch"
        if person.party:
            person.joined_on = _date_between(rng, dt.date(birth_year + 18, 7, 1), dt.date(REFERENCE_YEAR, 12, 31))
    if 14 <= age <= 78 and rng.random() < 0.15:
        k = 2 if rng.random() < 0.3 else 1
        person.teams = tuple(sorted(rng.sample(range(len(community.teams)), k)))
        person.volunteer_on = _date_between(rng, dt.date(2019, 1, 1), dt.date(2025, 12, 31))
    return person


# --- loading ----------------------------------------------------------------------------------------


@dataclass
class LoadResult:
    loaded: bool  # False when the demo district was already there and nothing was added
    counts: dict[str, int | float]
    seconds: float


def demo_city() -> RegionNode | None:
    return RegionNode.objects.filter(code=N.CITY[1]).first()


def load_demo(*, scale: int = 1, seed: int = N.DEFAULT_SEED, password: str = N.DEMO_PASSWORD,
              progress: Callable[[str], None] | None = None) -> LoadResult:
    """Load the demo district, or do nothing if it is already there (a node with code 450300 exists)."""
    started = time.perf_counter()
    city = demo_city()
    if city is not None:
        return LoadResult(loaded=False, counts=demo_counts(city=city), seconds=time.perf_counter() - started)
    plan = make_plan(scale=scale, seed=seed)
    with transaction.atomic(), held_head():  # one transaction; the chronicle's head written once (ADR 0004)
        loader = _Loader(plan=plan, password=password, progress=progress, started=started)
        loader.run()
        counts = demo_counts(city=loader.city)
        record(SUBJECT, "demo.loaded", loader.admin, {"scale": scale, "seed": seed, **counts})
    if connection.vendor == "postgresql":
        # Fresh statistics after a bulk load, or the planner takes 25,000 rows for 11 (seen: 4 s pages).
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return LoadResult(loaded=True, counts=counts, seconds=time.perf_counter() - started)


class _Loader:
    def __init__(self, *, plan: Plan, password: str, progress, started: float):
        self.plan = plan
        self.password = password
        self.progress = progress
        self.started = started
        self.keys: dict[str, str] = {}  # search keys by text: pypinyin once per distinct name

    def key(self, text: str) -> str:
        value = self.keys.get(text)
        if value is None:
            value = self.keys[text] = search_key(text)
        return value

    def step(self, what: str) -> None:
        if self.progress is not None:
            self.progress(f"{time.perf_counter() - self.started:7.2f}s  {what}")

    def run(self) -> None:
        self.admin = create_user(actor=None, username="admin", password=self.password, display_name="系统管理员")
        assign_role(actor=None, user=self.admin, role=Role.SYSTEM_ADMIN)
        self.regions()
        self.step("region tree")
        self.departments_and_units()
        self.step("departments, units, contacts")
        self.party()
        self.step("party organisations")
        self.grids()
        self.teams()
        self.people()
        self.step("residents, party members, volunteers")
        self.accounts()
        self.step("accounts")
        self.cooperation()
        self.step("needs, resources, contracts, fulfilment, board")
        self.resident_services()
        self.step("service menus, orders, micro-wishes")
        self.volunteering()
        self.step("volunteer rosters, activities, hours, in-service party members, points, certificates, honours")
        self.cases()
        self.step("cases, whistles, 权责清单, disputes, Open311, rating reviews")
        self.partnership()
        self.step("partners, merchant alliances, venues and bookings, joint meetings and their tasks")
        self.residents_decide()
        self.step("talent pool, proposals, elections, building stewards, service points")

    # --- regions and grids ------------------------------------------------------------------------
    def regions(self) -> None:
        plan, admin = self.plan, self.admin
        self.city = create_node(actor=admin, parent=None, kind=RegionKind.CITY, name=N.CITY[0], code=N.CITY[1])
        self.nodes: dict[str, RegionNode] = {"city": self.city}
        for d in N.DISTRICTS:
            self.nodes[d.key] = create_node(actor=admin, parent=self.city, kind=RegionKind.DISTRICT, name=d.name,
                                            code=d.code)
        for s in N.STREETS:
            self.nodes[s.key] = create_node(actor=admin, parent=self.nodes[s.district], kind=RegionKind.STREET,
                                            name=s.name, code=s.code)
        self.communities = [create_node(actor=admin, parent=self.nodes[c.spec.street], kind=RegionKind.COMMUNITY,
                                        name=c.spec.name, code=c.spec.code) for c in plan.communities]

        rows = []
        for ci, c in enumerate(plan.communities):
            rows += [{"key": ("n", ci, ni), "parent_key": ("c", ci), "name": nb.name}
                     for ni, nb in enumerate(c.neighbourhoods)]
        building_rows = []
        for ci, c in enumerate(plan.communities):
            for ni, nb in enumerate(c.neighbourhoods):
                building_rows += [{"key": ("b", ci, ni, bi), "parent_key": ("n", ci, ni), "name": f"{bi + 1}栋"}
                                  for bi in range(nb.buildings)]
        plan_paths(rows + building_rows, {("c", ci): node.path for ci, node in enumerate(self.communities)})

        def node_rows(kind, rows, parent_id):
            return [{"kind": kind, "name": r["name"], "path": r["path"], "depth": r["depth"],
                     "search_key": self.key(r["name"]), "parent_id": parent_id(r)} for r in rows]

        # ids of the bulk-loaded nodes by plan key: neighbourhoods (ci, ni), buildings (ci, ni, bi)
        self.neighbourhoods: dict[tuple[int, int], int] = {}
        for part in chunks(rows, CHUNK):
            ids = insert(RegionNode, node_rows(RegionKind.NEIGHBOURHOOD, part,
                                               lambda r: self.communities[r["parent_key"][1]].pk))
            self.neighbourhoods.update((r["key"][1:], pk) for r, pk in zip(part, ids, strict=True))
        self.buildings: dict[tuple[int, int, int], int] = {}
        for part in chunks(building_rows, CHUNK):
            ids = insert(RegionNode, node_rows(RegionKind.BUILDING, part,
                                               lambda r: self.neighbourhoods[r["parent_key"][1:]]))
            self.buildings.update((r["key"][1:], pk) for r, pk in zip(part, ids, strict=True))

    def grids(self) -> None:
        rows = [{"community_id": self.communities[ci].pk, "name": g.name}
                for ci, c in enumerate(self.plan.communities) for g in c.grids]
        created = [Grid(pk=pk, **row) for row, pk in zip(rows, insert(Grid, rows), strict=True)]
        links = ({"grid_id": grid.pk, "regionnode_id": self.buildings[(ci, ni, bi)]}
                 for grid, (ci, c, g) in zip(created, ((ci, c, g) for ci, c in enumerate(self.plan.communities)
                                                       for g in c.grids), strict=True)
                 for ni in g.neighbourhoods for bi in range(c.neighbourhoods[ni].buildings))
        batch: list[dict] = []
        for link in links:
            batch.append(link)
            if len(batch) == CHUNK:
                insert(Grid.buildings.through, batch)
                batch = []
        insert(Grid.buildings.through, batch)
        self.grid_objects = [[grid for grid in created if grid.community_id == node.pk]
                             for node in self.communities]

    # --- departments and units --------------------------------------------------------------------
    def departments_and_units(self) -> None:
        admin = self.admin
        self.departments = {
            d.name: create_department(actor=admin, name=d.name, kind=d.kind, home=self.nodes[d.home],
                                      phone=self.plan.department_phones[d.name])
            for d in N.DEPARTMENTS}
        community_by_slug = {c.spec.slug: node for c, node in zip(self.plan.communities, self.communities,
                                                                   strict=True)}
        self.units = []
        for unit in self.plan.units:
            s = unit.spec
            org = create_organisation(actor=admin, name=s.name, short_name=s.short_name, kind=s.kind,
                                      partner_type=s.partner_type, home=community_by_slug[s.community],
                                      supervising_department=self.departments.get(s.supervisor),
                                      address=f"桂林市象山区{s.address}", credit_code=unit.credit_code,
                                      description=s.description)
            for contact in unit.contacts:
                add_contact(actor=admin, organisation=org, name=contact.name, title=contact.title,
                            phone=contact.phone, is_liaison=contact.is_liaison)
            self.units.append(org)

    # --- party organisations ----------------------------------------------------------------------
    def party(self) -> None:
        admin, plan = self.admin, self.plan
        street_committees = {
            s.key: create_party_organisation(actor=admin, name=s.committee,
                                             kind=PartyOrgKind.STREET_WORKING_COMMITTEE, region=self.nodes[s.key],
                                             founded_on=dt.date(2012, 7, 1))
            for s in N.STREETS}
        self.committees = [
            create_party_organisation(actor=admin, name=f"{c.spec.name}党委", kind=PartyOrgKind.COMMUNITY_COMMITTEE,
                                      region=node, parent=street_committees[c.spec.street], secretary=c.secretary,
                                      founded_on=dt.date(2014, 7, 1))
            for c, node in zip(plan.communities, self.communities, strict=True)]
        committee_by_slug = {c.spec.slug: committee for c, committee in zip(plan.communities, self.committees,
                                                                            strict=True)}
        self.unit_party = []
        for unit, org in zip(plan.units, self.units, strict=True):
            suffix = "党委" if unit.spec.party == PartyOrgKind.UNIT_COMMITTEE else "党支部"
            party_org = create_party_organisation(actor=admin, name=f"{org.name}{suffix}", kind=unit.spec.party,
                                                  region=org.home, organisation=org, secretary=unit.secretary)
            liaison = next(c.name for c in unit.contacts if c.is_liaison)
            join_big_committee(actor=admin, committee=committee_by_slug[unit.spec.community], member=party_org,
                               joined_on=unit.joined_on, representative=liaison)
            self.unit_party.append(party_org)

        branches, branch_keys = [], []
        for ci, c in enumerate(plan.communities):
            for ni, nb in enumerate(c.neighbourhoods):
                if nb.covered:
                    name = f"{c.spec.name}{nb.name}党支部"
                    branches.append({
                        "name": name, "kind": PartyOrgKind.NEIGHBOURHOOD_BRANCH, "parent_id": self.committees[ci].pk,
                        "region_id": self.neighbourhoods[(ci, ni)], "secretary": nb.secretary,
                        "founded_on": nb.founded_on, "search_key": self.key(name)})
                    branch_keys.append((ci, ni))
        self.branches: dict[tuple[int, int], int] = dict(zip(branch_keys, insert(PartyOrganisation, branches),
                                                             strict=True))  # ids by (ci, ni)
        groups = []
        for (ci, ni), branch in self.branches.items():
            c = plan.communities[ci]
            nb = c.neighbourhoods[ni]
            for bi, leader in nb.groups:
                name = f"{c.spec.name}{nb.name}{bi + 1}栋党小组"
                groups.append({
                    "name": name, "kind": PartyOrgKind.BUILDING_GROUP, "parent_id": branch,
                    "region_id": self.buildings[(ci, ni, bi)], "secretary": leader, "founded_on": nb.founded_on,
                    "search_key": self.key(name)})
        insert(PartyOrganisation, groups)

    # --- volunteer teams and people ---------------------------------------------------------------
    def teams(self) -> None:
        self.team_objects = [
            [create_team(actor=self.admin, name=t.name, community=node, speciality=t.speciality,
                         organisation=self.units[t.unit] if t.unit is not None else None) for t in c.teams]
            for c, node in zip(self.plan.communities, self.communities, strict=True)]

    def people(self) -> None:
        """Residents, their party memberships and volunteer registrations, CHUNK residents at a time: ids come back
        in the plan's order, so the rows (and their ids) are those one statement per table would give."""
        today = clock.today()
        for part in chunks(self.plan.residents, CHUNK):
            ids = insert(Person, [
                {"name": p.name, "gender": p.gender, "birth_year": p.birth_year, "phone": p.phone,
                 "id_number": p.id_number, "home_id": self.buildings[(p.community, p.neighbourhood, p.building)],
                 "search_key": self.key(p.name)} for p in part])
            members = []
            for p, person in zip(part, ids, strict=True):
                if p.party == "branch":
                    org = self.branches.get((p.community, p.neighbourhood)) or self.committees[p.community].pk
                    members.append({"person_id": person, "party_organisation_id": org, "joined_on": p.joined_on})
                elif p.party == "in_service":
                    members.append({"person_id": person, "party_organisation_id": self.unit_party[p.work_unit].pk,
                                    "joined_on": p.joined_on, "in_service": True,
                                    "work_unit_id": self.units[p.work_unit].pk,
                                    "registered_community_id": self.communities[p.community].pk,
                                    "registered_on": today - dt.timedelta(days=p.report_age_days or 0)})
            insert(PartyMember, members)
            pairs = [(p, person) for p, person in zip(part, ids, strict=True) if p.teams]
            volunteers = insert(Volunteer, [{"person_id": person, "registered_on": p.volunteer_on} for p, person in pairs])
            insert(TeamMembership, [
                {"volunteer_id": v, "team_id": self.team_objects[p.community][t].pk, "joined_on": p.volunteer_on}
                for (p, _), v in zip(pairs, volunteers, strict=True) for t in p.teams])

    # --- accounts ---------------------------------------------------------------------------------
    def featured_person(self, username: str) -> Person:
        p = self.plan.featured[username]
        return register_person(actor=self.admin, name=p.name, home=self.building_node(p), phone=p.phone,
                               id_number=p.id_number, gender=p.gender, birth_year=p.birth_year)

    def building_node(self, p: PersonPlan) -> RegionNode:
        return RegionNode.objects.get(pk=self.buildings[(p.community, p.neighbourhood, p.building)])

    def cooperation(self) -> None:
        """The year's co-construction in 象山街道, through the services (see cooperation.py)."""
        from gongzhi.demo import cooperation

        users = {u.username: u for u in User.objects.filter(username__in=["wumei", "xiangshan_street", "zhongyi"])}
        street = self.nodes["xiangshan_street"]
        self.cooperation_counts = cooperation.load(
            communities=[c for c in self.communities if c.parent_id == street.pk],
            actors=cooperation.Actors(admin=self.admin, community_staff=users["wumei"],
                                      street_staff=users["xiangshan_street"], liaison=users["zhongyi"]),
            rng=random.Random(self.plan.seed), today=clock.today())

    def demo_users(self) -> dict[str, User]:
        return {u.username: u for u in User.objects.filter(username__in=[a.username for a in N.ACCOUNTS])}

    def street_communities(self) -> list[RegionNode]:
        street = self.nodes["xiangshan_street"]
        return [c for c in self.communities if c.parent_id == street.pk]

    def resident_services(self) -> None:
        """The 五美 service menu and its orders (点单·派单·接单·评单), and micro-wishes (see orders_demo.py,
        wishes_demo.py)."""
        from gongzhi.demo import orders_demo, wishes_demo

        users, communities = self.demo_users(), self.street_communities()
        self.orders_counts = orders_demo.load(
            communities=communities,
            actors=orders_demo.Actors(admin=self.admin, community_staff=users["wumei"], grid_worker=users["wumei_grid"],
                                      liaison=users["zhongyi"], resident=users["wangxiuying"],
                                      volunteer=users["liuyang"]),
            rng=random.Random(self.plan.seed + 3), today=clock.today())
        self.wishes_counts = wishes_demo.load(
            communities=communities,
            actors=wishes_demo.Actors(admin=self.admin, community_staff=users["wumei"], grid_worker=users["wumei_grid"],
                                      liaison=users["zhongyi"], resident=users["wangxiuying"],
                                      volunteer=users["liuyang"]),
            rng=random.Random(self.plan.seed + 4), today=clock.today())

    def volunteering(self) -> None:
        """A year of volunteering in 五美社区, through the services in the order a community lives it: duty rosters
        served, activities signed up for and checked into, in-service party members' 报到, the points those hours
        earn and the supermarket, then certificates and the year's honours (see the *_demo.py modules)."""
        from gongzhi.demo import activities_demo, inservice_demo, points_demo, recognition_demo, rosters_demo

        users, communities = self.demo_users(), self.street_communities()
        wumei = next(c for c in communities if c.name == "五美社区")
        today = clock.today()
        self.volunteering_counts = {}
        self.volunteering_counts.update(rosters_demo.load(
            community=wumei, communities=communities,
            actors=rosters_demo.Actors(admin=self.admin, community_staff=users["wumei"], captain=users["liuyang"]),
            rng=random.Random(self.plan.seed + 9), today=today))
        self.volunteering_counts.update(activities_demo.load(
            communities=communities,
            actors=activities_demo.Actors(admin=self.admin, community_staff=users["wumei"], liaison=users["zhongyi"],
                                          volunteer=users["liuyang"]),
            rng=random.Random(self.plan.seed + 10), today=today))
        units = [u for u in self.units if u.name in ("桂林市中医医院", "桂林市崇善小学")]
        self.volunteering_counts.update(inservice_demo.load(
            community=wumei, units=sorted(units, key=lambda u: u.name != "桂林市中医医院"),
            actors=inservice_demo.Actors(admin=self.admin, community_staff=users["wumei"],
                                         district_staff=users["xiangshan"], liaison=users["zhongyi"]),
            today=today, password=self.password))
        self.volunteering_counts.update(points_demo.load(
            community=wumei, actors=points_demo.Actors(admin=self.admin, community_staff=users["wumei"],
                                                       resident=users["wangxiuying"]),
            rng=random.Random(self.plan.seed + 11), today=today))
        self.volunteering_counts.update(recognition_demo.load(
            community=wumei, community_staff=users["wumei"], street_staff=users["xiangshan_street"],
            resident=users["wangxiuying"], volunteer=users["liuyang"], today=today))

    def cases(self) -> None:
        """A year of 接诉即办 in 象山街道: the district's 权责清单, cases and whistles, disputes, Open311 service areas
        and a client, and the street's review of unsatisfied ratings (see cases_demo.py and the modules it names)."""
        from gongzhi.demo import cases_demo, disputes_demo, open311_demo, rates_demo

        users, communities = self.demo_users(), self.street_communities()
        today = clock.today()
        self.cases_counts = cases_demo.load(
            communities=communities,
            actors=cases_demo.Actors(admin=self.admin, district_staff=users["xiangshan"],
                                     street_staff=users["xiangshan_street"], community_staff=users["wumei"],
                                     grid_worker=users["wumei_grid"], receiver=users["sifasuo"],
                                     resident=users["wangxiuying"]),
            rng=random.Random(self.plan.seed + 5), today=today)
        self.dispute_counts = disputes_demo.load(
            communities=communities,
            actors=disputes_demo.Actors(admin=self.admin, community_staff=users["wumei"],
                                        grid_worker=users["wumei_grid"], street_staff=users["xiangshan_street"]),
            rng=random.Random(self.plan.seed + 6), today=today)
        self.open311_counts = open311_demo.load(communities=self.communities, rng=random.Random(self.plan.seed + 7),
                                                today=today)
        self.rates_counts = rates_demo.load(
            communities=communities,
            actors=rates_demo.Actors(admin=self.admin, community_staff=users["wumei"],
                                     street_staff=users["xiangshan_street"], district_staff=users["xiangshan"]),
            rng=random.Random(self.plan.seed + 8), today=today)

    def partnership(self) -> None:
        """Partners, the space platform and joint meetings in 象山街道 (see the *_demo.py modules)."""
        from gongzhi.demo import meetings_demo, partners_demo, spaces_demo

        self.partnership_counts = {}
        for module in (partners_demo, spaces_demo, meetings_demo):
            self.partnership_counts.update(module.load(self))

    def residents_decide(self) -> None:
        """The talent pool, proposals, elections, building stewards and service points in 象山街道."""
        from gongzhi.demo import (
            elections_demo,
            proposals_demo,
            servicepoints_demo,
            stewards_demo,
            talent_demo,
        )

        self.decide_counts = {}
        for module in (talent_demo, proposals_demo, elections_demo, stewards_demo, servicepoints_demo):
            self.decide_counts.update(module.load(self))

    def accounts(self) -> None:
        admin, password = self.admin, self.password
        specs = {a.username: a for a in N.ACCOUNTS}
        by_name = {node.name: node for node in self.communities}
        wumei = by_name["五美社区"]
        scopes = {
            "xiangshan": {"region": self.nodes["xiangshan"]},
            "xiangshan_street": {"region": self.nodes["xiangshan_street"]},
            "wumei": {"region": wumei},
            "nanmen": {"region": by_name["南门社区"]},
            "wumei_grid": {"region": wumei, "grid": self.grid_objects[self.communities.index(wumei)][0]},
            "zhongyi": {"organisation": next(u for u in self.units if u.name == "桂林市中医医院")},
            "sifasuo": {"department": self.departments["丽景街司法所"]},
        }
        wang = self.featured_person("wangxiuying")
        liu = self.featured_person("liuyang")
        team = next(t for t in self.team_objects[self.communities.index(wumei)]
                    if t.name == N.FEATURED_VOLUNTEER_TEAM)
        register_volunteer(actor=admin, person=liu, teams=[team], on=dt.date(2021, 3, 5))
        people = {"wangxiuying": wang, "liuyang": liu}
        for spec in N.ACCOUNTS[1:]:
            person = people.get(spec.username)
            user = create_user(actor=admin, username=spec.username, password=password,
                               display_name=spec.display_name, phone=person.phone if person else "")
            scope = scopes.get(spec.username) or {"region": person.home}
            assign_role(actor=admin, user=user, role=spec.role, **scope)
            if person is not None:
                link_account(actor=admin, person=person, user=user)
        # One grid worker per grid; only the demo account `wumei_grid` can log in. They grow with --scale (20,000 at
        # scale 1000), so they are bulk-loaded like the residents and counted in the load's one chronicle entry.
        workers = [(c, g, node, grid)
                   for c, node, grids in zip(self.plan.communities, self.communities, self.grid_objects, strict=True)
                   for g, grid in zip(c.grids, grids, strict=True) if g.username not in specs]
        users = insert(User, [{"username": g.username, "display_name": f"{c.spec.name}网格员·{g.worker}",
                               "password": make_password(None)}  # "!…" as set_unusable_password: none matches
                              for c, g, _node, _grid in workers])
        insert(RoleAssignment, [{"user_id": user, "role": Role.GRID_WORKER, "region_id": node.pk, "grid_id": grid.pk}
                                for user, (_c, _g, node, grid) in zip(users, workers, strict=True)])


# --- reading back ------------------------------------------------------------------------------------

COUNT_LABELS = {
    "districts": "城区", "streets": "街道", "communities": "社区", "neighbourhoods": "小区/院落",
    "buildings": "楼栋", "grids": "网格", "departments": "职能部门", "units": "驻区单位",
    "partner_units": "社区合伙人单位", "contacts": "单位联系人", "party_organisations": "党组织",
    "neighbourhood_branches": "小区党支部", "building_groups": "楼栋党小组",
    "big_committee_members": "大党委成员单位", "coverage_percent": "小区党组织覆盖率(%)",
    "residents": "居民", "party_members": "党员", "in_service_members": "在职党员（已报到）",
    "volunteers": "志愿者", "volunteer_teams": "志愿服务队", "team_memberships": "志愿者入队",
    "accounts": "账号", "grid_workers": "网格员",
    "menu_items": "服务菜单项目", "orders": "居民订单", "wishes": "微心愿", "cases": "诉求案件", "whistles": "吹哨",
    "escalations": "超时督办", "disputes": "矛盾纠纷", "responsibilities": "权责清单事项",
    "duty_rosters": "值班排班", "activity_signups": "活动报名", "confirmed_hours": "志愿服务时长（已确认，小时）",
    "points_issued": "积分发放", "redemptions": "积分兑换", "certificates": "志愿服务时长证明",
    "partners": "社区合伙人（在约）", "alliance_offers": "商家联盟优惠（发布中）", "venues": "共享场地",
    "space_bookings": "场地预约（已批准，次）", "exchange_fulfilments": "以服务换空间·履约记录",
    "joint_meetings": "联席会议", "meeting_tasks": "决议事项", "meeting_tasks_open": "决议事项（办理中）",
    "stewards": "在任楼门管家", "steward_evaluations": "楼门管家月度评价", "talent_pool": "人才储备库（在库）",
    "service_points": "服务阵地（在用）",
}


def demo_counts(*, city: RegionNode) -> dict[str, int | float]:
    """What the demo district holds, counted from the database (never typed in)."""
    under = city.path
    kinds = dict(RegionNode.objects.filter(path__startswith=under).values_list("kind").annotate(n=Count("pk"))
                 .values_list("kind", "n"))
    neighbourhoods = kinds.get(RegionKind.NEIGHBOURHOOD, 0)
    party = PartyOrganisation.objects.filter(region__path__startswith=under)
    covered = (RegionNode.objects.filter(path__startswith=under, kind=RegionKind.NEIGHBOURHOOD,
                                         party_organisations__kind=PartyOrgKind.NEIGHBOURHOOD_BRANCH)
               .distinct().count())
    units = Organisation.objects.filter(home__path__startswith=under)
    persons = Person.objects.filter(home__path__startswith=under)
    members = PartyMember.objects.filter(person__home__path__startswith=under)
    volunteers = Volunteer.objects.filter(person__home__path__startswith=under)
    assignments = RoleAssignment.objects.filter(
        Q(region__path__startswith=under) | Q(organisation__home__path__startswith=under)
        | Q(department__home__path__startswith=under))
    return {
        "districts": kinds.get(RegionKind.DISTRICT, 0),
        "streets": kinds.get(RegionKind.STREET, 0),
        "communities": kinds.get(RegionKind.COMMUNITY, 0),
        "neighbourhoods": neighbourhoods,
        "buildings": kinds.get(RegionKind.BUILDING, 0),
        "grids": Grid.objects.filter(community__path__startswith=under).count(),
        "departments": Department.objects.filter(home__path__startswith=under).count(),
        "units": units.count(),
        "partner_units": units.exclude(partner_type="").count(),
        "contacts": Contact.objects.filter(organisation__home__path__startswith=under).count(),
        "party_organisations": party.count(),
        "neighbourhood_branches": party.filter(kind=PartyOrgKind.NEIGHBOURHOOD_BRANCH).count(),
        "building_groups": party.filter(kind=PartyOrgKind.BUILDING_GROUP).count(),
        "big_committee_members": BigCommitteeMembership.objects.filter(committee__region__path__startswith=under)
        .count(),
        "coverage_percent": round(100 * covered / neighbourhoods, 2) if neighbourhoods else 0.0,
        "residents": persons.count(),
        "party_members": members.count(),
        "in_service_members": members.filter(in_service=True, registered_community__isnull=False).count(),
        "volunteers": volunteers.count(),
        "volunteer_teams": VolunteerTeam.objects.filter(community__path__startswith=under).count(),
        "team_memberships": Volunteer.teams.through.objects.filter(
            volunteer__person__home__path__startswith=under).count(),
        "accounts": User.objects.filter(Q(role_assignments__in=assignments)
                                        | Q(username="admin", role_assignments__role=Role.SYSTEM_ADMIN))
        .distinct().count(),
        "grid_workers": assignments.filter(role=Role.GRID_WORKER).count(),
        **_capability_counts(under),
    }


def _capability_counts(under: str) -> dict[str, int]:
    from gongzhi.cases.models import Case, Escalation, Responsibility, Whistle
    from gongzhi.disputes.models import Dispute
    from gongzhi.orders.models import MenuItem, Order
    from gongzhi.points.models import Leg, Redemption
    from gongzhi.recognition.models import Certificate
    from gongzhi.volunteering.models import HoursEntry, HoursStatus, Roster, SignUp
    from gongzhi.wishes.models import Wish

    return {**_cooperation_counts(under), **{
        "menu_items": MenuItem.objects.filter(community__path__startswith=under).count(),
        "orders": Order.objects.filter(community__path__startswith=under).count(),
        "wishes": Wish.objects.filter(community__path__startswith=under).count(),
        "cases": Case.objects.filter(community__path__startswith=under).count(),
        "whistles": Whistle.objects.filter(case__community__path__startswith=under).count(),
        "escalations": Escalation.objects.filter(case__community__path__startswith=under).count(),
        "disputes": Dispute.objects.filter(case__community__path__startswith=under).count(),
        "responsibilities": Responsibility.objects.filter(region__path__startswith=under).count(),
        "duty_rosters": Roster.objects.filter(team__community__path__startswith=under).count(),
        "activity_signups": SignUp.objects.filter(activity__community__path__startswith=under).count(),
        "confirmed_hours": int(HoursEntry.objects.filter(community__path__startswith=under,
                                                         status=HoursStatus.CONFIRMED)
                               .aggregate(h=Sum("hours"))["h"] or 0),
        "points_issued": -(Leg.objects.filter(account__kind="pool", account__community__path__startswith=under)
                           .aggregate(p=Sum("amount"))["p"] or 0),
        "redemptions": Redemption.objects.filter(item__community__path__startswith=under).count(),
        "certificates": Certificate.objects.filter(community__path__startswith=under).count(),
    }}


def _cooperation_counts(under: str) -> dict[str, int]:
    """Partners, spaces, joint meetings, stewards, the talent pool and service points (issues 10 and 11)."""
    from gongzhi.meetings.models import JointMeeting, Task, TaskStatus
    from gongzhi.partners.models import Offer, OfferStatus, Partner, PartnerStatus
    from gongzhi.servicepoints.models import ServicePoint
    from gongzhi.spaces.models import Booking, BookingStatus, ExchangeFulfilment, Venue
    from gongzhi.stewards.models import Evaluation, Steward, StewardStatus
    from gongzhi.talent.models import Talent

    tasks = Task.objects.filter(meeting__community__path__startswith=under)
    return {
        "partners": Partner.objects.filter(community__path__startswith=under, status=PartnerStatus.APPROVED).count(),
        "alliance_offers": Offer.objects.filter(member__alliance__region__path__startswith=under,
                                                status=OfferStatus.PUBLISHED).count(),
        "venues": Venue.objects.filter(community__path__startswith=under).count(),
        "space_bookings": Booking.objects.filter(venue__community__path__startswith=under,
                                                 status=BookingStatus.APPROVED).count(),
        "exchange_fulfilments": ExchangeFulfilment.objects.filter(
            commitment__community__path__startswith=under).count(),
        "joint_meetings": JointMeeting.objects.filter(community__path__startswith=under).count(),
        "meeting_tasks": tasks.count(),
        "meeting_tasks_open": tasks.filter(status=TaskStatus.OPEN).count(),
        "stewards": Steward.objects.filter(community__path__startswith=under, status=StewardStatus.CURRENT).count(),
        "steward_evaluations": Evaluation.objects.filter(steward__community__path__startswith=under).count(),
        "talent_pool": Talent.objects.filter(community__path__startswith=under, active=True).count(),
        "service_points": ServicePoint.objects.filter(community__path__startswith=under, active=True).count(),
    }


LOCAL_KINDS = {RegionKind.COMMUNITY, RegionKind.NEIGHBOURHOOD, RegionKind.BUILDING, RegionKind.ENTRANCE}


def scope_label(assignment: RoleAssignment) -> str:
    """Where a role applies, for the accounts table: 全部, a unit, a department, or a place (from the
    community down for a home: 五美社区五美小区1栋)."""
    if assignment.role == Role.SYSTEM_ADMIN:
        return "全部"
    if assignment.organisation is not None:
        return assignment.organisation.name
    if assignment.department is not None:
        return assignment.department.name
    node = assignment.region
    label = node.name
    if node.kind in LOCAL_KINDS - {RegionKind.COMMUNITY}:
        label = "".join(a.name for a in node.ancestors() if a.kind in LOCAL_KINDS) + node.name
    return f"{label}·{assignment.grid.name}" if assignment.grid is not None else label


def demo_accounts() -> list[tuple[str, str, str, str]]:
    """(username, role, scope, password) for each demo account that exists, in the order of names.ACCOUNTS."""
    users = {u.username: u for u in User.objects.filter(username__in=[a.username for a in N.ACCOUNTS])}
    rows = []
    for spec in N.ACCOUNTS:
        user = users.get(spec.username)
        if user is None:
            continue
        for assignment in user.active_roles:
            rows.append((user.username, str(assignment.get_role_display()), scope_label(assignment),
                         N.DEMO_PASSWORD))
    return rows
