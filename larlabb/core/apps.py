from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "larlabb.core"
    verbose_name = _("Grund")

    def ready(self) -> None:
        from django.db.models import fields

        # Django's own empty choice ("- Select an option -") has no Swedish translation; every
        # select without an empty label of its own shows this one instead.
        fields.BLANK_CHOICE_LABEL = _("Välj")

        from django.core.checks import Tags, register
        from django.db.backends.signals import connection_created

        from larlabb.core.checks import mail_backend_sends

        register(mail_backend_sends, Tags.mail, deploy=True)

        from larlabb.core.sqlite.hooks import wal_kept_on_close

        connection_created.connect(wal_kept_on_close, dispatch_uid="core.wal_kept_on_close")

        from larlabb.core.lookups import lookups_register, sqlite_lower_register

        connection_created.connect(sqlite_lower_register, dispatch_uid="core.sqlite_lower")
        lookups_register()
