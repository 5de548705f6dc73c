"""Kansliet's pages for the network: the site's texts and the organisations."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from larlabb.core.access import HtmxHttpRequest, staff_required
from larlabb.core.service_errors import form_service_errors_show
from larlabb.network.forms import NetworkTextsForm, OrganisationFilterForm, OrganisationForm
from larlabb.network.models import Organisation
from larlabb.network.selectors import network_current, organisations_search
from larlabb.network.services import (
    network_texts_update,
    organisation_check,
    organisation_save,
)


@staff_required
def network_texts(request: HtmxHttpRequest) -> HttpResponse:
    """Edit the site's name and its legal texts, with a preview of the Markdown as typed.

    The preview button re-renders the page with the typed text; with JavaScript, typing
    refreshes each preview through htmx, which asks for one field only.
    """
    preview_field = request.POST.get("preview_field", "")
    if request.htmx and preview_field in NetworkTextsForm.MARKDOWN_FIELDS:
        return render(
            request,
            "network/staff/network_texts.html#preview",
            {"text": request.POST.get(preview_field, "")},
        )
    network = network_current()
    form = NetworkTextsForm(
        request.POST or None, instance=network, preview_url=reverse("staff:network_texts")
    )
    previewing = "preview" in request.POST
    if request.method == "POST" and not previewing and form.is_valid():
        network_texts_update(network=network, fields=form.cleaned_data)
        messages.success(request, _("Texterna är sparade och syns nu på webbplatsen."))
        return redirect("staff:network_texts")
    return render(
        request,
        "network/staff/network_texts.html",
        {"form": form, "previewing": previewing, "markdown_fields": form.MARKDOWN_FIELDS},
    )


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
        {"filters": filters, "organisations": organisations, "filtered": any(criteria.values())},
    )


@staff_required
def organisation_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    network = network_current()
    organisation = get_object_or_404(Organisation, network=network, pk=pk) if pk else None
    form = OrganisationForm(request.POST or None, instance=organisation, network=network)
    if request.method == "POST":
        try:
            if form.is_valid():
                saved = organisation_save(
                    network=network, organisation=organisation, fields=form.cleaned_data
                )
                messages.success(request, _("%(name)s är sparad.") % {"name": saved.name})
                return redirect("staff:organisation_list")
            # Other fields have errors: show the name's rule too, so all is put right at once.
            organisation_check(network=network, organisation=organisation, fields=form.cleaned_data)
        except ValidationError as error:
            form_service_errors_show(error, form=form)
    return render(
        request,
        "network/staff/organisation_form.html",
        {"form": form, "organisation": organisation},
    )
