from django.urls import URLPattern, URLResolver

app_name = "documentation"

urlpatterns: list[URLPattern | URLResolver] = []
