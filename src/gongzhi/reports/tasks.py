"""Background work of annual reports, run by the worker (`gongzhi db_worker`)."""

from django_tasks import task

from gongzhi.reports.services import build_report


@task()
def build_annual_report(report_id: int) -> str:
    return build_report(report_id=report_id).status


@task()
def figures_snapshot() -> int:
    """Snapshot every region node's figures for this year (nightly, by the scheduler)."""
    from gongzhi.reports.snapshots import take_snapshots

    return take_snapshots()
