from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from larlabb.core.access import staff_required
from larlabb.network.forms import NetworkTextsForm, OrganisationFilterForm, OrganisationForm
from larlabb.network.models import Organisation
from larlabb.network.selectors import network_current, organisations_search
from larlabb.network.services import network_texts_update, organisation_save


@staff_required
def network_texts(request: HttpRequest) -> HttpResponse:
    network = network_current()
    form = NetworkTextsForm(request.POST or None, instance=network)
    if request.method == "POST" and form.is_valid():
        network_texts_update(network=network, fields=form.cleaned_data)
        messages.success(request, _("Texterna är sparade och syns nu på webbplatsen."))
        return redirect("staff:network_texts")
    return render(request, "network/staff/network_texts.html", {"form": form})


@staff_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    filters = OrganisationFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    organisations = organisations_search(
        network=network_current(),
        query=criteria.get("q", ""),
        kind=criteria.get("kind", ""),
        relationship=criteria.get("relationship", ""),
    )
    return render(
        request,
        "network/staff/organisation_list.html",
        {"filters": filters, "organisations": organisations},
    )


@staff_required
def organisation_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    network = network_current()
    organisation = get_object_or_404(Organisation, network=network, pk=pk) if pk else None
    form = OrganisationForm(request.POST or None, instance=organisation, network=network)
    if request.method == "POST" and form.is_valid():
        organisation_save(network=network, organisation=organisation, fields=form.cleaned_data)
        messages.success(request, _("Organisationen är sparad."))
        return redirect("staff:organisation_list")
    return render(
        request,
        "network/staff/organisation_form.html",
        {"form": form, "organisation": organisation},
    )
