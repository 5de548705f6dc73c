from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo content: both seed projects, organisations and a staff login for `make run`."""

    name = "larlabb.demo"
    verbose_name = "Demo"
