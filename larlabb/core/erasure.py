"""Replacing an erased person's name, e-mail and phone wherever a copy of them was written.

Copies turn up in many places: mails to a contact list the participants, board events keep
the author's name in their JSON, the export log names whose data was taken out, a synthesis
quotes its sources. Rather than rely on a list of such places, which the next feature would
outgrow, erasure looks through every text and JSON column of every model. Core sits below
the apps, so it finds them through the app registry and imports none of them.
"""

import html
import json
import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any, Final

from django.apps import apps
from django.db import models
from django.db.models import Q
from django.utils import timezone

# Shorter values (a first name of two letters, a blank phone) would match inside words of
# other people's texts; the rows that hold them whole are erased by their owners' services.
MIN_LENGTH: Final = 4


@dataclass(frozen=True)
class Replacement:
    """One piece of personal data and the neutral text put in its place."""

    value: str
    placeholder: str


def _forms(value: str) -> set[str]:
    # As typed, as HTML mails escape it, and as SQLite's JSON text keeps non-ASCII letters.
    return {value, html.escape(value), json.dumps(value)[1:-1]}


def _replacer(replacements: Sequence[Replacement]) -> Callable[[str], str]:
    # Whole words only: erasing "Anna Berg" leaves "Anna Bergström", and "anna@x.se" leaves
    # "hanna@x.se".
    patterns = [
        (
            re.compile(
                r"(?<!\w)(?:" + "|".join(re.escape(form) for form in _forms(r.value)) + r")(?!\w)",
                re.IGNORECASE,
            ),
            r,
        )
        for r in replacements
    ]

    def replace(text: str) -> str:
        for pattern, replacement in patterns:
            # Backslashes in a replacement string would be read as group references.
            text = pattern.sub(replacement.placeholder.replace("\\", "\\\\"), text)
        return text

    return replace


def _replace_in_json(value: Any, replace: Callable[[str], str]) -> Any:
    if isinstance(value, str):
        return replace(value)
    if isinstance(value, list):
        return [_replace_in_json(item, replace) for item in value]
    if isinstance(value, dict):
        return {replace(key): _replace_in_json(item, replace) for key, item in value.items()}
    return value


def _searched_fields(
    model: type[models.Model], keep: Collection[models.Field[Any, Any]]
) -> list[models.Field[Any, Any]]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
        and not field.primary_key
        and not field.choices
        and field not in keep
    ]


def personal_data_replace(
    *, replacements: Sequence[Replacement], keep: Collection[models.Field[Any, Any]] = ()
) -> int:
    """Replace every occurrence, in any case, in every model's text and JSON columns except
    those in `keep`; returns how many rows changed. Rows are updated without their save()
    so no model logic runs, but their auto_now times move, so cached pages keyed by them
    are rebuilt."""
    replacements = [r for r in replacements if len(r.value.strip()) >= MIN_LENGTH]
    if not replacements:
        return 0
    replace = _replacer(replacements)
    # SQLite folds case only for A–Z, in text and in JSON's \u escapes alike.
    forms = {
        form
        for r in replacements
        for value in (r.value, r.value.lower(), r.value.upper())
        for form in _forms(value)
    }
    now = timezone.now()
    changed = 0
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        fields = _searched_fields(model, keep)
        if not fields:
            continue
        matches = reduce(
            or_, (Q(**{f"{field.attname}__icontains": form}) for field in fields for form in forms)
        )
        stamped = [
            field.attname
            for field in model._meta.concrete_fields
            if isinstance(field, models.DateTimeField) and field.auto_now
        ]
        names = [field.attname for field in fields]
        for row in model._base_manager.filter(matches).values("pk", *names):
            updates: dict[str, Any] = {}
            for field in fields:
                before = row[field.attname]
                if isinstance(field, models.JSONField):
                    after = _replace_in_json(before, replace)
                elif before:
                    after = replace(before)
                    if field.unique and after != before:
                        after = f"{after}-{row['pk']}"
                    if field.max_length:
                        after = after[: field.max_length]
                else:
                    continue
                if after != before:
                    updates[field.attname] = after
            if updates:
                model._base_manager.filter(pk=row["pk"]).update(
                    **updates, **dict.fromkeys(stamped, now)
                )
                changed += 1
    return changed
