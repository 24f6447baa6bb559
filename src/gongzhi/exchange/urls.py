from django.urls import path

from gongzhi.exchange import views

app_name = "exchange"
urlpatterns = [
    path("", views.index, name="index"),
]
