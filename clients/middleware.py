from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _


class ForcePasswordChangeMiddleware:
    """A client who received a temporary password chooses their own before anything else."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = {reverse("clients:password_change"), reverse("clients:logout")}
            path = request.path
            if path not in allowed and not path.startswith(("/static/", "/admin/")):
                messages.info(request, _("Please choose your own password to continue."))
                return redirect("clients:password_change")
        return self.get_response(request)
