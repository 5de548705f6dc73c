import re
import uuid
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from larlabb.core.validators import name_validate
from larlabb.network.models import Organisation
from larlabb.programme.models import LearningProject, Workshop
from larlabb.registration.models import OrganisationRegistration, WorkshopRules, WorkshopSignup
from larlabb.registration.peppol import einvoice_id_normalise
from larlabb.registration.reminder_texts import (
    LANGUAGES,
    PLACEHOLDERS,
    ReminderWording,
    placeholders_check,
)
from larlabb.registration.selectors import answers_offered
from larlabb.registration.services import (
    PARTICIPANTS,
    InvoiceData,
    ParticipantData,
    RegistrationData,
    participant_field_parse,
    registration_participants_check,
)
from larlabb.registration.signups import SignupAnswer
from larlabb.registration.validators import organisation_number_normalise, phone_normalise

INVALID_EMAIL = _("Skriv en e-postadress som namn@organisation.se.")

_SUBMISSION_KEY = re.compile(r"^[0-9a-f]{32}$")


def _email_errors(required_message: Any) -> dict[str, Any]:
    return {"required": required_message, "invalid": INVALID_EMAIL}


class LongSelect(forms.Select):
    template_name = "registration/widgets/long_select.html"


class InvoiceForm(forms.Form):
    organisation_number = forms.CharField(
        label=_("Organisationsnummer"),
        max_length=20,
        help_text=_("Tio siffror, till exempel 212000-0142."),
        error_messages={"required": _("Skriv organisationsnumret.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    invoice_address = forms.CharField(
        label=_("Fakturaadress"),
        max_length=500,
        help_text=_("Som den ska stå på fakturan, på flera rader."),
        error_messages={"required": _("Skriv fakturaadressen.")},
        widget=forms.Textarea(attrs={"rows": 4, "autocomplete": "off"}),
    )
    invoice_reference = forms.CharField(
        label=_("Fakturareferens"),
        max_length=200,
        help_text=_("Referens, kostnadsställe eller beställarens namn som ska stå på fakturan."),
        error_messages={"required": _("Skriv referensen som ska stå på fakturan.")},
    )
    einvoice_id = forms.CharField(
        # Only PEPPOL ids are accepted (registration.peppol); the model's older name for the
        # field also spoke of other e-invoice addresses.
        label=_("PEPPOL-id"),
        max_length=100,
        required=False,
        help_text=_(
            "Om ni tar emot e-faktura: schemat, kolon och numret, till exempel 0007:2120000142 "
            "för ett organisationsnummer."
        ),
    )

    def clean_organisation_number(self) -> str:
        return organisation_number_normalise(self.cleaned_data["organisation_number"])

    def clean_einvoice_id(self) -> str:
        typed: str = self.cleaned_data["einvoice_id"]
        return einvoice_id_normalise(typed) if typed.strip() else ""

    def invoice_data(self) -> InvoiceData:
        data = self.cleaned_data
        return InvoiceData(
            organisation_number=data["organisation_number"],
            invoice_address=data["invoice_address"].strip(),
            invoice_reference=data["invoice_reference"].strip(),
            einvoice_id=data["einvoice_id"].strip(),
        )


class RegistrationForm(InvoiceForm):
    """Step 1: the organisation, its contact person, invoice details and approving manager.

    The participants come in a formset beside it; the view validates both.
    """

    organisation = forms.ChoiceField(
        label=_("Organisation"),
        required=False,
        widget=LongSelect,
    )
    new_organisation_name = forms.CharField(
        label=_("Organisationens namn"),
        max_length=200,
        required=False,
        validators=[name_validate],
    )
    new_organisation_kind = forms.ChoiceField(
        label=_("Typ av organisation"),
        required=False,
        choices=[("", _("Välj typ")), *Organisation.Kind.choices],
    )
    contact_name = forms.CharField(
        label=_("Namn"),
        max_length=200,
        error_messages={"required": _("Skriv kontaktpersonens namn.")},
        validators=[name_validate],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    contact_email = forms.EmailField(
        label=_("E-post"),
        error_messages=_email_errors(_("Skriv kontaktpersonens e-postadress.")),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    contact_phone = forms.CharField(
        label=_("Telefon"),
        max_length=40,
        error_messages={"required": _("Skriv kontaktpersonens telefonnummer.")},
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    contact_role = forms.CharField(
        label=_("Roll eller titel"),
        max_length=200,
        error_messages={"required": _("Skriv kontaktpersonens roll, till exempel strateg.")},
        widget=forms.TextInput(attrs={"autocomplete": "organization-title"}),
    )
    manager_name = forms.CharField(
        label=_("Chefens namn"),
        max_length=200,
        error_messages={"required": _("Skriv namnet på chefen som godkänner anmälan.")},
        validators=[name_validate],
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    manager_email = forms.EmailField(
        label=_("Chefens e-post"),
        error_messages=_email_errors(_("Skriv e-postadressen till chefen som godkänner anmälan.")),
        help_text=_("Chefen får ett mejl med en länk för att godkänna eller avböja anmälan."),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    field_order = [
        "organisation",
        "new_organisation_name",
        "new_organisation_kind",
        "contact_name",
        "contact_email",
        "contact_phone",
        "contact_role",
        "organisation_number",
        "invoice_address",
        "invoice_reference",
        "einvoice_id",
        "manager_name",
        "manager_email",
        "submission_key",
    ]

    def __init__(self, *args: Any, organisations: Iterable[Organisation], **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("submission_key", uuid.uuid4().hex)
        super().__init__(*args, **kwargs)
        self.organisations = {str(organisation.pk): organisation for organisation in organisations}
        # Translated once here, not once per organisation: every translation lookup takes a
        # lock that all request threads share, and a network has hundreds of organisations.
        group_labels = {
            Organisation.Relationship.MEMBER: str(_("Medlemmar")),
            Organisation.Relationship.PARTNER: str(_("Partner")),
        }
        groups: dict[str, list[tuple[str, str]]] = {}
        for key, organisation in self.organisations.items():
            label = group_labels[Organisation.Relationship(organisation.relationship)]
            groups.setdefault(label, []).append((key, organisation.name))
        field = self.fields["organisation"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("Välj organisation")), *groups.items()]

    def clean_contact_phone(self) -> str:
        return phone_normalise(self.cleaned_data["contact_phone"])

    def clean_submission_key(self) -> str:
        # A form sent without the key (or with a tampered one) still works, only without
        # the protection against being sent twice.
        key: str = self.cleaned_data["submission_key"]
        return key if _SUBMISSION_KEY.match(key) else uuid.uuid4().hex

    def clean(self) -> dict[str, Any]:
        # The rules (which organisation, manager not the contact, …) are the service's; the
        # form only turns the input into the shape the service takes.
        data = super().clean() or {}
        chosen = data.get("organisation")
        data["new_organisation_name"] = " ".join(data.get("new_organisation_name", "").split())
        data["organisation"] = self.organisations.get(chosen) if chosen else None
        return data

    def registration_data(self, *, participants: list[ParticipantData]) -> RegistrationData:
        data = self.cleaned_data
        return RegistrationData(
            organisation=data["organisation"],
            new_organisation_name=data["new_organisation_name"],
            new_organisation_kind=data["new_organisation_kind"],
            contact_name=data["contact_name"].strip(),
            contact_email=data["contact_email"],
            contact_phone=data["contact_phone"],
            contact_role=data["contact_role"].strip(),
            manager_name=data["manager_name"].strip(),
            manager_email=data["manager_email"],
            invoice=self.invoice_data(),
            participants=tuple(participants),
        )


class ParticipantForm(forms.Form):
    name = forms.CharField(
        label=_("Namn"),
        max_length=200,
        error_messages={"required": _("Skriv deltagarens namn.")},
        validators=[name_validate],
    )
    email = forms.EmailField(
        label=_("E-post"), error_messages=_email_errors(_("Skriv deltagarens e-postadress."))
    )
    role = forms.CharField(
        label=_("Roll eller titel"),
        max_length=200,
        error_messages={"required": _("Skriv deltagarens roll, till exempel planerare.")},
    )


class BaseParticipantFormSet(forms.BaseFormSet[ParticipantForm]):
    """1–4 rows (the project's limits); a row left empty is simply not a participant.

    The rules for the group (how many, one address each) are the service's; its errors come
    back through `service_errors_show`.
    """

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        # Every row may stay empty, also the ones filled from existing participants: clearing
        # a row is how the contact removes someone.
        return {**super().get_form_kwargs(index), "empty_permitted": True}

    def filled_rows(self) -> list[ParticipantForm]:
        """The rows that name a participant, in the order of `participants()`."""
        return [form for form in self.forms if form.cleaned_data]

    def participants(self) -> list[ParticipantData]:
        return [
            ParticipantData(
                name=form.cleaned_data["name"].strip(),
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"].strip(),
            )
            for form in self.filled_rows()
        ]


def service_errors_show(
    error: ValidationError,
    *,
    form: forms.BaseForm | None = None,
    formset: BaseParticipantFormSet | None = None,
) -> None:
    """Put a service's errors where the person sees them: beside the field or participant row
    they concern, above the rows for the group, at the top of the form for the rest."""
    rows = formset.filled_rows() if formset is not None else []
    keyed = error.error_dict if hasattr(error, "error_dict") else {"": error.error_list}
    for key, errors in keyed.items():
        row = participant_field_parse(key)
        if row is not None and row[0] < len(rows) and row[1] in rows[row[0]].fields:
            rows[row[0]].add_error(row[1], errors)
        elif formset is not None and (key == PARTICIPANTS or form is None):
            formset.non_form_errors().extend(
                message for item in errors for message in ValidationError(item).messages
            )
        elif form is not None:
            form.add_error(key if key in form.fields else None, errors)


def participant_rules_show(*, project: LearningProject, formset: BaseParticipantFormSet) -> None:
    """While other fields still have errors, show the group's broken rules too, so the person
    can put everything right in one go."""
    try:
        registration_participants_check(project=project, participants=formset.participants())
    except ValidationError as error:
        service_errors_show(error, formset=formset)


def participant_formset(
    *,
    project: LearningProject,
    data: Any = None,
    initial: list[dict[str, str]] | None = None,
) -> BaseParticipantFormSet:
    """As many rows as the project allows participants per organisation."""
    maximum = project.max_participants_per_organisation
    formset_class = cast(
        type[BaseParticipantFormSet],
        forms.formset_factory(
            ParticipantForm,
            formset=BaseParticipantFormSet,
            extra=maximum - len(initial or []),
            max_num=maximum,
            absolute_max=maximum,
        ),
    )
    return formset_class(data=data, initial=None if data else initial, prefix="participants")


class ApprovalDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", _("Godkänn")), ("decline", _("Avböj"))],
        error_messages={"required": _("Välj om du godkänner eller avböjer anmälan.")},
    )


class WithdrawForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Ja, vi återtar anmälan till lärprojektet"),
        error_messages={"required": _("Kryssa i rutan för att bekräfta att ni återtar anmälan.")},
    )


class RegistrationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Sök"),
        max_length=200,
        required=False,
        help_text=_("Organisation, kontaktperson, chef eller deltagare: namn eller e-post."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alla")), *OrganisationRegistration.Status.choices],
    )


class WorkshopSignupFilterForm(forms.Form):
    """Which of a workshop's lists to show, and a search by person or organisation."""

    SHOW_ALL = ""
    ON_SITE = "pa-plats"
    ONLINE = "digitalt"
    NEEDS = "kost"
    WAITING = "vantelista"
    NOT_ATTENDING = "kommer-inte"

    q = forms.CharField(
        label=_("Sök"),
        max_length=200,
        required=False,
        help_text=_("Namn, e-post eller organisation."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    show = forms.ChoiceField(
        label=_("Visa"),
        required=False,
        choices=[
            (SHOW_ALL, _("Alla listor")),
            (ON_SITE, _("På plats")),
            (ONLINE, _("Digitalt")),
            (NEEDS, _("Kost och tillgänglighet")),
            (WAITING, _("Väntelista")),
            (NOT_ATTENDING, _("Kommer inte")),
        ],
    )


class ApplicationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Beslut"),
        widget=forms.RadioSelect,
        choices=[
            ("accept", _("Godta organisationen och skicka anmälan till chefen")),
            ("refuse", _("Avböj organisationen och meddela kontaktpersonen")),
        ],
        error_messages={"required": _("Välj om organisationen ska godtas eller avböjas.")},
    )
    relationship = forms.ChoiceField(
        label=_("Relation till nätverket"),
        choices=Organisation.Relationship.choices,
        initial=Organisation.Relationship.PARTNER,
        help_text=_("Används om organisationen godtas."),
    )


# --- Step 2 ----------------------------------------------------------------------------------

NEEDS_CONSENT = _(
    "Kryssa i rutan om vi får spara uppgifterna om kost och tillgänglighet, eller töm fälten."
)


class WorkshopAnswerForm(forms.Form):
    """One participant's answer for one workshop; the choices follow the workshop's format."""

    answer = forms.ChoiceField(
        label=_("Kommer du?"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Välj om du kommer.")},
    )
    dietary_needs = forms.CharField(
        label=_("Kost"),
        max_length=300,
        required=False,
        help_text=_("Till exempel vegetarisk kost eller allergier. Frivilligt."),
    )
    accessibility_needs = forms.CharField(
        label=_("Tillgänglighet"),
        max_length=300,
        required=False,
        help_text=_("Till exempel hörslinga, ledsagare eller rullstolsplats. Frivilligt."),
    )
    needs_consent = forms.BooleanField(
        label=_(
            "Jag samtycker till att kansliet sparar uppgifterna om kost och tillgänglighet "
            "inför den här träffen."
        ),
        required=False,
    )

    LABELS = {
        WorkshopSignup.Answer.ON_SITE: _("Ja, jag kommer på plats"),
        WorkshopSignup.Answer.ONLINE: _("Ja, jag deltar digitalt"),
        WorkshopSignup.Answer.NO: _("Nej, jag kommer inte"),
    }

    def __init__(self, *args: Any, workshop: Workshop, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", f"workshop-{workshop.number}")
        super().__init__(*args, **kwargs)
        self.workshop = workshop
        field = self.fields["answer"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [
            (answer, self.LABELS[WorkshopSignup.Answer(answer)])
            for answer in answers_offered(workshop)
        ]
        if not workshop.is_on_site:
            for name in ("dietary_needs", "accessibility_needs", "needs_consent"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("answer") != WorkshopSignup.Answer.ON_SITE:
            # Needs matter only for someone on site; nothing else is kept.
            data["dietary_needs"] = data["accessibility_needs"] = ""
        elif (data.get("dietary_needs") or data.get("accessibility_needs")) and not data.get(
            "needs_consent"
        ):
            self.add_error("needs_consent", NEEDS_CONSENT)
        return data

    def signup_answer(self) -> SignupAnswer:
        data = self.cleaned_data
        return SignupAnswer(
            answer=data["answer"],
            dietary_needs=data.get("dietary_needs", "").strip(),
            accessibility_needs=data.get("accessibility_needs", "").strip(),
        )


class WorkshopRulesForm(forms.ModelForm[WorkshopRules]):
    class Meta:
        model = WorkshopRules
        fields = ["closes_days_before", "capacity"]


# --- Staff: reminder texts, and finding people -------------------------------------------------


class ReminderTextForm(forms.Form):
    """A reminder's subject and text in every language; placeholders checked on the way in."""

    LANGUAGE_NAMES = {"sv": _("Svenska"), "en": _("Engelska")}
    SUBJECT_LABELS = {"sv": _("Ämnesrad på svenska"), "en": _("Ämnesrad på engelska")}
    BODY_LABELS = {"sv": _("Text på svenska"), "en": _("Text på engelska")}

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        names = ", ".join(f"{{{name}}}" for name in PLACEHOLDERS[kind])
        help_text = _("Platshållare som fylls i för varje mottagare: %(names)s.") % {"names": names}
        for code in LANGUAGES:
            self.fields[f"subject_{code}"] = forms.CharField(
                label=self.SUBJECT_LABELS[code],
                max_length=200,
                help_text=help_text,
                error_messages={"required": _("Skriv en ämnesrad.")},
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=self.BODY_LABELS[code],
                max_length=5000,
                help_text=help_text,
                error_messages={"required": _("Skriv påminnelsens text.")},
                widget=forms.Textarea(attrs={"rows": 12}),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name, value in list(data.items()):
            try:
                placeholders_check(kind=self.kind, text=value)
            except ValidationError as error:
                self.add_error(name, error)
        return data

    def wordings(self) -> dict[str, ReminderWording]:
        data = self.cleaned_data
        return {
            code: ReminderWording(subject=data[f"subject_{code}"], body=data[f"body_{code}"])
            for code in LANGUAGES
        }

    def language_groups(self) -> list[tuple[str, str, list[forms.BoundField]]]:
        """Per language: its code, its name and its two fields, for one fieldset each."""
        return [
            (
                code,
                str(self.LANGUAGE_NAMES[code]),
                [self[f"subject_{code}"], self[f"body_{code}"]],
            )
            for code in LANGUAGES
        ]

    @staticmethod
    def initial_for(wordings: dict[str, ReminderWording]) -> dict[str, str]:
        initial = {}
        for code, wording in wordings.items():
            initial[f"subject_{code}"] = wording.subject
            initial[f"body_{code}"] = wording.body
        return initial


class ResendLinkForm(forms.Form):
    email = forms.EmailField(
        label=_("Din e-postadress"),
        max_length=254,
        help_text=_("Den adress som står i anmälan, till exempel namn@organisation.se."),
        error_messages=_email_errors(_("Skriv din e-postadress.")),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
