"""Two submissions of the same stage at the same moment: `_start_stage` locks the assessment row
(select_for_update), so the second submission waits for the first to commit, then reads the stage it recorded and
is told the order has moved on. Without the lock the second would read the old stage and only the unique
constraint on (assessment, stage) would stop it, with the "已经完成" message: this test tells the two apart
(PostgreSQL only: SQLite serialises writers anyway)."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections, transaction

from gongzhi.evaluation import services
from gongzhi.evaluation.models import Stage, StageResult
from gongzhi.evaluation.tests.conftest import build_evaluation, uniform, walk
from gongzhi.testing.personas import build_world

pytestmark = [pytest.mark.postgres]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL transactions")
def test_a_second_community_review_waits_for_the_row_lock_and_sees_the_first(transactional_db):
    c = build_evaluation(build_world())
    a = walk(c, c.hospital_assessment, until=Stage.SELF)
    first_done, release = threading.Event(), threading.Event()
    outcomes: dict[str, str] = {}

    def first():
        """Review with 70 and keep the transaction (and the row lock) open until released."""
        try:
            with transaction.atomic():
                services.community_review(actor=c.world.wumei_staff, assessment=a, scores=uniform(c.scheme, 70))
                first_done.set()
                assert release.wait(10)
            outcomes["first"] = "ok"
        finally:
            first_done.set()
            connections.close_all()

    def second():
        try:
            services.community_review(actor=c.world.wumei_staff, assessment=a, scores=uniform(c.scheme, 90))
            outcomes["second"] = "ok"
        except ValidationError as e:
            outcomes["second"] = " ".join(e.messages)
        finally:
            connections.close_all()

    one = threading.Thread(target=first)
    one.start()
    assert first_done.wait(10)
    two = threading.Thread(target=second)
    two.start()
    two.join(timeout=1.0)
    assert two.is_alive(), f"the second review did not wait for the first's transaction: {outcomes}"
    release.set()
    one.join(10)
    two.join(10)
    assert outcomes["first"] == "ok"
    # It waited on the row lock, then read the first review's stage: the order message, not the duplicate one.
    assert "下一环节是“街道总评”" in outcomes["second"], outcomes
    result = StageResult.objects.get(assessment=a, stage="community")
    assert {s.score for s in result.scores.all()} == {70}
