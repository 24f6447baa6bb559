from django.urls import path, re_path

from gongzhi.opendata import views

app_name = "opendata"
urlpatterns = [
    path("open-data/", views.index, name="index"),
    path("open-data/gongzhi-open-data.zip", views.archive, name="zip"),
    re_path(r"^open-data/(?P<key>[a-z_]{1,40})\.(?P<fmt>csv|json)$", views.download, name="download"),
]
