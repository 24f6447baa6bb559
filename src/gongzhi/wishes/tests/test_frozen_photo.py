"""A wish's completion photo is served only while its file still hashes to the sha256 recorded when it was kept."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.urls import reverse

from gongzhi.core.frozen import MISMATCHES
from gongzhi.testing import files
from gongzhi.wishes.models import WishClaim
from gongzhi.wishes.tests.conftest import PNG, upload


def test_an_altered_completion_photo_is_withheld(world, wishes, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    MISMATCHES.reset()
    client = client_for(world.liaison)
    client.post(reverse("wishes:fulfil", args=[wishes.claimed.pk]), {"note": "已送到老人家中",
                                                                    "photo": upload(PNG, "radio.png")})
    claim = WishClaim.objects.get(wish=wishes.claimed)
    url = reverse("wishes:photo", args=[claim.pk])
    assert b"".join(client.get(url).streaming_content) == PNG
    with open(default_storage.path(claim.photo.name), "wb") as f:
        f.write(files.png(size=(9, 9)))
    assert client.get(url).status_code == 500
    assert MISMATCHES.counts()["wish_photo"] == 1
    MISMATCHES.reset()
