"""Who sees which wishes, who may claim them, and who sees the resident behind one. Out of scope is 404 — on pages
and in the API — never 403, never data."""

import pytest
from django.http import Http404
from django.urls import reverse

from gongzhi.wishes import services
from gongzhi.wishes.permissions import claim_options, get_wish_for_user, may_see_resident, wishes_visible_to

ALL = {"submitted", "open", "claimed", "by_grid", "nanmen"}
WUMEI = ALL - {"nanmen"}
WUMEI_WALL = {"open", "claimed", "by_grid"}


def _names(wishes, qs) -> set[str]:
    ids = set(qs.values_list("pk", flat=True))
    return {name for name, wish in vars(wishes).items() if wish.pk in ids}


@pytest.mark.parametrize(("persona", "expected"), [
    ("admin", ALL),
    ("district_staff", ALL),
    ("street_staff", ALL),
    ("wumei_staff", WUMEI),
    ("wumei_grid_worker", WUMEI),
    ("nanmen_staff", {"nanmen"}),
    ("liaison", WUMEI_WALL),  # the wall of 五美社区, where the hospital is placed (and its own claim)
    ("resident", WUMEI),  # her own three, and the wall of her community
    ("volunteer", WUMEI_WALL),
    ("member", WUMEI_WALL),  # registered (报到) with 五美社区
    ("receiver", set()),
    ("outsider", set()),
])
def test_wishes_visible_to_each_persona(world, wishes, member, persona, expected):
    user = member if persona == "member" else getattr(world, persona)
    assert _names(wishes, wishes_visible_to(user)) == expected


def test_a_unit_keeps_seeing_the_wishes_it_claimed_after_they_leave_the_wall(world, wishes):
    services.withdraw_wish(actor=world.resident, wish=wishes.open)
    assert "open" not in _names(wishes, wishes_visible_to(world.liaison))
    services.record_fulfilment(actor=world.liaison, wish=wishes.claimed, note="已送达")
    services.confirm_fulfilment(actor=world.resident, wish=wishes.claimed)
    assert "claimed" in _names(wishes, wishes_visible_to(world.liaison))


def test_a_claimant_keeps_seeing_what_he_claimed_in_another_community(world, member):
    from gongzhi.wishes.tests.conftest import add_party_member

    nanmen_member = add_party_member(world, username="nm", name="周强", home=world.nanmen_b1,
                                     community=world.nanmen, phone="13907739999")
    wish = services.post_wish(actor=world.nanmen_staff, resident=world.nanmen_person, channel="window",
                              title="想要助行器", beneficiary="disabled")
    services.review_wish(actor=world.nanmen_staff, wish=wish, decision="approve")
    services.claim_wish(actor=nanmen_member, wish=wish)
    assert wishes_visible_to(nanmen_member).filter(pk=wish.pk).exists()
    assert not wishes_visible_to(member).filter(pk=wish.pk).exists()


@pytest.mark.parametrize("persona", ["nanmen_staff", "receiver", "outsider"])
def test_out_of_scope_is_404_for_the_access_helper(world, wishes, persona):
    with pytest.raises(Http404):
        get_wish_for_user(getattr(world, persona), wishes.open.pk)
    with pytest.raises(Http404):
        get_wish_for_user(world.wumei_staff, "not-a-number")


def test_write_access_is_the_communitys_staff(world, wishes):
    assert get_wish_for_user(world.wumei_staff, wishes.submitted.pk, write=True) == wishes.submitted
    for persona in ("wumei_grid_worker", "street_staff", "liaison"):
        with pytest.raises(Http404):
            get_wish_for_user(getattr(world, persona), wishes.open.pk, write=True)


def test_claim_options_per_persona(world, wishes, member):
    assert [o.key for o in claim_options(world.liaison, wishes.open)] == [f"unit:{world.hospital.pk}"]
    assert [o.kind for o in claim_options(member, wishes.open)] == ["party_member"]
    assert [o.kind for o in claim_options(world.volunteer, wishes.open)] == ["volunteer"]
    for persona in ("wumei_staff", "resident", "nanmen_staff", "outsider"):
        assert claim_options(getattr(world, persona), wishes.open) == []
    assert claim_options(world.liaison, wishes.nanmen) == []  # the hospital is not placed in 南门社区
    assert claim_options(member, wishes.nanmen) == []


def test_who_sees_the_resident_behind_a_wish(world, wishes, member):
    from gongzhi.wishes.models import WishClaim

    claim = WishClaim.objects.get(wish=wishes.claimed)
    assert may_see_resident(world.wumei_staff, wishes.claimed, claim)
    assert may_see_resident(world.street_staff, wishes.claimed, claim)
    assert may_see_resident(world.resident, wishes.claimed, claim)
    assert may_see_resident(world.liaison, wishes.claimed, claim)  # the hospital holds it
    assert not may_see_resident(world.liaison, wishes.open, None)
    assert not may_see_resident(member, wishes.claimed, claim)
    assert not may_see_resident(world.volunteer, wishes.open, None)


@pytest.mark.parametrize("persona", ["nanmen_staff", "receiver", "outsider"])
def test_pages_and_api_answer_404_out_of_scope(world, wishes, client_for, persona):
    client = client_for(getattr(world, persona))
    pk = wishes.open.pk
    for url in (reverse("wishes:detail", args=[pk]), reverse("wishes:m_detail", args=[pk]),
                reverse("wishes:claim", args=[pk]), reverse("wishes:m_claim", args=[pk]),
                f"/api/v1/wishes/{pk}"):
        response = client.get(url)
        assert response.status_code in (404, 302), url
        if response.status_code == 302:  # non-workbench users are sent to the resident shell first
            assert response.url == reverse("core:resident_home")
    assert client.post(f"/api/v1/wishes/{pk}/claim", {}, content_type="application/json").status_code == 404
