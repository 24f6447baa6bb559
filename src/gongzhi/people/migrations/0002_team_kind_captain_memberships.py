"""Volunteer teams get a kind and a captain; a volunteer's teams become dated memberships (TeamMembership).

The old automatic join table cannot be turned into a `through` model in place, so the memberships get their own
table, every existing pair is copied with joined_on = the volunteer's registration day, and the old table goes.
Plain operations only, so it runs alike on SQLite and PostgreSQL."""

import django.db.models.deletion
from django.db import migrations, models

import gongzhi.core.clock


def copy_memberships(apps, schema_editor):
    Volunteer = apps.get_model("people", "Volunteer")
    TeamMembership = apps.get_model("people", "TeamMembership")
    OldThrough = Volunteer._meta.get_field("teams").remote_field.through
    db = schema_editor.connection.alias
    registered = dict(Volunteer.objects.using(db).values_list("pk", "registered_on"))
    rows = [TeamMembership(volunteer_id=v, team_id=t, joined_on=registered[v])
            for v, t in OldThrough.objects.using(db).values_list("volunteer_id", "volunteerteam_id").iterator()]
    TeamMembership.objects.using(db).bulk_create(rows, batch_size=1000)


def copy_back(apps, schema_editor):
    Volunteer = apps.get_model("people", "Volunteer")
    TeamMembership = apps.get_model("people", "TeamMembership")
    OldThrough = Volunteer._meta.get_field("teams").remote_field.through
    db = schema_editor.connection.alias
    pairs = set(TeamMembership.objects.using(db).values_list("volunteer_id", "team_id"))
    OldThrough.objects.using(db).bulk_create([OldThrough(volunteer_id=v, volunteerteam_id=t) for v, t in pairs],
                                              batch_size=1000)


class Migration(migrations.Migration):

    dependencies = [
        ("people", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="volunteerteam",
            name="kind",
            field=models.CharField(choices=[("leifeng", "学雷锋"), ("patrol", "红袖标安全卫士"), ("persuasion", "文明劝导"), ("professional", "专业队伍"), ("unit", "单位队伍"), ("other", "其他")], default="other", max_length=16, verbose_name="队伍类别"),
        ),
        migrations.AddField(
            model_name="volunteerteam",
            name="captain",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="captained_teams", to="people.volunteer", verbose_name="队长"),
        ),
        migrations.CreateModel(
            name="TeamMembership",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("joined_on", models.DateField(default=gongzhi.core.clock.today, verbose_name="入队日期")),
                ("left_on", models.DateField(blank=True, null=True, verbose_name="离队日期")),
                ("note", models.CharField(blank=True, max_length=300, verbose_name="说明")),
                ("team", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="memberships", to="people.volunteerteam", verbose_name="队伍")),
                ("volunteer", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="memberships", to="people.volunteer", verbose_name="志愿者")),
            ],
            options={
                "verbose_name": "队员",
                "verbose_name_plural": "队员",
                "ordering": ["team", "joined_on", "pk"],
                "constraints": [
                    models.UniqueConstraint(condition=models.Q(("left_on__isnull", True)), fields=("volunteer", "team"), name="team_membership_one_open"),
                    models.CheckConstraint(condition=models.Q(("left_on__isnull", True), ("left_on__gte", models.F("joined_on")), _connector="OR"), name="team_membership_leaves_after_joining"),
                ],
            },
        ),
        migrations.RunPython(copy_memberships, copy_back),
        migrations.RemoveField(model_name="volunteer", name="teams"),
        migrations.AddField(
            model_name="volunteer",
            name="teams",
            field=models.ManyToManyField(blank=True, related_name="volunteers", through="people.TeamMembership", to="people.volunteerteam", verbose_name="所在队伍"),
        ),
    ]
