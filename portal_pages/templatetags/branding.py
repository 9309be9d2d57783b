from django import template

from ..models import FirmSettings

register = template.Library()


@register.simple_tag
def firm_settings():
    """The firm's name and logo, for the back office's branding (templates/wagtailadmin/)."""
    return FirmSettings.current()
