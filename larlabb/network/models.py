from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Network(models.Model):
    """The network that runs learning projects, e.g. Reglab.

    It also owns the two texts Swedish law and GDPR ask every public page to reach:
    the accessibility statement and the privacy notice, both edited by staff.
    """

    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn i adresser"), unique=True)
    tagline = models.CharField(_("kort beskrivning"), max_length=300, blank=True)
    about = models.TextField(_("om nätverket"), blank=True, help_text=_("Markdown."))
    website = models.URLField(_("webbplats"), blank=True)
    contact_email = models.EmailField(_("e-post till kansliet"), blank=True)
    accessibility_statement = models.TextField(
        _("tillgänglighetsredogörelse"), blank=True, help_text=_("Markdown.")
    )
    privacy_notice = models.TextField(_("integritetspolicy"), blank=True, help_text=_("Markdown."))
    texts_updated_at = models.DateTimeField(_("texterna uppdaterade"), auto_now=True)

    class Meta:
        verbose_name = _("nätverk")
        verbose_name_plural = _("nätverk")

    def __str__(self) -> str:
        return self.name


class Organisation(models.Model):
    class Kind(models.TextChoices):
        REGION = "region", _("Region")
        AGENCY = "agency", _("Statlig myndighet")
        MUNICIPALITY = "municipality", _("Kommun")
        OTHER = "other", _("Annan organisation")

    class Relationship(models.TextChoices):
        MEMBER = "member", _("Medlem")
        PARTNER = "partner", _("Partner")

    network = models.ForeignKey(
        Network, on_delete=models.CASCADE, related_name="organisations", verbose_name=_("nätverk")
    )
    name = models.CharField(_("namn"), max_length=200)
    short_name = models.CharField(_("förkortning"), max_length=40, blank=True)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    relationship = models.CharField(
        _("relation till nätverket"), max_length=20, choices=Relationship.choices
    )
    website = models.URLField(_("webbplats"), blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisationer")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "name"], name="organisation_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    name = models.CharField(_("namn"), max_length=200)
    email = models.EmailField(_("e-post"), blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    title = models.CharField(_("roll eller titel"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("organisation"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("användarkonto"),
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
