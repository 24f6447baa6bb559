"""GeoReport v2 resources under /open311/v2/ (root urls.py). The format is the resource's extension; anything
else under the prefix answers 404 in the spec's error format."""

from django.urls import path, re_path

from gongzhi.open311 import views

app_name = "open311"
FMT = r"(?P<fmt>[^./]+)"
urlpatterns = [
    path("", views.root, name="root"),
    re_path(rf"^discovery\.{FMT}$", views.discovery, name="discovery"),
    re_path(rf"^services\.{FMT}$", views.services, name="services"),
    re_path(rf"^services/(?P<code>[^/]+?)\.{FMT}$", views.service_definition, name="service_definition"),
    re_path(rf"^requests\.{FMT}$", views.requests, name="requests"),
    re_path(rf"^requests/(?P<number>[^/]+?)\.{FMT}$", views.service_request, name="request"),
    re_path(rf"^tokens/(?P<token>[^/]+?)\.{FMT}$", views.token, name="token"),
    re_path(r"^(?P<rest>.*)$", views.not_found),
]
