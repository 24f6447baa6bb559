from django.urls import path

from gongzhi.chronicle import views

app_name = "chronicle"
urlpatterns = [
    path("", views.entry_list, name="list"),
    path("verify/", views.verify_chain, name="verify"),
]
