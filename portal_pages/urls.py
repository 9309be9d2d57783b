from django.urls import path

from . import views

app_name = "portal_pages"

urlpatterns = [
    path("theme.css", views.theme_css, name="theme"),
    path("favicon.svg", views.favicon, name="favicon"),
]
