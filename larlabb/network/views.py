from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from larlabb.network.selectors import network_current


@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return render(request, "network/accessibility.html", {"network": network_current()})


@require_safe
def privacy_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "network/privacy.html", {"network": network_current()})
