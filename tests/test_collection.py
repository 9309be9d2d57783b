"""Every app's tests run, and every app ships, without anyone keeping a list of apps.

The suite is what `make test` and CI run: pytest with no argument at the repository's root.
A project app is a folder of the repository with an ``apps.py``; each of its test files
must be among those that this very command collects, and each app (but the demo) must be
importable wherever the project is installed, not only from the repository's root (as
gunicorn started with ``--chdir`` imports it).
"""

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOT_SHIPPED = {"demo"}  # demo data and the Stripe stand-in: development and tests only


def project_apps():
    return sorted(path.parent.name for path in ROOT.glob("*/apps.py"))


def test_the_repository_has_the_apps_it_should():
    assert {"clients", "dossiers", "notifications", "payments", "security"} <= set(project_apps())


def test_every_apps_tests_are_collected_by_the_suite():
    on_disk = {
        path.relative_to(ROOT).as_posix()
        for app in [*project_apps(), "tests"]
        for path in (ROOT / app).rglob("test_*.py")
        if "node_modules" not in path.parts
    }
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    ).stdout
    collected_files = {line.split("::", 1)[0] for line in collected.splitlines() if "::" in line}
    missing = sorted(on_disk - collected_files)
    assert not missing, f"test files that `make test` does not collect: {missing}"
    assert "security/tests/test_two_factor.py" in collected_files


@pytest.mark.parametrize("app", [app for app in project_apps() if app not in NOT_SHIPPED])
def test_every_app_is_importable_outside_the_repository(app, tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", f"import {app}, config.settings"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_the_demo_does_not_ship(tmp_path):
    result = subprocess.run(
        [sys.executable, "-c", "import demo"], cwd=tmp_path, capture_output=True, check=False
    )
    assert result.returncode != 0
