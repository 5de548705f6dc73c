from django.conf import settings
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from larlabb.core.forms import StaffAdminLoginForm

# The admin's login is throttled like the staff login.
admin.site.login_form = StaffAdminLoginForm

urlpatterns: list[URLPattern | URLResolver] = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("kansliet/", include("config.staff_urls")),
    path("django-admin/", admin.site.urls),
    path("", include("larlabb.network.urls")),
    path("", include("larlabb.programme.urls")),
    path("", include("larlabb.registration.urls")),
    path("", include("larlabb.workshops.urls")),
    path("", include("larlabb.synthesis.urls")),
    path("", include("larlabb.documentation.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
