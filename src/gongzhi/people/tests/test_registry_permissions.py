"""Registry services refuse users without a registrar role covering the place; None is the system itself."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied

from gongzhi.organisations.services import add_contact, create_department
from gongzhi.people.models import VolunteerTeam
from gongzhi.people.services import (
    create_team,
    link_account,
    register_party_member,
    register_volunteer,
    report_to_community,
)


def test_a_team_is_created_by_a_registrar_of_its_community(world):
    with pytest.raises(PermissionDenied):
        create_team(actor=world.nanmen_staff, name="五美学雷锋志愿服务队", community=world.wumei)
    with pytest.raises(PermissionDenied):
        create_team(actor=world.resident, name="五美学雷锋志愿服务队", community=world.wumei)
    team = create_team(actor=world.wumei_staff, name="五美学雷锋志愿服务队", community=world.wumei)
    assert VolunteerTeam.objects.filter(pk=team.pk).exists()


@pytest.mark.parametrize("persona", ["nanmen_staff", "liaison", "resident", "outsider", "receiver"])
def test_volunteers_and_party_members_are_registered_only_in_scope(world, persona):
    actor = getattr(world, persona)
    with pytest.raises(PermissionDenied):
        register_volunteer(actor=actor, person=world.resident_person, on=dt.date(2026, 3, 5))
    with pytest.raises(PermissionDenied):
        register_party_member(actor=actor, person=world.resident_person, party_organisation=world.wumei_branch)
    with pytest.raises(PermissionDenied):
        link_account(actor=actor, person=world.resident_person, user=world.outsider)


def test_a_member_reports_to_a_community_themself_or_through_its_registrar(world):
    with pytest.raises(PermissionDenied):
        report_to_community(actor=world.wumei_staff, member=world.member, community=world.nanmen,
                            on=dt.date(2026, 3, 1))
    report_to_community(actor=world.nanmen_staff, member=world.member, community=world.nanmen, on=dt.date(2026, 3, 1))
    world.member.refresh_from_db()
    assert world.member.registered_community == world.nanmen


def test_contacts_and_departments_need_the_right_staff(world):
    with pytest.raises(PermissionDenied):
        add_contact(actor=world.nanmen_staff, organisation=world.hospital, name="冒名联系人")
    add_contact(actor=world.liaison, organisation=world.hospital, name="办公室·陈明")
    with pytest.raises(PermissionDenied):
        create_department(actor=world.wumei_staff, name="象山街道派出所", kind="police_station",
                          home=world.xiangshan_street)
    dept = create_department(actor=world.street_staff, name="象山街道派出所", kind="police_station",
                             home=world.xiangshan_street)
    assert dept.pk
