from django.http import HttpResponse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from .context import portal_setup


@require_GET
@cache_control(public=True, max_age=3600)
def theme_css(request):
    """The firm's colours as CSS custom properties: a stylesheet, so that no page needs
    an inline style (the Content-Security-Policy forbids them). Its URL changes with
    the colours, so a long cache is safe."""
    firm = portal_setup(request).firm
    css = (
        f":root {{ --firm-primary: {firm.primary_colour}; --firm-accent: {firm.accent_colour}; }}\n"
    )
    return HttpResponse(css, content_type="text/css; charset=utf-8")
