from django.core.paginator import Paginator
from django.shortcuts import render

from clients.decorators import client_required

from . import activity

PER_PAGE = 25


@client_required
def my_activity(request):
    page = Paginator(activity.actions_of(request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/activity.html",
        {
            "nav": "account",
            "page": page,
            "actions": [activity.describe(entry) for entry in page.object_list],
            "shares": activity.shares_of(request.user, PER_PAGE),
        },
    )
