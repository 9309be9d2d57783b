"""Production cannot be pointed at demo machinery: the demo world, the Stripe stand-in,
Stripe's test mode. Each check runs manage.py in a process of its own, as a deployment would."""

import sqlite3

import pytest

from .test_settings import run_manage

DEMO_EMAILS = (
    "fabien.delmas@aaps-avocats.com",
    "admin@aaps-avocats.com",
    "academy@secib.fr",
    "marc.dupont@example.fr",
)


def production(tmp_path, **variables):
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": "p" * 20 + "-production-like-secret-key-for-the-guards-0123456789",
        "ALLOWED_HOSTS": "portail.example.fr",
        "ANYMAIL_PROVIDER": "postmark",
        "VAR_DIR": str(tmp_path),
        # Whatever the machine running the tests has, the deployment under test has none.
        "STRIPE_SECRET_KEY": "",
        "STRIPE_WEBHOOK_SECRET": "",
        "STRIPE_API_BASE": "",
        "STRIPE_TEST_MODE": "",
        **variables,
    }


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"STRIPE_SECRET_KEY": "sk_test_x", "STRIPE_WEBHOOK_SECRET": "whsec_x"}, "test-mode key"),
        ({"STRIPE_SECRET_KEY": "rk_test_x", "STRIPE_WEBHOOK_SECRET": "whsec_x"}, "test-mode key"),
        ({"STRIPE_API_BASE": "http://127.0.0.1:12111"}, "STRIPE_API_BASE"),
        (
            {
                "STRIPE_SECRET_KEY": "sk_live_x",
                "STRIPE_WEBHOOK_SECRET": "whsec_x",
                "STRIPE_API_BASE": "http://127.0.0.1:12111",
            },
            "STRIPE_API_BASE",
        ),
        (
            {
                "STRIPE_TEST_MODE": "1",
                "STRIPE_SECRET_KEY": "sk_live_x",
                "STRIPE_WEBHOOK_SECRET": "whsec_x",
            },
            "live STRIPE_SECRET_KEY",
        ),
    ],
)
def test_production_refuses_stripe_test_machinery(variables, message, tmp_path):
    result = run_manage("check", **production(tmp_path, **variables))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


@pytest.mark.parametrize(
    "variables",
    [
        {"STRIPE_SECRET_KEY": "sk_live_x", "STRIPE_WEBHOOK_SECRET": "whsec_x"},
        {"STRIPE_SECRET_KEY": "rk_live_x", "STRIPE_WEBHOOK_SECRET": "whsec_x"},
        # A test deployment that says so may use Stripe's test mode, or the stand-in.
        {
            "STRIPE_TEST_MODE": "1",
            "STRIPE_SECRET_KEY": "sk_test_x",
            "STRIPE_WEBHOOK_SECRET": "whsec_x",
            "STRIPE_API_BASE": "http://127.0.0.1:12111",
        },
    ],
)
def test_production_accepts_live_keys_or_a_declared_test_mode(variables, tmp_path):
    result = run_manage("check", **production(tmp_path, **variables))
    assert result.returncode == 0, result.stderr


def test_production_installs_no_demo_machinery(tmp_path):
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; "
        "print('demo' in settings.INSTALLED_APPS, settings.DEMO_DATA_ALLOWED)",
        **production(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False False"


@pytest.mark.parametrize("command", ["stripe_standin", "load_demo"])
def test_production_has_no_demo_commands(command, tmp_path):
    result = run_manage(command, "--help", **production(tmp_path))
    assert result.returncode != 0
    assert f"Unknown command: '{command}'" in result.stderr


def test_load_demo_creates_nothing_under_production(tmp_path):
    migrate = run_manage("migrate", "--noinput", **production(tmp_path))
    assert migrate.returncode == 0, migrate.stderr

    result = run_manage("load_demo", **production(tmp_path))

    assert result.returncode != 0
    assert "Unknown command: 'load_demo'" in result.stderr
    with sqlite3.connect(tmp_path / "db.sqlite3") as database:
        users = database.execute("SELECT email, is_superuser FROM clients_user").fetchall()
    assert users == []
    assert not set(DEMO_EMAILS) & {email for email, _ in users}


def test_development_keeps_the_demo_commands(tmp_path):
    """`make run` loads the demo and starts the stand-in with the development settings."""
    result = run_manage(
        "help", "--commands", DJANGO_SETTINGS_MODULE="config.settings.dev", VAR_DIR=str(tmp_path)
    )
    assert result.returncode == 0, result.stderr
    commands = result.stdout.split()
    assert "load_demo" in commands
    assert "stripe_standin" in commands
