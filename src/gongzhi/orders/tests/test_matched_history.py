"""The matching engine learns from confirmed matches (docs/adr/0023): free-text orders staff dispatched to a menu
item and its provider took are that item's history, read in one query, numbers masked."""

from gongzhi.orders import services
from gongzhi.orders.models import Order
from gongzhi.orders.selectors import matched_order_texts
from gongzhi.orders.suggestions import MenuIndex
from gongzhi.orders.tests.conftest import help_order, place, walk

PAST = "老爷子脑壳毛长得盖住耳朵了，电话13812345678"


def _served(m, title, until="confirmed"):
    return walk(m, help_order(m, title=title), until)


def test_orders_dispatched_and_taken_are_the_items_history(world, menu, frozen):
    _served(menu, PAST)
    walk(menu, place(menu), "confirmed")  # ordered from the menu: its title is the item's, nothing new
    cancelled = help_order(menu, title="派了又取消的需求")
    services.dispatch_order(actor=world.wumei_staff, order=cancelled, menu_item=menu.clinic)
    services.cancel_order(actor=world.wumei_staff, order=cancelled, reason="居民不需要了")
    dispatched_only = help_order(menu, title="只派了单还没人接")
    services.dispatch_order(actor=world.wumei_staff, order=dispatched_only, menu_item=menu.clinic)
    help_order(menu, title="还没派单的需求")
    _served(menu, "帮我家老头子推个平头", until="taken")
    texts = matched_order_texts([menu.haircut, menu.clinic])
    assert set(texts) == {menu.haircut.pk}
    assert texts[menu.haircut.pk] == ["帮我家老头子推个平头", "老爷子脑壳毛长得盖住耳朵了，电话138****5678"]
    latest = Order.objects.get(title="帮我家老头子推个平头")
    assert matched_order_texts([menu.haircut], excluding=[latest.pk])[menu.haircut.pk] == [
        "老爷子脑壳毛长得盖住耳朵了，电话138****5678"]


def test_reading_the_history_is_one_query(world, menu, frozen, django_assert_num_queries):
    _served(menu, PAST)
    with django_assert_num_queries(1):
        matched_order_texts([menu.haircut, menu.clinic, menu.escort])
    with django_assert_num_queries(0):
        assert matched_order_texts([]) == {}


def test_an_order_worded_like_one_served_before_gets_that_item_with_the_reason(world, menu, frozen):
    new = help_order(menu, title="脑壳毛长得盖住耳朵了")
    items = [menu.haircut, menu.clinic, menu.escort]
    before = MenuIndex(items).rank([new])[0]
    assert not any("已对接" in s.reason for s in before)
    _served(menu, PAST)
    _served(menu, "屋头老人脑壳毛太长")
    after = MenuIndex(items).rank([new])[0]
    assert after[0].item == menu.haircut and "与已对接的需求相近：“" in after[0].reason
    assert "13812345678" not in after[0].reason
    assert MenuIndex(items, history=False).rank([new])[0] == before


def test_dispatch_texts_are_embedded_ahead_once(world, menu, frozen, monkeypatch, tmp_path):
    """The scheduler's orders_embed job (docs/adr/0027): open free-text orders, menu items and the orders they
    served (their history) get their sentence vectors before anyone ranks them; a second run finds them all cached."""
    from gongzhi.matching import sentences
    from gongzhi.orders.tasks import embed_dispatch_texts

    monkeypatch.setattr(sentences, "_kept", type(sentences._kept)())
    monkeypatch.setattr(sentences, "_projected", type(sentences._projected)())
    monkeypatch.setenv("GONGZHI_SENTENCE_CACHE", str(tmp_path / "sentences.sqlite3"))
    help_order(menu, title="屋头老人脑壳毛太长，想请人上门剪一下")
    _served(menu, "served long ago: not open, embedded as history")
    first = embed_dispatch_texts.call()
    assert first["orders"] == 1 and first["history"] == 1
    assert first["items"] >= 3 and first["embedded"] >= first["items"] + 2
    sentences._kept.clear()  # another process: only the disk cache
    sentences._projected.clear()
    assert embed_dispatch_texts.call()["embedded"] == 0
