"""Everything people read is French: the catalogue is complete and compiled."""

import shutil
import subprocess
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale" / "fr" / "LC_MESSAGES"

pytestmark = pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext's msgfmt is missing")


def test_every_message_is_translated():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(LOCALE / "django.po")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr and "fuzzy" not in result.stderr, result.stderr


def test_the_compiled_catalogue_matches_the_sources(tmp_path):
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "-o", str(compiled), str(LOCALE / "django.po")], check=True)
    assert compiled.read_bytes() == (LOCALE / "django.mo").read_bytes(), (
        "locale/fr/LC_MESSAGES/django.mo is stale: run `make messages`."
    )
