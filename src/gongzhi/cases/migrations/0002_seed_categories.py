"""Seed the default case categories (gongzhi.cases.defaults); administrators edit them afterwards."""

from django.db import migrations

from gongzhi.cases.defaults import seed_categories


def seed(apps, schema_editor):
    seed_categories(apps.get_model("cases", "CaseCategory"), apps.get_model("worktime", "Calendar"))


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0001_initial"),
        ("worktime", "0002_seed_national_calendar_2026"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
    ]
