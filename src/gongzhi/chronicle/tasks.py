"""Background work of the chronicle, run by the task worker (`gongzhi db_worker`)."""

import logging

from django_tasks import task

from gongzhi.chronicle.services import verify

logger = logging.getLogger(__name__)


@task()
def verify_chronicle() -> dict:
    """Walk the whole chain (scheduled nightly by operations); a broken chain is logged as an error."""
    result = verify()
    if result.ok:
        logger.info("chronicle intact: %d entries", result.checked)
    else:
        logger.error("chronicle broken at entry #%s: %s", result.first_bad_seq, result.reason)
    return {"ok": result.ok, "checked": result.checked, "first_bad_seq": result.first_bad_seq}
