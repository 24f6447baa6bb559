import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongzhi.chronicle.models import Entry
from gongzhi.people.services import register_party_member, register_person, report_to_community, update_person


@pytest.mark.parametrize(("field", "value"), [("phone", "1381234567"), ("phone", "23812345678"),
                                              ("id_number", "450304195803120022"), ("id_number", "12345"),
                                              ("name", "  ")])
def test_bad_personal_data_is_refused_with_a_field_error(world, field, value):
    fields = {"name": "新居民", "home": world.wumei_b1, "phone": "13800000000", "id_number": "", field: value}
    with pytest.raises(ValidationError) as e:
        register_person(actor=world.wumei_staff, **fields)
    assert field in e.value.message_dict


def test_an_id_number_is_registered_once(world):
    with pytest.raises(ValidationError):
        register_person(actor=world.wumei_staff, name="冒名", home=world.wumei_b1, id_number="450304195803120021")


def test_updates_chronicle_field_names_never_values(world):
    update_person(actor=world.wumei_staff, person=world.resident_person, phone="13912345678")
    entry = Entry.objects.filter(action="person.updated").latest("seq")
    assert entry.data == {"fields": ["phone"]}
    assert "13912345678" not in str(entry.data)


def test_only_in_service_members_report_to_a_community(world):
    member = register_party_member(actor=world.admin, person=world.nanmen_person,
                                   party_organisation=world.wumei_branch)
    with pytest.raises(ValidationError):
        report_to_community(actor=world.admin, member=member, community=world.nanmen, on=dt.date(2026, 3, 1))
    assert world.member.registered_community == world.nanmen
