"""The client portal's addresses (the screens are in ``portal``)."""

from django.urls import path

from .portal import archive_views, calendar_views, deposits, downloads, views

app_name = "dossiers"

urlpatterns = [
    path("", views.home, name="home"),
    path("categories/<slug:category>/", views.category, name="category"),
    path("dossiers/", views.dossier_list, name="dossier_list"),
    path("dossiers/<int:pk>/", views.dossier_detail, name="dossier"),
    path("documents/<int:pk>/telecharger/", downloads.document_download, name="document_download"),
    path("factures/<int:pk>/pdf/", downloads.invoice_pdf, name="invoice_pdf"),
    path("depot/", deposits.deposit, name="deposit"),
    path("dossiers/<int:pk>/depot/", deposits.deposit, name="dossier_deposit"),
    path("depots/<int:pk>/telecharger/", deposits.deposit_download, name="deposit_download"),
    path("dossiers/<int:pk>/archive.zip", archive_views.dossier_archive, name="dossier_archive"),
    path(
        "dossiers/<int:pk>/documents/archive.zip",
        archive_views.documents_archive,
        name="documents_archive",
    ),
    path("agenda/<slug:category>/<int:pk>.ics", calendar_views.item_event, name="item_event"),
    path("agenda/<str:token>.ics", calendar_views.feed, name="calendar_feed"),
    path("contact/", deposits.contact, name="contact"),
    path("dossiers/<int:pk>/contact/", deposits.contact, name="dossier_contact"),
    # Last: any other word after a dossier is one of its categories.
    path("dossiers/<int:pk>/<slug:category>/", views.dossier_category, name="dossier_category"),
]
