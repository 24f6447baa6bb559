"""Two submissions of the same stage at the same moment: the assessment row is locked, so exactly one is
recorded and the other is told the stage is done (PostgreSQL only: SQLite serialises writers anyway)."""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from gongzhi.evaluation import services
from gongzhi.evaluation.models import Stage, StageResult
from gongzhi.evaluation.tests.conftest import build_evaluation, uniform, walk
from gongzhi.testing.personas import build_world

pytestmark = [pytest.mark.postgres]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent PostgreSQL transactions")
def test_two_simultaneous_community_reviews_record_one(transactional_db, monkeypatch):
    c = build_evaluation(build_world())
    a = walk(c, c.hospital_assessment, until=Stage.SELF)
    slow_total = services.weighted_total

    def weighted_total(indicators, scores):  # hold the row lock a moment, so that the two really overlap
        time.sleep(0.3)
        return slow_total(indicators, scores)

    monkeypatch.setattr(services, "weighted_total", weighted_total)
    barrier = threading.Barrier(2)
    outcomes = []

    def review(value):
        try:
            barrier.wait()
            services.community_review(actor=c.world.wumei_staff, assessment=a, scores=uniform(c.scheme, value))
            outcomes.append("ok")
        except ValidationError as e:
            outcomes.append(" ".join(e.messages))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=review, args=(v,)) for v in (70, 90)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(outcomes) == 2 and outcomes.count("ok") == 1, outcomes
    assert any("已经完成" in o or "下一环节" in o for o in outcomes if o != "ok"), outcomes
    assert StageResult.objects.filter(assessment=a, stage="community").count() == 1
