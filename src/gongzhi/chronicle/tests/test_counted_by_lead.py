"""CountedByLeadUntilChange: a list paged by the counts of its leading column gives the rows of the plain queryset,
slice for slice (NULLs wherever the database sorts them), counted once until the chronicle's next entry."""

import pytest
from django.core.cache import cache

from gongzhi.chronicle.versions import CountedByLeadUntilChange
from gongzhi.regions.models import RegionNode
from gongzhi.regions.services import create_node


@pytest.fixture
def nodes(world):
    for i in range(4):
        create_node(actor=world.admin, parent=world.wumei_estate, kind="building", name=f"{i + 3}栋")
    create_node(actor=world.admin, parent=world.nanmen_garden, kind="building", name="2栋")
    cache.clear()
    return RegionNode.objects.order_by("parent__path", "name", "pk")  # the city has no parent: a NULL group


def _keys(rows) -> list[int]:
    return [r.pk for r in rows]


def test_every_slice_is_the_querysets_slice(nodes):
    paged = CountedByLeadUntilChange(nodes, "test_nodes")
    everything = _keys(nodes)
    assert paged.count() == len(paged) == len(everything) > 10
    assert sum(n for _, n in paged.groups()) == len(everything)
    assert None in [value for value, _ in paged.groups()]
    for size in (1, 2, 3, 5, 25):
        for start in range(len(everything) + 2):
            assert _keys(paged[start:start + size]) == everything[start:start + size], (start, size)
    assert _keys(paged[3:]) == everything[3:] and paged[4].pk == everything[4]


def test_rows_come_with_the_querysets_related_rows_and_filters(nodes, world, django_assert_num_queries):
    only_wumei = nodes.filter(path__startswith=world.wumei.path).select_related("parent")
    paged = CountedByLeadUntilChange(only_wumei, "test_nodes")
    paged.groups()
    with django_assert_num_queries(2):  # the page's keys, then its rows
        rows = paged[2:6]
    assert _keys(rows) == _keys(only_wumei)[2:6] and rows[0].parent.name


def test_counted_once_until_the_next_entry(nodes, world, django_assert_num_queries):
    total = nodes.count()
    assert CountedByLeadUntilChange(nodes, "test_nodes").count() == total
    with django_assert_num_queries(1):  # the version of "" only
        assert CountedByLeadUntilChange(nodes, "test_nodes").count() == total
    create_node(actor=world.admin, parent=world.cuizhu_estate, kind="building", name="9栋")  # chronicled
    assert CountedByLeadUntilChange(nodes, "test_nodes").count() == nodes.count()


def test_it_needs_an_ascending_field_first(nodes):
    for qs in (RegionNode.objects.order_by("-path"), RegionNode.objects.order_by(), RegionNode.objects.order_by("?")):
        with pytest.raises(ValueError):
            CountedByLeadUntilChange(qs, "test_nodes")


def test_a_scope_of_no_rows_is_an_empty_list_without_a_query(db, django_assert_num_queries):
    for qs in (RegionNode.objects.none(), RegionNode.objects.filter(pk__in=[])):
        paged = CountedByLeadUntilChange(qs.order_by("path"), "test_nodes")
        with django_assert_num_queries(0):
            assert paged.count() == 0 and paged[0:25] == []


@pytest.mark.django_db
def test_a_total_counted_until_change_of_an_empty_scope_is_zero():
    from gongzhi.chronicle.versions import CountedUntilChange
    from gongzhi.core.listing import KeysFirst
    from gongzhi.regions.models import RegionNode

    assert CountedUntilChange(RegionNode.objects.none(), "empty").count() == 0
    assert CountedUntilChange(KeysFirst(RegionNode.objects.filter(pk__in=[])), "empty").count() == 0
    assert len(CountedUntilChange(KeysFirst(RegionNode.objects.filter(pk__in=[])), "empty")) == 0
