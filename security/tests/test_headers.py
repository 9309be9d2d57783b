"""Headers on every portal response: CSP without inline code, nosniff, referrer, no-store."""

import re
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from dossiers.factories import shared_dossier

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"

REQUIRED_CSP = [
    "default-src 'self'",
    "script-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
]


def portal_urls(dossier):
    document = dossier.documents.first()
    return {
        "anonymous": [
            reverse("clients:login"),
            reverse("clients:password_reset"),
            reverse("clients:password_reset_sent"),
            reverse("clients:activate", args=["MQ", "nope"]),
            "/aide/",
            "/page-qui-n-existe-pas/",
        ],
        "client": [
            reverse("dossiers:home"),
            reverse("dossiers:category", args=["documents"]),
            reverse("dossiers:dossier", args=[dossier.pk]),
            reverse("dossiers:dossier_category", args=[dossier.pk, "documents"]),
            reverse("dossiers:document_download", args=[document.pk]),
            reverse("dossiers:contact"),
            reverse("dossiers:dossier_contact", args=[dossier.pk]),
            reverse("clients:account"),
            reverse("clients:password_change"),
            reverse("clients:contact_details"),
            reverse("clients:two_factor_setup"),
            "/aide/",
        ],
    }


def missing_headers(response, authenticated):
    missing = []
    csp = response.get("Content-Security-Policy", "")
    missing += [f"CSP {part}" for part in REQUIRED_CSP if part not in csp]
    if "unsafe-inline" in csp or "unsafe-eval" in csp:
        missing.append("CSP without unsafe-inline/eval")
    if response.get("X-Content-Type-Options") != "nosniff":
        missing.append("X-Content-Type-Options")
    if not response.get("Referrer-Policy"):
        missing.append("Referrer-Policy")
    if response.get("X-Frame-Options") != "DENY":
        missing.append("X-Frame-Options")
    if authenticated and "no-store" not in response.get("Cache-Control", ""):
        missing.append("Cache-Control: no-store")
    return missing


def test_every_portal_url_carries_the_security_headers(client, client_a, record_property):
    dossier = shared_dossier(client_a, items={"documents": 1})
    urls = portal_urls(dossier)
    missing = {}
    for url in urls["anonymous"]:
        missing[url] = missing_headers(client.get(url), authenticated=False)
    client.force_login(client_a)
    for url in urls["client"]:
        missing[f"{url} (logged in)"] = missing_headers(client.get(url), authenticated=True)
    total = sum(len(m) for m in missing.values())
    record_property("missing_headers", total)
    print(f"\n{len(missing)} portal URLs checked, {total} header(s) missing")
    assert total == 0, {url: m for url, m in missing.items() if m}


def test_https_responses_carry_hsts_in_production(client):
    with override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True):
        response = client.get(reverse("clients:login"), secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


def test_no_portal_template_holds_inline_script_or_style():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        if "emails" in path.parts or "admin" in path.parts:
            continue  # emails are not web pages; the admin has its own policy
        text = path.read_text()
        if (
            re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text)
            or re.search(r"\sstyle=", text)
            or "<style" in text
        ):
            offenders.append(str(path.relative_to(TEMPLATES)))
    assert offenders == []
