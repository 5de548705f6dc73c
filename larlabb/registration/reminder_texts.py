"""The wording of the three reminders: staff's own per project and language, or the default.

A text holds placeholders in braces, {namn}, that are filled in for each recipient. Only the
placeholders a reminder knows are allowed, so a misspelt one is caught when staff save the
text instead of reaching hundreds of people as "{nman}".
"""

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Final

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from larlabb.core.mail import mail_body_text, mail_subject
from larlabb.programme.models import LearningProject
from larlabb.registration.models import ReminderKind, ReminderText

# Every reminder is a mail folder with the rendered subject and text; the layout around the
# text (the network's signature) stays the one every other mail has.
MAIL_TEMPLATE: Final = "registration/mail/reminder"
LANGUAGES: Final = tuple(code for code, _name in settings.LANGUAGES)

UNKNOWN_PLACEHOLDER = gettext_lazy(
    "Okänd platshållare: %(unknown)s. Den här påminnelsen kan använda %(known)s."
)

_PLACEHOLDER = re.compile(r"\{([^{}\s]*)\}")
_BLANK_LINES = re.compile(r"\n{3,}")

_NAME = gettext_lazy("mottagarens namn")
_PROJECT = gettext_lazy("lärprojektets namn")
_NUMBER = gettext_lazy("workshopens nummer")
_WORKSHOP = gettext_lazy("workshopens nummer, namn, tid och plats, på två rader")

PLACEHOLDERS: Final[Mapping[str, Mapping[str, Promise]]] = {
    ReminderKind.NAME_PARTICIPANTS: {
        "namn": gettext_lazy("kontaktpersonens namn"),
        "organisation": gettext_lazy("organisationens namn"),
        "projekt": _PROJECT,
        "länk": gettext_lazy("kontaktpersonens personliga länk för att lägga till deltagare"),
    },
    ReminderKind.ANSWER_WORKSHOP: {
        "namn": _NAME,
        "projekt": _PROJECT,
        "nummer": _NUMBER,
        "workshop": _WORKSHOP,
        "sista_svarsdag": gettext_lazy("sista dag att svara, till exempel 14 augusti 2026"),
        "länk": gettext_lazy("deltagarens personliga sida där hen svarar"),
    },
    ReminderKind.WORKSHOP_SOON: {
        "namn": _NAME,
        "projekt": _PROJECT,
        "nummer": _NUMBER,
        "workshop": _WORKSHOP,
        "möteslänk": gettext_lazy(
            "raden med länken till mötet; bara för den som deltar digitalt, annars tom"
        ),
        "länk": gettext_lazy("deltagarens personliga sida där hen kan ändra sitt svar"),
    },
}


@dataclass(frozen=True)
class ReminderWording:
    subject: str
    body: str


def _normalise(text: str) -> str:
    # A browser may send "ä" as "a" plus a combining mark; {länk} must match either way.
    return unicodedata.normalize("NFC", text).replace("\r\n", "\n").strip()


def placeholders_check(*, kind: str, text: str) -> None:
    """Raise a ValidationError naming every placeholder the reminder does not know."""
    known = PLACEHOLDERS[kind]
    unknown = [name for name in _PLACEHOLDER.findall(_normalise(text)) if name not in known]
    if unknown:
        raise ValidationError(
            UNKNOWN_PLACEHOLDER,
            code="unknown_placeholder",
            params={
                "unknown": ", ".join(dict.fromkeys(f"{{{name}}}" for name in unknown)),
                "known": ", ".join(f"{{{name}}}" for name in known),
            },
        )


