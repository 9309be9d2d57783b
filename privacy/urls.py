from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("mon-compte/activite/", views.my_activity, name="activity"),
    path("mon-compte/mes-donnees/", views.request_data, name="data_request"),
    path("mon-compte/mes-donnees/<int:pk>/", views.download_data, name="data_download"),
]
