"""Existing recovery codes (django-otp's static tokens, stored readable) become hashed codes.

django-otp's static plugin is no longer installed, so its tables are read with SQL when
they exist; the readable codes are then deleted from them.
"""

from django.contrib.auth.hashers import make_password
from django.db import migrations

STATIC_DEVICES = "otp_static_staticdevice"
STATIC_TOKENS = "otp_static_statictoken"


def hash_static_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if STATIC_TOKENS not in connection.introspection.table_names():
        return
    RecoveryCodeDevice = apps.get_model("clients", "RecoveryCodeDevice")
    RecoveryCode = apps.get_model("clients", "RecoveryCode")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d.user_id, t.token FROM {STATIC_TOKENS} t "  # noqa: S608 - constant names
            f"JOIN {STATIC_DEVICES} d ON t.device_id = d.id"
        )
        rows = cursor.fetchall()
        codes_by_user = {}
        for user_id, token in rows:
            codes_by_user.setdefault(user_id, []).append(token)
        for user_id, tokens in codes_by_user.items():
            device = RecoveryCodeDevice.objects.create(
                user_id=user_id, name="recovery", confirmed=True
            )
            RecoveryCode.objects.bulk_create(
                [RecoveryCode(device=device, hashed=make_password(t.lower())) for t in tokens]
            )
        cursor.execute(f"DELETE FROM {STATIC_TOKENS}")  # noqa: S608
        cursor.execute(f"DELETE FROM {STATIC_DEVICES}")  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [("clients", "0003_recovery_codes")]

    operations = [migrations.RunPython(hash_static_tokens, migrations.RunPython.noop)]
