"""A board publication's PDF gets the SHA-256 of its bytes, checked on every download (core.frozen, ADR 0024).

Publications made before this are backfilled from their files as they are now — the best evidence there is; a
publication whose file is missing keeps a blank hash, and its download is withheld rather than trusted. The
column is added with a default so the previous release's code, still serving during the upgrade, keeps working."""

import hashlib

from django.db import migrations, models


def record_document_hashes(apps, schema_editor):
    Publication = apps.get_model("contracts", "Publication")
    for publication in Publication.objects.exclude(document="").filter(document_sha256="").iterator():
        digest = hashlib.sha256()
        try:
            with publication.document.open("rb") as stored:
                for chunk in iter(lambda: stored.read(1 << 16), b""):
                    digest.update(chunk)
        except OSError:
            continue  # the file is gone: left blank, so its download is withheld
        # update(), not save(): the model refuses a second save of a published page
        Publication.objects.filter(pk=publication.pk).update(document_sha256=digest.hexdigest())


class Migration(migrations.Migration):

    dependencies = [
        ("contracts", "0005_plausible_figures_and_text_lengths"),
    ]

    operations = [
        migrations.AddField(
            model_name="publication",
            name="document_sha256",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        migrations.RunPython(record_document_hashes, migrations.RunPython.noop, elidable=True),
    ]
