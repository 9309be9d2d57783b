"""The share digest's Announcement moves here from the outbox (notifications): its table
stays as it is, only Django's state changes."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0003_deposit_scan_status"),
        ("notifications", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Announcement",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("category", models.CharField(max_length=32)),
                        ("item_id", models.BigIntegerField()),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "client",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="announcements",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "dossier",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="dossiers.dossier",
                            ),
                        ),
                        (
                            "email",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="announcements",
                                to="notifications.outgoingemail",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "announcement",
                        "verbose_name_plural": "announcements",
                        "db_table": "notifications_announcement",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("client", "category", "item_id"), name="notif_announce_once"
                            )
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
