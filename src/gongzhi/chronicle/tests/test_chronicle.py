"""The chronicle is append-only and hash-chained: any edited, deleted or inserted entry is found by verify()."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from gongzhi.chronicle.models import AppendOnlyError, Entry, Head
from gongzhi.chronicle.services import record, verify


@pytest.fixture
def chain(db):
    for i in range(1, 8):
        record(("test.subject", str(i)), "test.happened", None, {"n": i, "text": f"第{i}条", "amount": 1.5 * i})
    assert verify().ok
    return Entry.objects.order_by("seq")


def _raw(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_a_clean_chain_verifies(chain):
    result = verify()
    assert result.ok and result.checked == 7 and result.first_bad_seq is None


def test_the_orm_refuses_to_change_or_delete_an_entry(chain):
    entry = chain[2]
    entry.action = "changed"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        entry.delete()


@pytest.mark.parametrize("field,value", [("action", "forged"), ("subject_id", "99"), ("actor_label", "某人"),
                                         ("data", '{"n": 4, "text": "第4条", "amount": 600}')])
def test_editing_any_field_of_any_entry_is_detected_and_named(chain, field, value):
    _raw(f"UPDATE chronicle_entry SET {field} = %s WHERE seq = 4", [value])
    result = verify()
    assert not result.ok
    assert result.first_bad_seq == 4
    assert result.checked == 3


def test_editing_an_entry_and_recomputing_its_hash_breaks_the_next_link(chain):
    _raw("UPDATE chronicle_entry SET hash = %s WHERE seq = 4", ["f" * 64])
    result = verify()
    assert not result.ok and result.first_bad_seq == 4


@pytest.mark.parametrize("seq", [1, 4, 7])
def test_deleting_any_entry_is_detected_and_named(chain, seq):
    _raw("DELETE FROM chronicle_entry WHERE seq = %s", [seq])
    result = verify()
    assert not result.ok
    assert result.first_bad_seq == seq


def test_deleting_the_newest_entries_is_detected_through_the_head(chain):
    _raw("DELETE FROM chronicle_entry WHERE seq >= %s", [6])
    result = verify()
    assert not result.ok and result.first_bad_seq == 6


def test_a_forged_head_is_detected(chain):
    Head.objects.filter(id=1).update(hash="0" * 64)
    assert not verify().ok


def test_personal_data_is_scrubbed_before_it_is_hashed(db):
    entry = record(("test.subject", "1"), "test.called", None, {"note": "回电 13812345678，证件 450304195803120021"})
    assert "13812345678" not in str(entry.data)
    assert "138****5678" in entry.data["note"]
    assert "450304195803120021" not in str(entry.data)
    assert verify().ok


def test_the_command_reports_an_intact_chain(chain, capsys):
    call_command("chronicle", "verify")
    assert "7" in capsys.readouterr().out


def test_the_command_fails_on_a_broken_chain_and_names_the_entry(chain):
    _raw("UPDATE chronicle_entry SET action = %s WHERE seq = 5", ["forged"])
    with pytest.raises(CommandError, match="#5"):
        call_command("chronicle", "verify")


def test_services_write_the_chronicle(world):
    actions = set(Entry.objects.values_list("action", flat=True))
    assert {"region.created", "organisation.created", "person.registered", "user.role_assigned",
            "party_org.big_committee_joined"} <= actions
    assert verify().ok
