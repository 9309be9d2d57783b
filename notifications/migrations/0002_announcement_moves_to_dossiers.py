"""The share digest's Announcement is a dossiers concern now (dossiers 0004): the outbox
forgets it, and its table stays for dossiers."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_initial"),
        ("dossiers", "0004_announcement"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Announcement")],
            database_operations=[],
        ),
    ]
