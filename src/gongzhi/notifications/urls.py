from django.urls import path

from gongzhi.notifications import views

app_name = "notifications"
urlpatterns = [
    path("notifications/", views.inbox, name="inbox"),
    path("notifications/<int:pk>/", views.open_notification, name="open"),
    path("notifications/read-all/", views.read_all, name="read_all"),
    path("notifications/settings/", views.settings_page, name="settings"),
]
