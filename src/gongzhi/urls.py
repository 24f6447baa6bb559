from django.contrib import admin
from django.urls import include, path

from gongzhi.api import api
from gongzhi.contracts import urls as contract_urls

urlpatterns = [
    path("", include("gongzhi.portal.urls")),
    path("", include("gongzhi.ops.urls")),
    path("accounts/", include("gongzhi.accounts.urls")),
    path("", include("gongzhi.notifications.urls")),
    path("workbench/regions/", include("gongzhi.regions.urls")),
    path("workbench/organisations/", include("gongzhi.organisations.urls")),
    path("workbench/party/", include("gongzhi.party.urls")),
    path("workbench/people/", include("gongzhi.people.urls")),
    path("workbench/exchange/", include("gongzhi.exchange.urls")),
    path("workbench/chronicle/", include("gongzhi.chronicle.urls")),
    path("workbench/evaluation/", include("gongzhi.evaluation.urls")),
    path("workbench/contracts/", include("gongzhi.contracts.urls")),
    path("board/publications/", include((contract_urls.public_urlpatterns, "board"))),
    path("", include("gongzhi.lists.urls")),
    path("", include("gongzhi.orders.urls")),
    path("", include("gongzhi.wishes.urls")),
    path("", include("gongzhi.cases.urls")),
    path("", include("gongzhi.disputes.urls")),
    path("", include("gongzhi.rates.urls")),
    path("", include("gongzhi.volunteering.urls")),
    path("", include("gongzhi.points.urls")),
    path("", include("gongzhi.recognition.urls")),
    path("", include("gongzhi.talent.urls")),
    path("", include("gongzhi.partners.urls")),
    path("", include("gongzhi.spaces.urls")),
    path("", include("gongzhi.meetings.urls")),
    path("", include("gongzhi.proposals.urls")),
    path("", include("gongzhi.stewards.urls")),
    path("", include("gongzhi.elections.urls")),
    path("", include("gongzhi.servicepoints.urls")),
    path("open311/v2/", include("gongzhi.open311.urls")),
    path("", include("gongzhi.reports.urls")),
    path("", include("gongzhi.opendata.urls")),
    path("", include("gongzhi.dashboards.urls")),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

# Gongzhi's own error pages in both shells and languages (JSON under /api/); see gongzhi/core/errors.py.
handler400 = "gongzhi.core.errors.bad_request"
handler403 = "gongzhi.core.errors.permission_denied"
handler404 = "gongzhi.core.errors.page_not_found"
handler500 = "gongzhi.core.errors.server_error"
