"""French typography in the back office's titles, through Django's middleware API."""

from django.utils.translation import gettext as _


class FrenchHeaderTitleMiddleware:
    """« Modification : Cabinet », not « Modification: Cabinet ».

    Wagtail joins a back-office page's title and subtitle with a bare ": " in code (no
    string to translate). Its views hand both to the template (``page_title``,
    ``page_subtitle``) with the joined ``header_title``; before the template renders
    (``process_template_response``), a title joined that way is joined again the French
    way. A title a view made itself is left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_template_response(self, request, response):
        context = response.context_data
        if not isinstance(context, dict):
            return response
        title, subtitle = context.get("page_title"), context.get("page_subtitle")
        if subtitle and context.get("header_title") == f"{title}: {subtitle}":
            context["header_title"] = _("%(title)s: %(subtitle)s") % {
                "title": title,
                "subtitle": subtitle,
            }
        return response
