"""The outbox ("Utkorg"): every mail the platform has sent or is about to send."""

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from larlabb.core.access import staff_required
from larlabb.core.forms import OutboxSearchForm
from larlabb.core.models import OutboxAttachment
from larlabb.core.selectors import outbox_message, outbox_messages

MESSAGES_PER_PAGE = 50


@staff_required
@require_safe
def outbox_list(request: HttpRequest) -> HttpResponse:
    search = OutboxSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    page = Paginator(outbox_messages(query=query), MESSAGES_PER_PAGE).get_page(
        request.GET.get("sida")
    )
    return render(request, "core/staff/outbox_list.html", {"search": search, "page": page})


@staff_required
@require_safe
def outbox_detail(request: HttpRequest, pk: int) -> HttpResponse:
    message = outbox_message(pk=pk)
    if message is None:
        raise Http404("No such message.")
    return render(request, "core/staff/outbox_detail.html", {"message": message})


@staff_required
@require_safe
def outbox_attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    attachment = get_object_or_404(OutboxAttachment, pk=attachment_id, message_id=pk)
    response = HttpResponse(bytes(attachment.content), content_type=attachment.mimetype)
    response["Content-Disposition"] = f'attachment; filename="{attachment.filename}"'
    return response