def reminder_default(*, kind: str, language: str) -> ReminderWording:
    """The wording the reminders had before staff could edit them, in the given language."""
    with translation.override(language):
        greeting = _("Hej %(name)s!") % {"name": "{namn}"}
        if kind == ReminderKind.NAME_PARTICIPANTS:
            subject = _("Påminnelse: namnge era deltagare i %(project)s") % {"project": "{projekt}"}
            lines = [
                greeting,
                "",
                _(
                    "%(organisation)s är anmäld till %(project)s, men ni har ännu inte "
                    "namngett några deltagare. Lägg till en till fyra deltagare på er sida:"
                )
                % {"organisation": "{organisation}", "project": "{projekt}"},
                "{länk}",
            ]
        elif kind == ReminderKind.ANSWER_WORKSHOP:
            subject = _("Påminnelse: svara för workshop %(number)s i %(project)s") % {
                "number": "{nummer}",
                "project": "{projekt}",
            }
            lines = [
                greeting,
                "",
                _(
                    "Du har ännu inte svarat om du kommer till den här workshopen. "
                    "Sista dag att svara är %(date)s."
                )
                % {"date": "{sista_svarsdag}"},
                "",
                "{workshop}",
                "",
                _("Svara på din personliga sida:"),
                "{länk}",
            ]
        else:
            subject = _("Snart dags: workshop %(number)s i %(project)s") % {
                "number": "{nummer}",
                "project": "{projekt}",
            }
            lines = [
                greeting,
                "",
                _("Välkommen till workshopen om några dagar:"),
                "",
                "{workshop}",
                "{möteslänk}",
                "",
                _("Kan du inte komma? Ändra ditt svar på din personliga sida:"),
                "{länk}",
            ]
    return ReminderWording(subject=subject, body="\n".join(lines))


def reminder_wordings(*, project_ids: Iterable[int]) -> dict[tuple[int, str, str], ReminderWording]:
    """Staff's stored wordings by (project id, kind, language), in one query."""
    rows = ReminderText.objects.filter(project_id__in=list(project_ids))
    return {
        (row.project_id, row.kind, row.language): ReminderWording(row.subject, row.body)
        for row in rows
    }


def reminder_wording(*, project: LearningProject, kind: str, language: str) -> ReminderWording:
    stored = reminder_wordings(project_ids=[project.pk]).get((project.pk, kind, language))
    return stored or reminder_default(kind=kind, language=language)


def reminder_is_customised(*, project: LearningProject, kind: str) -> bool:
    return ReminderText.objects.filter(project=project, kind=kind).exists()


def wording_language(language: str) -> str:
    """The language a recipient reads the reminder in: theirs if offered, else Swedish."""
    return language if language in LANGUAGES else settings.LANGUAGE_CODE


def reminder_fill(wording: ReminderWording, *, values: Mapping[str, str]) -> tuple[str, str]:
    """The subject and text with every placeholder filled in for one recipient."""

    def fill(text: str) -> str:
        return _PLACEHOLDER.sub(lambda match: values.get(match[1], match[0]), _normalise(text))

    subject = " ".join(fill(wording.subject).split())
    # A placeholder that is empty for this person (no meeting link) leaves no gap of lines.
    body = _BLANK_LINES.sub(
        "\n\n", "\n".join(line.rstrip() for line in fill(wording.body).split("\n"))
    )
    return subject, body.strip()


def reminder_mail_context(
    wording: ReminderWording, *, values: Mapping[str, str], network: object
) -> dict[str, object]:
    subject, text = reminder_fill(wording, values=values)
    return {"subject": subject, "text": text, "network": network}


def reminder_render(
    wording: ReminderWording, *, values: Mapping[str, str], network: object, language: str
) -> tuple[str, str]:
    """The subject and whole text of the mail exactly as mail_send would render it."""
    context = {
        "site_url": settings.SITE_URL,
        **reminder_mail_context(wording, values=values, network=network),
    }
    with translation.override(language):
        subject = mail_subject(MAIL_TEMPLATE, context)
        body = mail_body_text(MAIL_TEMPLATE, context).strip()
    return subject, body


@transaction.atomic
def reminder_texts_update(
    *,
    project: LearningProject,
    kind: str,
    wordings: Mapping[str, ReminderWording],
    by_user: User,
) -> None:
    """Store staff's wording per language; a wording equal to the default is not kept."""
    for language, wording in wordings.items():
        for text in (wording.subject, wording.body):
            placeholders_check(kind=kind, text=text)
        subject, body = _normalise(wording.subject), _normalise(wording.body)
        default = reminder_default(kind=kind, language=language)
        if (subject, body) == (default.subject, default.body):
            ReminderText.objects.filter(project=project, kind=kind, language=language).delete()
            continue
        ReminderText.objects.update_or_create(
            project=project,
            kind=kind,
            language=language,
            defaults={"subject": subject, "body": body, "updated_by": by_user},
        )


def reminder_texts_reset(*, project: LearningProject, kind: str) -> None:
    """Back to the default wording in every language."""
    ReminderText.objects.filter(project=project, kind=kind).delete()
