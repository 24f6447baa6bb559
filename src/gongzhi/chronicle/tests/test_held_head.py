"""`held_head`, for bulk loads: the same entries and the same region versions as entry-by-entry `record`, one write
of the head and of the versions at the end; a savepoint rolled back inside leaves no gap in the chain."""

import pytest
from django.db import transaction

from gongzhi.chronicle.models import Entry, Head, RegionVersion
from gongzhi.chronicle.services import held_head, record, verify
from gongzhi.chronicle.versions import version_for

PATHS = ["0001/", "0001/0002/", "0001/0002/0003/", "0001/0004/"]


class Place:
    """A subject placed at a region path, as models with `chronicle_region_path` are."""

    class _meta:
        app_label, model_name = "test", "place"

    def __init__(self, pk, path):
        self.pk, self.path = pk, path

    def __str__(self):
        return f"place {self.pk}"

    def chronicle_region_path(self):
        return self.path


def _write(n=8):
    for i in range(n):
        record(Place(i, PATHS[i % len(PATHS)]), "test.happened", None, {"n": i})


def _state():
    entries = list(Entry.objects.order_by("seq").values_list("seq", "subject_id", "region_path", "prev_hash"))
    versions = sorted(RegionVersion.objects.values_list("path", "subtree_seq", "own_seq"))
    return entries, versions, Head.objects.values_list("seq").get(id=1)


@pytest.mark.django_db
def test_held_head_writes_what_record_writes():
    with transaction.atomic():
        _write()
        expected = _state()
        transaction.set_rollback(True)
    with transaction.atomic(), held_head():
        _write()
        assert Head.objects.get(id=1).seq == 0  # still the head as it was: written when the block ends
    entries, versions, head = _state()
    assert [e[:3] for e in entries] == [e[:3] for e in expected[0]] and head == expected[2] == (8,)
    assert versions == expected[1]
    assert verify().ok


@pytest.mark.django_db
def test_a_rolled_back_savepoint_leaves_no_gap():
    with transaction.atomic(), held_head():
        _write(3)
        try:
            with transaction.atomic():
                _write(2)
                raise ValueError("a service refused")
        except ValueError:
            pass
        _write(2)
    assert Entry.objects.count() == 5 and verify().ok


@pytest.mark.django_db
def test_asking_for_a_version_inside_sees_the_entries_so_far():
    with transaction.atomic(), held_head():
        _write(4)
        assert version_for("0001/0002/0003/") == 3


@pytest.mark.django_db(transaction=True)
def test_it_needs_a_transaction():
    with pytest.raises(RuntimeError), held_head():
        pass
