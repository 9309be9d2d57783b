"""The per-client announcement rows are gone: digests are worked out from ``shared_at``."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("dossiers", "0007_move_items_out_of_dossier_revisions")]

    operations = [migrations.DeleteModel(name="Announcement")]
