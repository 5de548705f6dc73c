"""The staff area ("Kansliet"): every app's staff views under one namespace."""

from django.contrib.auth import views as auth_views
from django.urls import path

from larlabb.programme import staff_views as programme_staff

app_name = "staff"

urlpatterns = [
    path(
        "logga-in/",
        auth_views.LoginView.as_view(
            template_name="core/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logga-ut/", auth_views.LogoutView.as_view(), name="logout"),
    path("", programme_staff.dashboard, name="dashboard"),
]
