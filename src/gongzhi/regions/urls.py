from django.urls import path

from gongzhi.regions import views

app_name = "regions"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("<int:pk>/", views.node, name="node"),
]
