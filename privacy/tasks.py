from django_tasks import task

from . import exports
from .models import DataExport


@task()
def build_data_export(export_id):
    """Build a client's « Télécharger mes données » archive, then email the link."""
    return exports.build(DataExport.objects.get(pk=export_id)).pk
