from django.urls import path

from gongzhi.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.password_change, name="password"),
    path("accounts/", views.account_list, name="accounts"),
    path("accounts/<int:pk>/reset-password/", views.password_reset, name="password_reset"),
]
