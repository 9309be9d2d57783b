from django.http import HttpResponse
from django.utils.html import escape
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


@require_GET
@cache_control(public=True, max_age=3600)
def favicon(request):
    """The browser tab's icon: the firm's initial on its main colour (an SVG, no file to
    upload); its URL changes with the colour and the name, as the theme's does."""
    firm = portal_setup(request).firm
    initial = escape((firm.name.strip()[:1] or "·").upper())
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">'
        f'<rect width="32" height="32" rx="6" fill="{firm.primary_colour}"/>'
        '<text x="16" y="23" font-family="Georgia, serif" font-size="20" fill="#fff" '
        f'text-anchor="middle">{initial}</text></svg>'
    )
    return HttpResponse(svg, content_type="image/svg+xml")
