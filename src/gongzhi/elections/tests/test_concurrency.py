"""Twenty simultaneous votes by the same resident on real PostgreSQL connections: exactly one counts, nineteen are
told 您已经投过票; twenty different residents at once: every vote counts once (SQLite serialises writers anyway)."""

import pytest
from django.db import connection

from gongzhi.accounts.models import User
from gongzhi.core import clock
from gongzhi.elections import services
from gongzhi.elections.models import Candidate, Election, VoterRecord
from gongzhi.elections.tests.conftest import NOW, VOTING, build_election, id_number, resident
from gongzhi.testing.personas import build_world
from gongzhi.testing.races import race

pytestmark = [pytest.mark.postgres,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL transactions")]
N = 20


def _published():
    world = build_world()
    with clock.frozen(NOW):
        e = build_election(world, voters=1)
        services.publish_election(actor=world.wumei_staff, election=e.election)
    return world, e


def test_twenty_simultaneous_votes_by_one_resident_count_once(transactional_db):
    _world, e = _published()
    voter_pk, first = e.voters[0].pk, e.candidates[0].pk

    def vote(i):
        services.cast_vote(actor=User.objects.get(pk=voter_pk), election=Election.objects.get(pk=e.election.pk),
                           candidate_ids=[first])

    with clock.frozen(VOTING):
        outcomes = race(N, vote)
    assert outcomes.count("ok") == 1, outcomes
    assert all(o == "您已经投过票，每人只能投一次" for o in outcomes if o != "ok"), outcomes
    assert VoterRecord.objects.count() == 1
    assert Candidate.objects.get(pk=first).online_votes == 1
    assert sum(Candidate.objects.values_list("online_votes", flat=True)) == 1


def test_twenty_residents_at_once_each_count_once(transactional_db):
    world, e = _published()
    with clock.frozen(NOW):
        users = [resident(world, f"crowd{i}", f"群众{i}", id_number=id_number(500 + i)).pk for i in range(N)]
    picks = [e.candidates[i % 3].pk for i in range(N)]

    def vote(i):
        services.cast_vote(actor=User.objects.get(pk=users[i]), election=Election.objects.get(pk=e.election.pk),
                           candidate_ids=[picks[i]])

    with clock.frozen(VOTING):
        outcomes = race(N, vote)
    assert outcomes == ["ok"] * N, outcomes
    assert VoterRecord.objects.count() == N
    assert {c.pk: c.online_votes for c in Candidate.objects.all()} == {c.pk: picks.count(c.pk) for c in e.candidates}
