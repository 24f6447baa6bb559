"""Test support other apps use: after a transactional test flushed the database, put the national working
calendar and the default case categories back (migrations seeded them once; a flush removes them)."""

from __future__ import annotations

import importlib

from django.apps import apps

from gongzhi.cases.defaults import seed_categories
from gongzhi.cases.models import CaseCategory
from gongzhi.worktime.models import Calendar

_calendar_seed = importlib.import_module("gongzhi.worktime.migrations.0002_seed_national_calendar_2026")


def seed_case_categories() -> dict[str, CaseCategory]:
    """Create (or refresh) the national calendar and the default categories; returns them by code."""
    if not Calendar.objects.filter(code="cn-national").exists():
        _calendar_seed.seed(apps, None)
    seed_categories(CaseCategory, Calendar)
    return {c.code: c for c in CaseCategory.objects.select_related("calendar")}
