from django.urls import path

from . import views

app_name = "dossiers"

urlpatterns = [
    path("", views.home, name="home"),
    path("categories/<slug:category>/", views.category, name="category"),
    path("dossiers/<int:pk>/", views.dossier_detail, name="dossier"),
    path("dossiers/<int:pk>/<slug:category>/", views.dossier_category, name="dossier_category"),
    path("documents/<int:pk>/telecharger/", views.document_download, name="document_download"),
    path("factures/<int:pk>/pdf/", views.invoice_pdf, name="invoice_pdf"),
]
