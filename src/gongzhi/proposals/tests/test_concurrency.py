"""Twenty simultaneous presses of 支持 by one resident (PostgreSQL): one support, nineteen told she already did."""

import pytest
from django.db import connection

from gongzhi.accounts.models import User
from gongzhi.core import clock
from gongzhi.proposals import services
from gongzhi.proposals.models import Proposal, Support
from gongzhi.proposals.tests.conftest import NOW, lamps, neighbour
from gongzhi.testing.personas import build_world
from gongzhi.testing.races import race

pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL transactions")]


def test_twenty_simultaneous_supports_by_one_resident_count_once(transactional_db):
    world = build_world()
    with clock.frozen(NOW):
        proposal = lamps(world)
        user_pk = neighbour(world, "n1", "邻居甲").pk

    def support(i):
        services.support_proposal(actor=User.objects.get(pk=user_pk), proposal=Proposal.objects.get(pk=proposal.pk))

    with clock.frozen(NOW):
        outcomes = race(20, support)
    assert outcomes.count("ok") == 1, outcomes
    assert all(o == "您已经支持过该提议，每人只能支持一次" for o in outcomes if o != "ok"), outcomes
    assert Support.objects.count() == 1 and Proposal.objects.get().support_count == 1
