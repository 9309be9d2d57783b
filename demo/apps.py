from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The manual's world (`manage.py load_demo`): it spans every app, so it stands apart."""

    name = "demo"
    verbose_name = "Demo"
