"""The firm's roles, as Django groups kept in step with the code after every migrate.

"Avocats" (lawyers) manage clients and dossiers and publish what they share. Firm
admins are Wagtail superusers; firm staff who edit the portal's pages use Wagtail's
"Editors" group.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

LAWYERS_GROUP = "Avocats"

# (app_label, codename) of every permission a lawyer needs in the back office.
LAWYER_PERMISSIONS = [
    ("wagtailadmin", "access_admin"),
    ("clients", "add_client"),
    ("clients", "change_client"),
    ("clients", "view_client"),
    ("clients", "view_contactchangerequest"),
    ("dossiers", "add_dossier"),
    ("dossiers", "change_dossier"),
    ("dossiers", "view_dossier"),
    ("dossiers", "publish_dossier"),
    ("dossiers", "lock_dossier"),
    ("dossiers", "unlock_dossier"),
    # Shared items are snippets of their own, each published on its own.
    *(
        ("dossiers", f"{action}_{model}")
        for model in ("document", "appointment", "proceduredate", "invoice")
        for action in ("add", "change", "delete", "view", "publish")
    ),
    ("dossiers", "view_deposit"),
    ("dossiers", "view_message"),
    ("dossiers", "change_message"),
    ("payments", "view_payment"),
    # A payment to verify: « Accepter comme règlement » or « À rembourser ».
    ("payments", "change_payment"),
]


def ensure_lawyers_group(**kwargs):
    """Create the lawyers' group, or bring its permissions in line with the list."""
    wanted = Q(pk__in=[])
    for app_label, codename in LAWYER_PERMISSIONS:
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    permissions = Permission.objects.filter(wanted)
    if permissions.count() < len(LAWYER_PERMISSIONS):
        # Some apps' permissions are not created yet (first migrate in progress);
        # the last post_migrate of the run completes the group.
        return
    group, _ = Group.objects.get_or_create(name=LAWYERS_GROUP)
    group.permissions.set(permissions)
