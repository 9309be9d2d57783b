"""The portal's filters: dates, amounts and sizes written the French way (``common.formats``)."""

from django import template

from common import formats

register = template.Library()

for name in ("date_fr", "datetime_fr", "time_fr", "euros", "filesize_fr"):
    register.filter(name, getattr(formats, name))


@register.simple_tag
def size_units_list():
    return ",".join(formats.size_units())
