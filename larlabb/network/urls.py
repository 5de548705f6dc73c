from django.urls import path

from larlabb.network import views

app_name = "network"

urlpatterns = [
    path("tillganglighet/", views.accessibility_statement, name="accessibility"),
    path("integritet/", views.privacy_notice, name="privacy"),
]
