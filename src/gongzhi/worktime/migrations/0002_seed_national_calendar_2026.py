"""Seed 全国法定工作日历 with the State Council's 2026 arrangement of public holidays and make-up working days
(国务院办公厅关于2026年部分节假日安排的通知, dated 2025-11-04 and published by Xinhua that day; every date
below was checked against the published text). Every day of each holiday block is stored, weekend days
included, so that the admin shows the whole arrangement; only weekday holidays and weekend make-up days
change whether a day is worked. Administrators correct or extend it (next year's notice appears each
November) in the Django admin."""

import datetime as dt

from django.db import migrations

CODE = "cn-national"

# (name, first day off, last day off, make-up working days)
HOLIDAYS_2026 = [
    ("元旦", dt.date(2026, 1, 1), dt.date(2026, 1, 3), [dt.date(2026, 1, 4)]),
    ("春节", dt.date(2026, 2, 15), dt.date(2026, 2, 23), [dt.date(2026, 2, 14), dt.date(2026, 2, 28)]),
    ("清明节", dt.date(2026, 4, 4), dt.date(2026, 4, 6), []),
    ("劳动节", dt.date(2026, 5, 1), dt.date(2026, 5, 5), [dt.date(2026, 5, 9)]),
    ("端午节", dt.date(2026, 6, 19), dt.date(2026, 6, 21), []),
    ("中秋节", dt.date(2026, 9, 25), dt.date(2026, 9, 27), []),
    ("国庆节", dt.date(2026, 10, 1), dt.date(2026, 10, 7), [dt.date(2026, 9, 20), dt.date(2026, 10, 10)]),
]


def rows():
    for name, first, last, makeups in HOLIDAYS_2026:
        day = first
        while day <= last:
            yield day, "holiday", name
            day += dt.timedelta(days=1)
        for day in makeups:
            yield day, "makeup_workday", name


def seed(apps, schema_editor):
    Calendar = apps.get_model("worktime", "Calendar")
    SpecialDay = apps.get_model("worktime", "SpecialDay")
    calendar, _ = Calendar.objects.get_or_create(code=CODE, defaults={"name": "全国法定工作日历"})
    for date, kind, name in rows():
        SpecialDay.objects.update_or_create(calendar=calendar, date=date, defaults={"kind": kind, "name": name})


def unseed(apps, schema_editor):
    SpecialDay = apps.get_model("worktime", "SpecialDay")
    SpecialDay.objects.filter(calendar__code=CODE, date__year=2026).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("worktime", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(seed, unseed),
    ]
