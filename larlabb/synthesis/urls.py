from django.urls import URLPattern, URLResolver

app_name = "synthesis"

urlpatterns: list[URLPattern | URLResolver] = []
