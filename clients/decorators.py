from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache


def client_required(view):
    """Logged-in clients only, never cached; the firm's people are sent to the back office."""

    @login_required
    @never_cache
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_client:
            return redirect("wagtailadmin_home")
        return view(request, *args, **kwargs)

    return wrapper


def only(request, *methods):
    """405 for another method, checked after the object's lookup: a client probing
    another's ids gets 404 whatever the method, never a hint that something is there."""
    if request.method not in methods:
        return HttpResponseNotAllowed(methods)
    return None
