"""A case's photo is served only while its file still hashes to the sha256 recorded at upload (core.frozen)."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongzhi.cases.tests.conftest import report_sewage
from gongzhi.core.frozen import MISMATCHES
from gongzhi.testing import files


def test_an_altered_case_photo_is_withheld(world, cats, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    MISMATCHES.reset()
    case = report_sewage(world, cats, photos=[SimpleUploadedFile("a.png", files.png(), content_type="image/png")])
    photo = case.photos.get()
    url, client = reverse("cases:photo", args=[photo.pk]), client_for(world.wumei_staff)
    assert client.get(url).status_code == 200
    with open(default_storage.path(photo.image.name), "wb") as f:
        f.write(files.png(size=(9, 9)))  # another valid picture in its place
    refused = client.get(url)
    assert refused.status_code == 500 and "文件校验未通过" in refused.content.decode()
    assert MISMATCHES.counts()["case_photo"] == 1
    MISMATCHES.reset()
