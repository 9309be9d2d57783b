"""Headers on every portal response: CSP without inline code, nosniff, referrer, no-store;
the back office's own CSP."""

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


ADMIN_CSP = [
    "default-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
    "form-action 'self'",
    "script-src-attr 'none'",
    "connect-src 'self'",
    "frame-src 'self'",
]


def directives(response):
    policy = response.get("Content-Security-Policy", "")
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_the_back_office_has_its_own_content_security_policy(client, lawyer):
    """It shows text written by clients: no other origin, no eval, no inline event handler."""
    dossier = shared_dossier(items={"documents": 1})
    urls = [
        reverse("wagtailadmin_login"),  # anonymous
        "/admin/",
        reverse("wagtailsnippets_dossiers_dossier:list"),
        reverse("wagtailsnippets_dossiers_dossier:edit", args=[dossier.pk]),
        reverse("dossiers_message_modeladmin_index"),
        reverse("dossiers_deposit_modeladmin_index"),
    ]
    for url in urls:
        if url == "/admin/":
            client.force_login(lawyer)
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response.get("Content-Security-Policy", "")
        assert all(part in policy for part in ADMIN_CSP), (url, policy)
        assert "unsafe-eval" not in policy and "http" not in policy and "*" not in policy
        assert response["X-Frame-Options"] == "DENY"
    # The portal's stricter policy is not the back office's, nor the other way round.
    portal = directives(client.get(reverse("clients:login")))
    assert portal["script-src"] == ["'self'"] and portal["style-src"] == ["'self'"]
    assert portal["base-uri"] == ["'none'"]


def test_wagtails_preview_may_be_framed_by_the_back_office_only(client):
    """Wagtail marks its preview X-Frame-Options: SAMEORIGIN; the policy says the same. The
    page previewed keeps the portal's policy (no inline script or style)."""
    from django.contrib.auth import get_user_model
    from django.core.management import call_command

    from portal_pages.models import HelpPage

    call_command("load_demo")
    client.force_login(get_user_model().objects.get(email="admin@aaps-avocats.com"))
    page = HelpPage.objects.first()
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    form = {"title": "Ma première connexion", "slug": page.slug, "body-count": "0"}
    assert client.post(preview, form).json()["is_valid"]
    response = client.get(preview)
    assert response.status_code == 200 and b"Ma premi" in response.content
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    policy = directives(response)
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert response["Content-Security-Policy"].count("frame-ancestors") == 1
