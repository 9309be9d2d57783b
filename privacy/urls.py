from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("mon-compte/activite/", views.my_activity, name="activity"),
]
