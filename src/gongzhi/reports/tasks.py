"""Background work of annual reports, run by the worker (`gongzhi db_worker`)."""

from django_tasks import task

from gongzhi.reports.services import build_report


@task()
def build_annual_report(report_id: int) -> str:
    return build_report(report_id=report_id).status
