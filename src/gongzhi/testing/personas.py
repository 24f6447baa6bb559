"""The named personas shared by Gongzhi's tests, set up through the real services.

Two districts of 桂林市: 象山区 (象山街道 with 五美社区 and 南门社区) and 秀峰区 (丽君街道 with 翠竹社区).
Each persona is a user with exactly the role its name says, so a test reads as a sentence:
`client_for(world.wumei_staff)` sees 五美社区; `world.nanmen_staff` must get 404 for its objects."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from gongzhi.accounts.services import assign_role, create_user
from gongzhi.organisations.services import add_contact, create_department, create_organisation
from gongzhi.party.services import create_party_organisation, join_big_committee
from gongzhi.people.services import (
    link_account,
    register_party_member,
    register_person,
    register_volunteer,
    report_to_community,
)
from gongzhi.regions.services import create_grid, create_node

PASSWORD = "gongzhi-test-pass"


def build_world() -> SimpleNamespace:
    w = SimpleNamespace()
    admin = create_user(actor=None, username="admin", password=PASSWORD, display_name="系统管理员")
    assign_role(actor=None, user=admin, role="system_admin")
    w.admin = admin

    node = lambda parent, kind, name, code="": create_node(actor=admin, parent=parent, kind=kind, name=name, code=code)  # noqa: E731
    w.city = node(None, "city", "桂林市", "450300")
    w.xiangshan = node(w.city, "district", "象山区", "450304")
    w.xiangshan_street = node(w.xiangshan, "street", "象山街道", "450304001")
    w.wumei = node(w.xiangshan_street, "community", "五美社区", "450304001001")
    w.nanmen = node(w.xiangshan_street, "community", "南门社区", "450304001002")
    w.wumei_estate = node(w.wumei, "neighbourhood", "五美小区")
    w.wenhua_li = node(w.wumei, "neighbourhood", "文化里")
    w.wumei_b1 = node(w.wumei_estate, "building", "1栋")
    w.wenhua_b2 = node(w.wenhua_li, "building", "2栋")
    w.nanmen_garden = node(w.nanmen, "neighbourhood", "南门花园")
    w.nanmen_b1 = node(w.nanmen_garden, "building", "1栋")
    w.xiufeng = node(w.city, "district", "秀峰区", "450302")
    w.lijun_street = node(w.xiufeng, "street", "丽君街道", "450302001")
    w.cuizhu = node(w.lijun_street, "community", "翠竹社区", "450302001001")
    w.cuizhu_estate = node(w.cuizhu, "neighbourhood", "翠竹苑")
    w.wumei_grid = create_grid(actor=admin, community=w.wumei, name="第一网格", buildings=[w.wumei_b1])

    w.judicial_office = create_department(actor=admin, name="象山街道司法所", kind="judicial_office",
                                          home=w.xiangshan_street, phone="0773-2881234")
    w.xiufeng_housing = create_department(actor=admin, name="秀峰区住建局", kind="housing", home=w.xiufeng)
    w.health_commission = create_department(actor=admin, name="桂林市卫生健康委员会", kind="health", home=w.city)

    w.hospital = create_organisation(actor=admin, name="桂林市中医医院", kind="public_institution",
                                     partner_type="institutional", home=w.wumei,
                                     supervising_department=w.health_commission, address="五美路2号")
    add_contact(actor=admin, organisation=w.hospital, name="周丽华", title="党办主任", phone="13877301234",
                is_liaison=True)
    w.school = create_organisation(actor=admin, name="桂林市崇善小学", kind="public_institution", home=w.nanmen)
    w.cuizhu_shop = create_organisation(actor=admin, name="翠竹便民理发店", kind="merchant", home=w.cuizhu)

    w.street_committee = create_party_organisation(actor=admin, name="象山街道党工委", kind="street_committee",
                                                   region=w.xiangshan_street)
    w.wumei_committee = create_party_organisation(actor=admin, name="五美社区党委", kind="community_committee",
                                                  region=w.wumei, parent=w.street_committee)
    w.wumei_branch = create_party_organisation(actor=admin, name="五美小区党支部", kind="neighbourhood_branch",
                                               region=w.wumei_estate, parent=w.wumei_committee)
    w.nanmen_committee = create_party_organisation(actor=admin, name="南门社区党委", kind="community_committee",
                                                   region=w.nanmen, parent=w.street_committee)
    w.hospital_committee = create_party_organisation(actor=admin, name="桂林市中医医院党委", kind="unit_committee",
                                                     region=w.wumei, organisation=w.hospital)
    join_big_committee(actor=admin, committee=w.wumei_committee, member=w.hospital_committee,
                       joined_on=dt.date(2026, 1, 10), representative="周丽华")

    w.resident_person = register_person(actor=admin, name="王秀英", home=w.wumei_b1, phone="13812345678",
                                        id_number="450304195803120021", gender="female", birth_year=1958)
    w.member_person = register_person(actor=admin, name="李建国", home=w.nanmen_b1, phone="13977305678",
                                      gender="male", birth_year=1980)
    w.member = register_party_member(actor=admin, person=w.member_person, party_organisation=w.hospital_committee,
                                     work_unit=w.hospital)
    report_to_community(actor=admin, member=w.member, community=w.nanmen, on=dt.date(2026, 3, 5))
    w.nanmen_person = register_person(actor=admin, name="张伟", home=w.nanmen_b1, phone="13607731111")
    w.cuizhu_person = register_person(actor=admin, name="陈芳", home=w.cuizhu_estate, phone="18977302222")
    w.volunteer_person = register_person(actor=admin, name="刘洋", home=w.wenhua_b2, phone="15077303333")
    register_volunteer(actor=admin, person=w.volunteer_person, on=dt.date(2026, 2, 1))

    def user(username, display, role, **scope):
        u = create_user(actor=admin, username=username, password=PASSWORD, display_name=display)
        if role:
            assign_role(actor=admin, user=u, role=role, **scope)
        return u

    w.wumei_staff = user("wumei_staff", "五美社区·黄敏", "community_staff", region=w.wumei)
    w.nanmen_staff = user("nanmen_staff", "南门社区·赵磊", "community_staff", region=w.nanmen)
    w.wumei_grid_worker = user("wumei_grid", "五美网格员·孙静", "grid_worker", region=w.wumei, grid=w.wumei_grid)
    w.street_staff = user("street_staff", "象山街道·吴刚", "street_staff", region=w.xiangshan_street)
    w.district_staff = user("district_staff", "象山区·郑红", "district_staff", region=w.xiangshan)
    w.liaison = user("hospital_liaison", "周丽华", "unit_liaison", organisation=w.hospital)
    w.receiver = user("judicial_receiver", "司法所·何平", "department_receiver", department=w.judicial_office)
    w.resident = user("resident", "王秀英", "resident", region=w.wumei_b1)
    link_account(actor=admin, person=w.resident_person, user=w.resident)
    w.volunteer = user("volunteer", "刘洋", "volunteer", region=w.wenhua_b2)
    w.outsider = user("outsider", "路人", None)
    return w
