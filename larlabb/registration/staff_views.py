from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from larlabb.core.access import staff_required
from larlabb.programme.budget import budget_chart, budget_summary
from larlabb.programme.forms import BudgetLineFormSet
from larlabb.programme.models import LearningProject
from larlabb.registration.selectors import confirmed_organisation_count


@staff_required
def project_budget(request: HttpRequest, slug: str) -> HttpResponse:
    """The project's costs against its fee × the organisations that have confirmed."""
    project = get_object_or_404(LearningProject, slug=slug)
    formset = BudgetLineFormSet(request.POST or None, instance=project, prefix="lines")
    if request.method == "POST" and formset.is_valid():
        formset.save()
        messages.success(request, _("Budgeten är sparad."))
        return redirect("staff:project_budget", slug=project.slug)
    summary = budget_summary(
        project=project, confirmed_organisations=confirmed_organisation_count(project=project)
    )
    return render(
        request,
        "registration/staff/project_budget.html",
        {
            "project": project,
            "formset": formset,
            "summary": summary,
            "chart": budget_chart(summary),
        },
    )
