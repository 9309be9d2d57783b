from django import template

from ..models import HelpIndexPage

register = template.Library()


@register.simple_tag(takes_context=True)
def help_url(context):
    """The address of the help section « Aide », wherever firm staff put it."""
    request = context.get("request")
    page = HelpIndexPage.objects.live().first()
    return page.get_url(request) if page else ""
