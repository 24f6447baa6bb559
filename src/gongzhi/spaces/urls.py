from django.urls import path

from gongzhi.spaces import views

app_name = "spaces"
urlpatterns = [
    # workbench
    path("workbench/spaces/", views.venues, name="venues"),
    path("workbench/spaces/venues/<int:pk>/", views.venue_detail, name="venue"),
    path("workbench/spaces/venues/<int:pk>/apply/", views.apply, name="apply"),
    path("workbench/spaces/applications/", views.applications, name="applications"),
    path("workbench/spaces/applications/<int:pk>/", views.application_detail, name="application"),
    path("workbench/spaces/bookings/<int:pk>/cancel/", views.cancel_booking, name="cancel_booking"),
    path("workbench/spaces/usage/", views.usage, name="usage"),
    # resident shell
    path("m/spaces/", views.m_home, name="m_home"),
    path("m/spaces/venues/<int:pk>/", views.m_venue, name="m_venue"),
    path("m/spaces/applications/<int:pk>/", views.m_application, name="m_application"),
    path("m/spaces/bookings/<int:pk>/cancel/", views.m_cancel_booking, name="m_cancel_booking"),
]
