"""What a member of the firm may see of the records: the back office's one gate.

A firm may keep each dossier to its own team (the dossiers app says who that is). The
rule belongs to the dossiers app, but the screens that show records live in every app,
some below it (the clients' screens, the record listings): so each app registers, per
model, a function that narrows a queryset to what a user may see, and every screen asks
through :func:`scoped`. A model nobody registered is not narrowed.

:class:`StaffScopeMiddleware` applies the same rule to every back-office address that
names one record, whoever wrote the view (Wagtail's snippet, revision, bulk-action and
editing-session views, wagtail-modeladmin's, ours): a record out of reach is a 404, as if
it did not exist, since a dossier's existence is itself confidential.
"""

from dataclasses import dataclass

from django.apps import apps
from django.http import Http404

from .worded import worded_chooser

# {model: scope(queryset, user, request) -> queryset}
_SCOPES = {}
# {"namespace:url_name": (model label, URL argument)}: our own views that name a record.
_ROUTES = {}
# URL names that list records of every dossier with no way to narrow them (Wagtail's
# site history): closed to those who do not see every dossier.
_CLOSED = set()
# restricted(user, request) -> bool: whether ``user`` sees less than everything.
_RESTRICTED = []
# Bulk actions that narrow "every row of the listing" (``id=all``) themselves.
_SCOPED_BULK_ACTIONS = set()


def register(model, scope):
    """``scope(queryset, user, request)`` narrows ``model``'s rows to what ``user`` sees."""
    _SCOPES[model] = scope


def register_route(name, model_label, argument="pk"):
    """The view named ``name`` shows the ``model_label`` record whose id is ``argument``."""
    _ROUTES[name] = (model_label, argument)


def register_closed(name):
    """The view named ``name`` lists every dossier's records: closed to restricted staff."""
    _CLOSED.add(name)


def register_restriction(restricted):
    _RESTRICTED.append(restricted)


def register_scoped_bulk_action(action_type):
    """The bulk action ``action_type`` narrows its "all rows" to what its user sees."""
    _SCOPED_BULK_ACTIONS.add(action_type)


def is_restricted(user, request=None):
    return any(restricted(user, request) for restricted in _RESTRICTED)


def scoped(queryset, user, request=None):
    """``queryset`` narrowed to what ``user`` may see (unchanged for unregistered models)."""
    scope = _SCOPES.get(queryset.model)
    return queryset if scope is None else scope(queryset, user, request)


def visible(model, pk, user, request=None):
    """Whether the ``model`` record ``pk`` exists and ``user`` may see it."""
    if model not in _SCOPES:
        return True
    try:
        rows = model._default_manager.filter(pk=pk)
    except (TypeError, ValueError):
        return False
    try:
        return scoped(rows, user, request).exists()
    except (TypeError, ValueError):
        return False


@dataclass(frozen=True)
class Target:
    """The records an address names: their model and ids."""

    model: type
    ids: tuple


def _model(app_label, model_name):
    try:
        return apps.get_model(app_label, model_name)
    except (LookupError, ValueError, AttributeError):
        return None


def targets(request, match):
    """The records the resolved address ``match`` names, as :class:`Target` s."""
    kwargs = match.kwargs
    namespace = match.namespace or ""
    found = []
    for prefix in ("wagtailsnippets_", "wagtailsnippetchoosers_"):
        if namespace.startswith(prefix):
            # An object's views (``pk``); a chooser's several chosen (``?id=``).
            app_label, _sep, model_name = namespace.removeprefix(prefix).partition("_")
            ids = [kwargs["pk"]] if "pk" in kwargs else []
            if prefix == "wagtailsnippetchoosers_":
                ids += request.GET.getlist("id")
            found.append((_model(app_label, model_name), ids))
    if match.url_name and "_modeladmin_" in match.url_name and "instance_pk" in kwargs:
        app_and_model = match.url_name.split("_modeladmin_")[0]
        app_label, _sep, model_name = app_and_model.partition("_")
        found.append((_model(app_label, model_name), [kwargs["instance_pk"]]))
    if "app_label" in kwargs and "model_name" in kwargs:
        # Wagtail's bulk actions (ids in the query) and editing sessions (object_id).
        ids = [value for value in request.GET.getlist("id") if value != "all"]
        if "object_id" in kwargs:
            ids.append(kwargs["object_id"])
        found.append((_model(kwargs["app_label"], kwargs["model_name"]), ids))
    route = _ROUTES.get(match.view_name)
    if route is not None:
        app_label, model_name = route[0].split(".")
        found.append((_model(app_label, model_name), [kwargs.get(route[1])]))
    return [Target(model, tuple(ids)) for model, ids in found if model is not None]


class StaffScopeMiddleware:
    """A 404 for any back-office address naming a record its user may not see."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        match = request.resolver_match
        if user is None or not user.is_authenticated or match is None:
            return None
        if not _RESTRICTED or not is_restricted(user, request):
            return None
        if match.view_name in _CLOSED:
            raise Http404
        if "all" in request.GET.getlist("id") and "action" in match.kwargs:
            # Wagtail's own bulk actions take "all" as every row of the model.
            model = _model(match.kwargs.get("app_label"), match.kwargs.get("model_name"))
            if model in _SCOPES and match.kwargs["action"] not in _SCOPED_BULK_ACTIONS:
                raise Http404
        for target in targets(request, match):
            for pk in target.ids:
                if not visible(target.model, pk, user, request):
                    raise Http404
        return None


class ScopedViewSetMixin:
    """A snippet viewset whose listing and exports show only what the user may see (its
    chooser: :func:`scoped_chooser`; the views naming one object: the middleware)."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if queryset is None:
            queryset = self.model._default_manager.all()
        return scoped(queryset, request.user, request)


class ScopedChooserMixin:
    def get_object_list(self):
        return scoped(super().get_object_list(), self.request.user, self.request)


def scoped_chooser(viewset_class):
    """``viewset_class`` (a snippet chooser's) whose lists show what the user may see, in
    proper French (``worded_chooser``)."""
    viewset_class = worded_chooser(viewset_class)
    return type(
        f"Scoped{viewset_class.__name__}",
        (viewset_class,),
        {
            "choose_view_class": type(
                "ScopedChooseView", (ScopedChooserMixin, viewset_class.choose_view_class), {}
            ),
            "choose_results_view_class": type(
                "ScopedChooseResultsView",
                (ScopedChooserMixin, viewset_class.choose_results_view_class),
                {},
            ),
        },
    )
