from django.contrib.admin.views.decorators import staff_member_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from larlabb.network.selectors import network_current


@staff_member_required(login_url="staff:login")
def dashboard(request: HttpRequest) -> HttpResponse:
    network = network_current()
    projects = network.projects.prefetch_related("workshops").order_by("-registration_deadline")
    return render(request, "programme/staff/dashboard.html", {"projects": projects})
