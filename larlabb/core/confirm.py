"""The page that asks staff to confirm a step that cannot be undone (removing a workshop, a
programme block, a board photo): what it is, what goes with it, and a way back."""

from collections.abc import Sequence

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise


def irreversible_confirm(
    request: HttpRequest,
    *,
    question: str,
    context_label: str,
    consequences: Sequence[str | Promise],
    button: str,
    cancel_url: str,
) -> HttpResponse:
    """Render the question; the confirming POST goes back to the same address."""
    return render(
        request,
        "core/staff/confirm.html",
        {
            "question": question,
            "context_label": context_label,
            "consequences": consequences,
            "action": request.path,
            "button": button,
            "cancel_url": cancel_url,
        },
    )
