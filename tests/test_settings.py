"""Configuration: production passes Django's deployment checks with no warning."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    environment = {**os.environ, **env}
    # Set for the browser tests of this run; a deployment never has it.
    for name in ("DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"):
        environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_check_deploy_without_warnings(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="x" * 20 + "-production-like-secret-key-for-the-check-0123456789",
        ALLOWED_HOSTS="portail.example.fr",
        ANYMAIL_PROVIDER="postmark",
        VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = run_manage(
        "check",
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY="",
        VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.parametrize("module", ["config.settings.dev", "config.settings.production"])
def test_the_portal_is_french_and_in_paris(module, tmp_path):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.LANGUAGE_CODE, settings.TIME_ZONE)",
        DJANGO_SETTINGS_MODULE=module,
        DJANGO_SECRET_KEY="y" * 60,
        ANYMAIL_PROVIDER="postmark",
        VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "fr Europe/Paris"


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"ANYMAIL_PROVIDER": ""}, "ANYMAIL_PROVIDER"),
        ({"STRIPE_SECRET_KEY": "sk_live_x", "STRIPE_WEBHOOK_SECRET": ""}, "STRIPE_WEBHOOK_SECRET"),
        ({"AWS_STORAGE_BUCKET_NAME": "media"}, "AWS_PRIVATE_BUCKET_NAME"),
    ],
)
def test_production_refuses_an_unsafe_configuration(variables, message, tmp_path):
    environment = {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "x" * 60,
        "ANYMAIL_PROVIDER": "postmark",
        "VAR_DIR": str(tmp_path),
        **variables,
    }
    result = run_manage("check", **environment)
    assert result.returncode != 0
    assert message in result.stderr
