"""« À traiter », the back office's home panel: each app registers its lines."""

from dataclasses import dataclass

from django.db.models import Count
from wagtail import hooks
from wagtail.admin.ui.components import Component

from .scopes import scoped

# The home page: what waits for the lawyer. Each app registers, under this hook, a function
# of the request that returns its HomeTask (or None, for a user who may not see it).
HOME_TASKS_HOOK = "register_home_task"


@dataclass
class HomeTask:
    """One line of « À traiter »: how many, in the lawyer's own dossiers and in the whole
    firm, each linking to the listing that shows them."""

    order: int
    label: str
    help_text: str
    mine: int | None  # None: not a matter of dossiers
    firm: int
    mine_url: str = ""
    firm_url: str = ""


def count_mine(queryset, mine, request):
    """``(mine, firm)``: how many rows match the condition ``mine`` and how many in all
    that the user may see (``common.scopes``), in one query. ``mine`` must not multiply
    rows (use Exists for a relation to many)."""
    queryset = scoped(queryset, request.user, request)
    counts = queryset.aggregate(mine=Count("pk", filter=mine), firm=Count("pk"))
    return counts["mine"], counts["firm"]


class HomeTasksPanel(Component):
    """« À traiter »: every app's HomeTask, one query each (see each app's wagtail_hooks)."""

    name = "home_tasks"
    template_name = "common/admin/home_tasks.html"
    order = 50

    def __init__(self, request):
        self.request = request

    def tasks(self):
        found = (task(self.request) for task in hooks.get_hooks(HOME_TASKS_HOOK))
        return sorted((task for task in found if task is not None), key=lambda task: task.order)

    def get_context_data(self, parent_context=None):
        return {"tasks": self.tasks(), "request": self.request}
