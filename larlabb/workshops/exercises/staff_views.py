"""Kansliet's exercise builder: the list of exercises, a form to build or change one, and
copying one (from an earlier workshop or from a template) as a starting point.

The questions and phases are formsets with a blank row each; "Lägg till en rad" shows one
more without saving, so the form works without JavaScript and loses nothing typed.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from larlabb.core.access import staff_required
from larlabb.workshops.exercises import selectors as exercise_selectors
from larlabb.workshops.exercises import services as exercise_services
from larlabb.workshops.exercises.forms import (
    CopyForm,
    ExerciseForm,
    PhaseFormSet,
    QuestionFormSet,
    formset_unbound_copy,
    ordered_rows,
    unbound_copy,
)
from larlabb.workshops.exercises.selectors import exercises_to_copy
from larlabb.workshops.models import Exercise, Frame


def _copy_form(data: Any = None) -> CopyForm:
    return CopyForm(data, sources=exercises_to_copy())


@staff_required
def exercise_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "workshops/staff/exercise_list.html",
        {
            "exercises": exercise_selectors.exercises_for_staff(),
            "templates": exercise_selectors.exercise_templates(),
            "copy_form": _copy_form(),
        },
    )


@staff_required
@require_POST
def exercise_copy(request: HttpRequest) -> HttpResponse:
    form = _copy_form(request.POST)
    if not form.is_valid():
        return render(
            request,
            "workshops/staff/exercise_list.html",
            {
                "exercises": exercise_selectors.exercises_for_staff(),
                "templates": exercise_selectors.exercise_templates(),
                "copy_form": form,
            },
            status=400,
        )
    copy = exercise_services.exercise_copy(
        source=form.cleaned_data["source"], workshop=form.cleaned_data["workshop"]
    )
    messages.success(request, _("Kopian är gjord. Ändra den så att den passar workshopen."))
    return redirect("staff:exercise_edit", pk=copy.pk)


def _initial(exercise: Exercise) -> tuple[dict[str, Any], list[dict[str, Any]], list[Any]]:
    frames = list(exercise.frames.all())
    summary = next((f.title for f in frames if f.kind == Frame.Kind.SUMMARY), "")
    bonus = next((f.title for f in frames if f.kind == Frame.Kind.BONUS), "")
    main = {
        "title": exercise.title,
        "workshop": exercise.workshop_id,
        "is_template": exercise.is_template,
        "instruction": exercise.instruction,
        "steps": exercise.steps,
        "closing_note": exercise.closing_note,
        "summary": summary,
        "bonus": bonus,
        "group_size": exercise.group_size,
    }
    questions = [
        {"title": f.title, "ORDER": n}
        for n, f in enumerate((f for f in frames if f.kind == Frame.Kind.QUESTION), start=1)
    ]
    phases = [
        {"title": p.title, "minutes": p.minutes, "hides_others": p.hides_others, "ORDER": n}
        for n, p in enumerate(exercise.phases.all(), start=1)
    ]
    return main, questions, phases


@staff_required
def exercise_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    exercise = None
    if pk is not None:
        exercise = exercise_selectors.exercise_for_staff(pk=pk)
        if exercise is None:
            raise Http404
    in_use = exercise is not None and exercise_services.exercise_in_use(exercise=exercise)
    if exercise is not None:
        initial, question_rows, phase_rows = _initial(exercise)
    else:
        initial, question_rows, phase_rows = {"group_size": 4}, [], []
    data = request.POST if request.method == "POST" and not in_use else None
    form = ExerciseForm(data, initial=initial)
    questions = QuestionFormSet(data, prefix="questions", initial=question_rows)
    phases = PhaseFormSet(data, prefix="phases", initial=phase_rows)
    status = 200
    if data is not None and "add" in data:
        # Another blank row: what was typed comes back as it was, without error messages.
        form = unbound_copy(form)
        questions = formset_unbound_copy(questions)
        phases = formset_unbound_copy(phases)
    elif data is not None:
        # `&`, not `and`: every part is checked, so all their errors show at once.
        if form.is_valid() & questions.is_valid() & phases.is_valid():
            try:
                saved = exercise_services.exercise_save(
                    exercise=exercise,
                    title=form.cleaned_data["title"],
                    workshop=form.cleaned_data["workshop"],
                    is_template=form.cleaned_data["is_template"],
                    instruction=form.cleaned_data["instruction"],
                    steps=form.cleaned_data["steps"],
                    closing_note=form.cleaned_data["closing_note"],
                    group_size=form.cleaned_data["group_size"],
                    questions=[row["title"] for row in ordered_rows(questions)],
                    summary=form.cleaned_data["summary"],
                    bonus=form.cleaned_data["bonus"],
                    phases=[
                        exercise_services.PhaseRow(
                            title=row["title"],
                            minutes=row["minutes"],
                            hides_others=row["hides_others"],
                        )
                        for row in ordered_rows(phases)
                    ],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Övningen är sparad."))
                return redirect("staff:exercise_edit", pk=saved.pk)
        status = 400
    return render(
        request,
        "workshops/staff/exercise_form.html",
        {
            "exercise": exercise,
            "in_use": in_use,
            "form": form,
            "questions": questions,
            "phases": phases,
            "has_errors": status == 400,
        },
        status=status,
    )
