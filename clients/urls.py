from django.urls import path

from . import two_factor_views, views

app_name = "clients"

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe-oublie/", views.PasswordResetRequestView.as_view(), name="password_reset"),
    path(
        "mot-de-passe-oublie/envoye/",
        views.PasswordResetSentView.as_view(),
        name="password_reset_sent",
    ),
    path(
        "reinitialiser/<uidb64>/<token>/",
        views.ResetPasswordView.as_view(),
        name="password_reset_confirm",
    ),
    path("activation/<uidb64>/<token>/", views.ActivateView.as_view(), name="activate"),
    path("connexion/deblocage/", views.unlock_request, name="unlock_request"),
    path("connexion/deblocage/<uidb64>/<token>/", views.unlock, name="unlock"),
    path("mon-compte/", views.account, name="account"),
    path("mon-compte/mot-de-passe/", views.ChangePasswordView.as_view(), name="password_change"),
    path("mon-compte/coordonnees/", views.contact_details, name="contact_details"),
    path("mon-compte/agenda/", views.calendar_feed, name="calendar_feed"),
    path("mon-compte/notifications/", views.notifications, name="notifications"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("connexion/verification/", two_factor_views.portal_verify, name="two_factor_verify"),
    path(
        "mon-compte/double-authentification/",
        two_factor_views.portal_setup,
        name="two_factor_setup",
    ),
    path(
        "mon-compte/double-authentification/confirmer/",
        two_factor_views.portal_reauthenticate,
        name="two_factor_reauthenticate",
    ),
    path("connexion/lien/<str:token>/", two_factor_views.login_link, name="login_link"),
    path("connexion/lien-requis/", two_factor_views.login_link_needed, name="login_link_needed"),
    path(
        "connexion/lien-requis/renvoyer/",
        two_factor_views.login_link_resend,
        name="login_link_resend",
    ),
    path(
        "mon-compte/double-authentification/desactiver/",
        two_factor_views.portal_disable,
        name="two_factor_disable",
    ),
    path("mon-compte/confirmer-email/<str:token>/", views.confirm_email, name="confirm_email"),
    path("mon-compte/ce-n-est-pas-moi/<str:token>/", views.not_me, name="not_me"),
]
