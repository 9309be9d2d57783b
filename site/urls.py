from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

from clients.views import AdminLogoutView

urlpatterns = [
    # Before Wagtail's own (the same address): a GET changes nothing (clients.views).
    path("admin/logout/", AdminLogoutView.as_view()),
    path("admin/", include(wagtailadmin_urls)),
    path("", include("clients.urls")),
    path("", include("dossiers.urls")),
    path("", include("portal_pages.urls")),
    path("", include("payments.urls")),
    path("", include("privacy.urls")),
]

if settings.DEBUG:
    # Only in development: Django refuses to serve media this way with DEBUG off.
    from django.conf.urls.static import static

    # Only Wagtail's public media (logo, help-page images); client files have no URL.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves the portal's editable pages (the help pages under /aide/) last.
urlpatterns += [path("", include(wagtail_urls))]
