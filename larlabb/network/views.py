from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from larlabb.network.selectors import network_current


@require_GET
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "network/accessibility.html", {"network": network_current()})


@require_GET
def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "network/privacy.html", {"network": network_current()})
