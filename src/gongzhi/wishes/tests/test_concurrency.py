"""Twenty claimants press 我来认领 on the same wish at the same moment: exactly one wins, the others are told
该心愿已被认领; two sweeps at once mark an overdue claim once (PostgreSQL only: SQLite serialises writers anyway)."""

import pytest
from django.db import connection

from gongzhi.accounts.services import assign_role, create_user
from gongzhi.core import clock
from gongzhi.testing.personas import build_world
from gongzhi.testing.races import race as _race
from gongzhi.wishes import services
from gongzhi.wishes.models import Wish, WishClaim, WishEvent, WishStatus
from gongzhi.wishes.tests.conftest import approved, at, claimed

pytestmark = [pytest.mark.postgres]
CLAIMANTS = 20


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL transactions")
def test_twenty_simultaneous_claimants_one_wins(transactional_db):
    world = build_world()
    volunteers = []
    for i in range(CLAIMANTS):
        user = create_user(actor=world.admin, username=f"volunteer{i}", password=None, display_name=f"志愿者{i}")
        assign_role(actor=world.admin, user=user, role="volunteer", region=world.wenhua_b2)
        volunteers.append(user)
    wish = approved(world)

    def claim(i):
        services.claim_wish(actor=volunteers[i], wish=Wish.objects.get(pk=wish.pk))

    outcomes = _race(CLAIMANTS, claim)
    assert len(outcomes) == CLAIMANTS and outcomes.count("ok") == 1, outcomes
    assert all(o == "该心愿已被认领" for o in outcomes if o != "ok"), outcomes
    assert WishClaim.objects.filter(wish=wish).count() == 1
    assert Wish.objects.get(pk=wish.pk).status == WishStatus.CLAIMED
    assert WishEvent.objects.filter(wish=wish, action="claimed").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL transactions")
def test_two_simultaneous_sweeps_mark_a_claim_once(transactional_db):
    world = build_world()
    with clock.frozen(at(2020, 5, 1, 9)):
        wish = claimed(world)
    marked: list[int] = []

    def sweep(i):
        marked.append(services.sweep_overdue_claims())

    assert _race(2, sweep) == ["ok", "ok"]
    assert sorted(marked) == [0, 1]
    assert WishEvent.objects.filter(wish=wish, action="overdue").count() == 1
