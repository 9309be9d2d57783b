from django.urls import path

from . import views

app_name = "payments"

urlpatterns = [
    path("factures/<int:pk>/payer/", views.pay, name="pay"),
    path("paiement/<int:pk>/merci/", views.success, name="success"),
    path("paiement/<int:pk>/annule/", views.cancel, name="cancel"),
    path("stripe/webhook/", views.webhook, name="webhook"),
]
