from django.urls import path

from gongzhi.party import views

app_name = "party"
urlpatterns = [
    path("", views.party_index, name="list"),
    path("<int:pk>/", views.party_detail, name="detail"),
]
